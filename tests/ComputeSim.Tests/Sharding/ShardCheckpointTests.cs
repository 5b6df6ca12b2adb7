using System.Diagnostics;
using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;
using ComputeSim.Tests.Robustness;

namespace ComputeSim.Tests.Sharding;

/// <summary>Shards that checkpoint, checkpoints that cannot be saved, partial results that cannot be written, and merge --verify.</summary>
public sealed class ShardCheckpointTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-shard-checkpoints-");

    public void Dispose() => _temp.Dispose();

    // 60 x 5,000 x 2 = 600,000 points: each half a little over one chunk of the cpu backend, so a Ctrl-C stops it part-way.
    private static readonly string[] Grid =
    [
        "--params", "1e9..1e12:log:60", "--tokens", "20x", "--gpus", "1..10000:lin:5000", "--hardware", "h100-sxm5-80gb,mi300x",
        "--max-days", "30", "--pareto", "--top", "20",
    ];

    private static CliRun Run(string[] args, CancellationToken cancel = default) => CliRun.With(ctx => ctx with { Cancel = cancel }, args);

    private static string[] Sweep(params string[] extra) => ["sweep", .. Grid, "--backend", "cpu", .. extra];

    private static string[] Merge(params string[] extra) => ["merge", .. Grid, .. extra];

    [Fact]
    public void A_shard_interrupted_and_resumed_from_its_checkpoint_merges_to_the_single_process_answer()
    {
        string single = Sweeps.Answer(Run([.. Sweep("--format", "json")]).Out);
        string ck = _temp["ck-1"], part0 = _temp["part-0.json"], part1 = _temp["part-1.json"];
        Assert.Equal(0, Run(Sweep("--shard", "0/2", "--partial-out", part0)).ExitCode);
        string[] shard1 = Sweep("--shard", "1/2", "--partial-out", part1, "--checkpoint", ck);
        using (var interrupted = new CancellationTokenSource())
        {
            interrupted.Cancel();
            CliRun stopped = Run(shard1, interrupted.Token);
            Assert.Equal(SweepExecution.InterruptedExitCode, stopped.ExitCode);
            Assert.Contains("of 300,000 points; progress is saved in", stopped.Err);
        }
        Assert.False(File.Exists(part1));
        string unfinished = Path.Combine(ck, CheckpointStore.FileName);
        Run(Merge(part0, unfinished)).AssertBadInput("shard 1/2 is unfinished");
        // Each shard has its own checkpoint: another shard (or an unsharded run) cannot resume it.
        Run(Sweep("--shard", "0/2", "--partial-out", part0, "--checkpoint", ck, "--resume")).AssertBadInput("a checkpoint of shard 1/2, but this run is shard 0/2");
        Run(Sweep("--checkpoint", ck, "--resume")).AssertBadInput("this run is not sharded");

        CliRun resumed = Run([.. shard1, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("shard 1/2: points [300,000, 600,000)", resumed.Out);
        Assert.Equal(single, Sweeps.Answer(Run(Merge(part0, part1, "--format", "json")).Out));
        // A finished shard's checkpoint is that shard's whole result: it merges in place of the partial file.
        Assert.Equal(single, Sweeps.Answer(Run(Merge(part0, unfinished, "--format", "json")).Out));
    }

    [Fact]
    public void Merge_verify_recomputes_the_kept_points_and_rederives_the_reductions()
    {
        string part0 = _temp["v-0.json"], part1 = _temp["v-1.json"];
        Assert.Equal(0, Run(Sweep("--shard", "0/2", "--partial-out", part0)).ExitCode);
        Assert.Equal(0, Run(Sweep("--shard", "1/2", "--partial-out", part1)).ExitCode);
        CliRun merged = Run(Merge(part0, part1, "--verify", "--wide"));
        Assert.True(merged.ExitCode == 0, merged.Err);
        Assert.Contains("the saved reductions re-derived from 600,000 points (exact): ok", merged.Out);
    }

    [Theory]
    [InlineData("folder", "is a folder")]
    [InlineData("missing/part.json", "does not exist")]
    [InlineData("trailing/", "is a folder")]
    public void A_partial_out_that_cannot_be_written_is_refused_before_any_work(string target, string why)
    {
        Directory.CreateDirectory(_temp["folder"]);
        // A grid of 2.5e11 points: refused in well under a second only if nothing was computed.
        var clock = Stopwatch.StartNew();
        Run(["sweep", "--params", "1e8..1e13:log:50000", "--gpus", "1..1e6:lin:500000", "--hardware", "h100-sxm5-80gb", "--backend", "cpu",
            "--shard", "0/2", "--partial-out", _temp[target]]).AssertBadInput(why);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}");
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_saved_is_a_warning_and_the_sweep_goes_on()
    {
        string expected = Sweeps.Answer(Run(Sweep("--format", "json")).Out);
        string ck = _temp["blocked"];
        Directory.CreateDirectory(ck);
        // A folder where this process's temporary checkpoint file would go: every save fails as on a broken disk.
        string blocker = Path.Combine(ck, $".{CheckpointStore.FileName}.{Environment.ProcessId}.tmp");
        Directory.CreateDirectory(blocker);
        CliRun run = Run(Sweep("--format", "json", "--checkpoint", ck, "--checkpoint-seconds", "0"));
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(expected, Sweeps.Answer(run.Out));
        string warning = Assert.Single(run.Err.TrimEnd().Split('\n'));
        Assert.StartsWith("computesim: warning: --checkpoint: could not save progress in", warning);
        Assert.Contains("tries again at the next checkpoint", warning);
        Assert.False(File.Exists(Path.Combine(ck, CheckpointStore.FileName)));

        // Interrupted while no save works: the message must not claim that progress was saved.
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        CliRun stopped = Run(Sweep("--checkpoint", ck, "--checkpoint-seconds", "0"), interrupted.Token);
        Assert.Equal(SweepExecution.InterruptedExitCode, stopped.ExitCode);
        Assert.Contains("saving failed, so nothing is in", stopped.Err);
        Assert.DoesNotContain("progress is saved", stopped.Err);
    }

    [Fact]
    public void A_save_that_fails_mid_write_removes_its_temporary_file_and_the_next_one_is_written()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/dev/full"))
            return; // the full disk below is Linux's /dev/full
        CheckpointStore store = CheckpointStore.Open(_temp["full"], resume: false);
        // The temporary file this process would write, pointed at a device that is always full: the write fails with ENOSPC.
        string temp = Path.Combine(store.Dir, $".{CheckpointStore.FileName}.{Environment.ProcessId}.tmp");
        File.CreateSymbolicLink(temp, "/dev/full");
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), 2);
        var options = new SweepOptions(3, true);
        PartialSweep part = new CpuBackend().RunRange(problem, options, new IndexRange(0, 100));
        var warnings = new List<string>();
        store.Save(part, ShardSlice.Whole, problem, options, warnings.Add);
        Assert.Contains("could not save progress", Assert.Single(warnings));
        Assert.False(File.Exists(temp) || Directory.Exists(temp), "the failed write left its temporary file");
        Assert.Equal(0, store.Saved);
        store.Save(part, ShardSlice.Whole, problem, options, warnings.Add);
        Assert.Single(warnings);
        Assert.Equal(100, store.Saved);
        Assert.Equal(100, PartialSweepFormat.Read(File.ReadAllBytes(store.FilePath), "ck", problem, options).Partial.Done);
        Assert.Empty(Directory.GetFiles(store.Dir, ".*.tmp"));
    }
}
