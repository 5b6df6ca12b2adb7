using System.Diagnostics;

namespace ComputeSim.Tests.Cli;

/// <summary>
/// Every file a command writes is checked before any work: a folder, a FIFO, a read-only file or a missing
/// folder is one line naming the flag, exit 2, and nothing (not even a temporary file) is left behind.
/// </summary>
public sealed class OutputTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Large enough that running it before the check would be noticed (about 1e10 points).
    private static readonly string[] BigSweep = ["sweep", "--params", "1e9..1e12:log:1000", "--gpus", "1..100000:lin:10000", "--hardware", "h100-sxm5-80gb"];

    public static TheoryData<string, string[]> Writers => new()
    {
        { "--plot", [.. BigSweep, "--plot"] },
        { "--out", ["sweep", "--params", "7e9", "--gpus", "8", "--hardware", "h100-sxm5-80gb", "--out"] },
        { "--out", ["compare", "--model", "gpt3-13b", "--gpus", "64", "--utilization", "0.4", "--out"] },
        { "--plot", ["compare", "--model", "gpt3-13b", "--gpus", "64", "--utilization", "0.4", "--plot"] },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public void A_folder_is_refused_before_any_work(string flag, string[] args)
    {
        string target = Path.Combine(_dir, flag == "--plot" ? "plot.png" : "rows.csv");
        Directory.CreateDirectory(target);
        var watch = Stopwatch.StartNew();
        CliRun run = CliRun.Of([.. args, target]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"computesim: error: {flag}:", run.Err, StringComparison.Ordinal);
        Assert.Contains("is a folder", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_file_is_never_replaced(string flag, string[] args)
    {
        string target = Path.Combine(_dir, flag == "--plot" ? "plot.png" : "rows.csv");
        File.WriteAllText(target, "keep me");
        File.SetUnixFileMode(target, UnixFileMode.UserRead);
        CliRun run = CliRun.Of([.. args, target]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("read-only", run.Err, StringComparison.Ordinal);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [SkippableTheory]
    [MemberData(nameof(Writers))]
    public void A_folder_where_no_file_can_be_created_is_refused_before_any_work(string flag, string[] args)
    {
        // Found by a hostile run: --plot into a folder that refused files failed only after the whole sweep. /proc refuses a new
        // file even to root, so the check is tested whoever runs it.
        Skip.IfNot(OperatingSystem.IsLinux() && Directory.Exists("/proc"));
        var watch = Stopwatch.StartNew();
        CliRun run = CliRun.Of([.. args, flag == "--plot" ? "/proc/plot.png" : "/proc/rows.csv"]);
        run.AssertBadInput($"{flag}: no file can be created in folder '/proc'");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_fifo_is_refused_without_opening_it()
    {
        string fifo = Path.Combine(_dir, "rows.csv");
        using (var mk = Process.Start("mkfifo", fifo))
            mk.WaitForExit();
        CliRun run = CliRun.Of("sweep", "--params", "7e9", "--gpus", "8", "--hardware", "h100-sxm5-80gb", "--out", fifo);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a regular file", run.Err, StringComparison.Ordinal);
    }
}
