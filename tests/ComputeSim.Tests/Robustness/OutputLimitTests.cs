using ComputeSim.Cli.Output;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary>A sweep whose file would be too large (for the limit or for the disk) is refused before anything is written.</summary>
public sealed class OutputLimitTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-limits-");

    public void Dispose() => _temp.Dispose();

    // 40 x 50 x 50 = 100,000 points: at most 60 MB of CSV (600 B a row), 130 MB of JSON.
    private string[] Sweep(string file) =>
        ["sweep", "--params", "1e9..1e12:log:40", "--tokens", "1e9..1e12:log:50", "--gpus", "1..1000:lin:50", "--hardware", "h100-sxm5-80gb",
         "--backend", "cpu", "--out", _temp[file]];

    [Fact]
    public void Over_the_limit_is_refused_with_a_suggestion_and_nothing_written()
    {
        CliRun run = CliRun.Of([.. Sweep("all.csv"), "--max-output-mb", "59"]);
        run.AssertBadInput("--max-output-mb 59");
        Assert.Contains("--top/--pareto", run.Err);
        Assert.Contains("100,000 points", run.Err);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Dir));
    }

    [Fact]
    public void The_limit_is_configurable_and_json_counts_larger()
    {
        Assert.Equal(0, CliRun.Of([.. Sweep("all.csv"), "--max-output-mb", "61"]).ExitCode);
        Assert.Equal(100_001, File.ReadLines(_temp["all.csv"]).Count());
        CliRun.Of([.. Sweep("all.json"), "--max-output-mb", "61"]).AssertBadInput("--max-output-mb");
    }

    [Fact]
    public void A_file_larger_than_the_free_disk_space_is_refused()
    {
        long free = OutputLimits.FreeBytes(_temp["x.csv"]) ?? throw new InvalidOperationException("free space unknown");
        Assert.True(free > 0);
        // 1e12 points need up to 6e14 bytes (600 TB), under the largest --max-output-mb (1e9 MB) but over any disk here.
        CliRun run = CliRun.Of("sweep", "--params", "1..2:lin:10000", "--tokens", "1..2:lin:10000", "--gpus", "1..10000:lin:10000",
            "--hardware", "h100-sxm5-80gb", "--out", _temp["huge.csv"], "--max-output-mb", "1e9");
        run.AssertBadInput("free on the disk");
        Assert.Contains("--top/--pareto", run.Err);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Dir));
    }
}
