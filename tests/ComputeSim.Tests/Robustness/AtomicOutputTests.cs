using ComputeSim.Cli.Output;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// Output files under fire: the built CLI runs as its own process writing a large --out file and is
/// killed (SIGKILL) or interrupted (Ctrl-C) mid-write. The target is then the old file or absent, never
/// a truncated one; the next write of the same file clears temporary files the killed run left.
/// </summary>
public sealed class AtomicOutputTests : IDisposable
{
    private const string OldContent = "index,previous run\r\n0,kept\r\n";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _temp = new("computesim-atomic-");

    public void Dispose() => _temp.Dispose();

    // 2,000 x 1,000 = 2e6 points: ~500 MB of CSV, ten seconds or more of writing; the tests stop it after the first megabyte.
    private static string[] BigSweep(string path) =>
        ["sweep", "--params", "1e9..1e12:log:2000", "--tokens", "20x", "--gpus", "1..1000:lin:1000", "--hardware", "h100-sxm5-80gb",
         "--backend", "cpu", "--quiet", "--out", path];

    private string[] Temps(string name) => Directory.GetFiles(_temp.Dir, $".{name}.*.tmp");

    private ComputesimProcess StartAndWaitForWriting(string path)
    {
        var process = ComputesimProcess.Start(BigSweep(path));
        string name = Path.GetFileName(path);
        bool writing = process.WaitFor(() => Temps(name).Any(t => new FileInfo(t).Length > 1 << 20), Patience);
        Assert.True(writing && !process.HasExited, "the sweep did not start writing, or finished before it could be stopped");
        return process;
    }

    [Fact]
    public void A_killed_write_leaves_the_old_file_or_none_and_the_next_write_clears_its_temp()
    {
        string existing = _temp["points.csv"];
        File.WriteAllText(existing, OldContent);
        using (ComputesimProcess killed = StartAndWaitForWriting(existing))
        {
            killed.Kill();
            killed.Wait(Patience);
        }
        Assert.Equal(OldContent, File.ReadAllText(existing));
        Assert.Single(Temps("points.csv"));

        string fresh = _temp["fresh.csv"];
        using (ComputesimProcess killed = StartAndWaitForWriting(fresh))
        {
            killed.Kill();
            killed.Wait(Patience);
        }
        Assert.False(File.Exists(fresh));

        // The next complete write replaces the old file and removes the dead run's temporary file.
        CliRun small = CliRun.Of("sweep", "--params", "7B", "--tokens", "20x", "--gpus", "8,16", "--hardware", "h100-sxm5-80gb", "--backend", "cpu", "--out", existing);
        Assert.True(small.ExitCode == 0, small.Err);
        Assert.Equal(3, File.ReadLines(existing).Count());
        Assert.Empty(Temps("points.csv"));
        Assert.Single(Temps("fresh.csv"));
    }

    [Fact]
    public void Ctrl_c_during_a_write_exits_130_keeps_the_old_file_and_leaves_no_temp()
    {
        string existing = _temp["points.csv"];
        File.WriteAllText(existing, OldContent);
        using ComputesimProcess run = StartAndWaitForWriting(existing);
        string signal = run.Interrupt();
        var (code, _, err) = run.Wait(Patience);
        Assert.True(code == 130, $"{signal}: exit {code}; {err}");
        Assert.Contains("interrupted; nothing was written", err);
        Assert.Equal(OldContent, File.ReadAllText(existing));
        Assert.Empty(Temps("points.csv"));
    }

    [Fact]
    public void Only_temps_of_dead_processes_for_the_same_file_are_removed()
    {
        string mine = _temp[$".a.csv.{Environment.ProcessId}.tmp"];
        string other = _temp[".b.csv.1.tmp"];
        string odd = _temp[".a.csv.notapid.tmp"];
        string dead = _temp[".a.csv.99999999.tmp"]; // above any pid_max: no such process
        foreach (string f in new[] { mine, other, odd, dead })
            File.WriteAllText(f, "x");
        AtomicFile.RemoveStaleTemps(_temp.Dir, "a.csv");
        Assert.True(File.Exists(mine) && File.Exists(other) && File.Exists(odd));
        Assert.False(File.Exists(dead));
    }
}
