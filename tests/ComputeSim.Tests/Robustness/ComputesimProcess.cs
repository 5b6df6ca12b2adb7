using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ComputeSim.Tests.Robustness;

/// <summary>The built CLI as a separate process (<c>dotnet computesim.dll</c>, copied beside the tests), to be killed or interrupted.</summary>
public sealed class ComputesimProcess : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ComputesimProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>computesim ARGS</c>.</summary>
    public static ComputesimProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>computesim ARGS</c> with extra environment variables.</summary>
    public static ComputesimProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "computesim.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        info.ArgumentList.Add(dll);
        foreach (string a in args)
            info.ArgumentList.Add(a);
        return new ComputesimProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="condition"/> holds; false if the process ended first or time ran out.</summary>
    public bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
                return true;
            if (_process.HasExited)
                return condition();
            Thread.Sleep(5);
        }
        return false;
    }

    /// <summary>Kills the process at once (SIGKILL): no handler, no cleanup runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>
    /// Sends Ctrl-C (SIGINT); where the process inherited an ignored SIGINT (started in the background
    /// by a shell without job control), SIGTERM, which the CLI handles the same way. Returns the signal's name.
    /// </summary>
    public string Interrupt()
    {
        bool intIgnored = IgnoresSigInt(_process.Id);
        Assert.Equal(0, SendSignal(_process.Id, intIgnored ? SigTerm : SigInt));
        return intIgnored ? "SIGTERM" : "SIGINT";
    }

    /// <summary>Waits for the end; returns the exit code and what was printed.</summary>
    public (int ExitCode, string Out, string Err) Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            Assert.Fail($"computesim did not end within {timeout.TotalSeconds} s");
        }
        _process.WaitForExit();
        return (_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    private static bool IgnoresSigInt(int pid)
    {
        string status = $"/proc/{pid}/status";
        if (!File.Exists(status))
            return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
