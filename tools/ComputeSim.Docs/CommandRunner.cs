using System.Diagnostics;

namespace ComputeSim.Docs;

/// <summary>
/// Runs a docs command line in bash, as a person would in a terminal 120 columns wide: <c>computesim</c> is a
/// function that runs the built CLI, and stdout and stderr go to one stream in the order they were written.
/// </summary>
public sealed class CommandRunner
{
    /// <summary>A command that exits with these has crashed or been killed: its output is no example.</summary>
    private static readonly int[] Broken = [1, 124, 130, 134, 137, 139, 143];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string _function;

    public CommandRunner(string cliDll) =>
        _function = $"computesim() {{ dotnet '{Path.GetFullPath(cliDll)}' \"$@\"; }}; ";

    /// <summary>What <paramref name="command"/> prints when run in <paramref name="dir"/>, with that folder's path taken out.</summary>
    public string Run(string command, string dir, string where)
    {
        var start = new ProcessStartInfo("bash", ["-c", _function + "exec 2>&1; " + command])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = "120";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new DocsException($"{where}: `{command}` ran past {Timeout.TotalMinutes} minutes; mark it <!-- docs: skip (why) -->");
        }
        string text = output.Result.Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        if (Broken.Contains(process.ExitCode))
            throw new DocsException($"{where}: `{command}` exited {process.ExitCode}:\n{text}");
        return text;
    }
}
