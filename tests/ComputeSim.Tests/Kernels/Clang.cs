using System.Diagnostics;

namespace ComputeSim.Tests.Kernels;

/// <summary>clang as an OpenCL C syntax checker (CI installs Debian's <c>clang</c>); absent, the checks are skipped.</summary>
public static class Clang
{
    /// <summary>
    /// OpenCL C 2.0 (ILGPU's minimum) for a 64-bit SPIR target, which declares the OpenCL built-ins and the
    /// extensions ILGPU enables (fp64, 64-bit atomics).
    /// </summary>
    public static readonly string[] SyntaxCheckArguments = ["-fsyntax-only", "-cl-std=CL2.0", "-target", "spir64", "-x", "cl"];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>The clang on the PATH (plain or versioned), or null.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Why a check that needs clang is skipped.</summary>
    public const string Missing = "clang is not installed (CI installs it: apt-get install clang)";

    /// <summary>Runs the syntax check on <paramref name="source"/>; the diagnostics, or null if it passed.</summary>
    public static string? SyntaxErrors(string source, string name)
    {
        string file = Path.Combine(Path.GetTempPath(), $"computesim-{name}-{Guid.NewGuid():N}.cl");
        File.WriteAllText(file, source);
        try
        {
            var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(Missing))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (string a in SyntaxCheckArguments)
                start.ArgumentList.Add(a);
            start.ArgumentList.Add(file);
            using Process clang = Process.Start(start)!;
            Task<string> err = clang.StandardError.ReadToEndAsync();
            Task<string> output = clang.StandardOutput.ReadToEndAsync();
            if (!clang.WaitForExit(Timeout))
            {
                clang.Kill();
                return $"clang did not finish in {Timeout.TotalSeconds} s";
            }
            return clang.ExitCode == 0 ? null : $"clang exited {clang.ExitCode}: {output.Result}{err.Result}";
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? Find()
    {
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] names = ["clang", .. Enumerable.Range(14, 10).Reverse().Select(v => $"clang-{v}")];
        return names.SelectMany(n => dirs.Select(d => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }
}
