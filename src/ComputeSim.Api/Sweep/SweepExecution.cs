using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>How a sweep ended.</summary>
/// <param name="Result">The result, or null if the sweep was interrupted.</param>
/// <param name="Backend">What ran it (the fallback, after a device fault).</param>
/// <param name="Verify">What <c>--verify</c> found, or null.</param>
/// <param name="Done">Points covered when it ended (all of them unless interrupted).</param>
/// <param name="Total">Points in the grid.</param>
/// <param name="Checkpoint">The checkpoint folder as given, or null.</param>
public sealed record SweepOutcome(SweepResult? Result, string Backend, VerifyReport? Verify, long Done, long Total, string? Checkpoint)
{
    /// <summary>Points taken from the checkpoint rather than computed in this run.</summary>
    public long Resumed { get; init; }

    /// <summary>Points in the checkpoint on disk when the sweep ended (less than <see cref="Done"/> if a save failed).</summary>
    public long Saved { get; init; }

    /// <summary>The reductions of every point covered (what a shard writes), or null if interrupted.</summary>
    public PartialSweep? Partial { get; init; }
}

/// <summary>
/// Runs a validated sweep: opens the backend (with <c>auto</c>'s fallback to <c>cpu</c>), the
/// checkpoint folder and the points file, drives the sweep, and verifies it when asked.
/// </summary>
public static class SweepExecution
{
    /// <summary>Exit code after Ctrl-C or SIGTERM (128 + SIGINT, the shell's convention).</summary>
    public const int InterruptedExitCode = 130;
    /// <summary>Exit code when <c>--verify</c> finds a difference over its tolerance (as <c>reproduce</c> does).</summary>
    public const int VerifyFailedExitCode = 3;

    /// <summary>What a checkpoint said when it was loaded: the run merges into it, and <c>--verify</c> re-derives it.</summary>
    private sealed record Claimed(IReadOnlyList<IndexRange> Ranges, AccumulatorState State);

    /// <summary>Runs the sweep, or with <see cref="SweepRunSettings.Shard"/> one shard's slice of it.</summary>
    public static SweepOutcome Run(SweepProblem problem, SweepOptions options, SweepRunSettings s, SweepHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(hooks);
        Action<string> Warn = hooks.Warn;
        IProgress<long>? progress = hooks.Progress;
        using SweepBackend backend = hooks.OpenBackend(s.Backend, Warn);
        if (backend is not ChunkedBackend chunked)
        {
            return s.Shard is null ? RunWhole(hooks, backend, problem, options, s, progress)
                : throw new InputException("shard", $"the {backend.Name} backend cannot run a slice; use cpu, ilgpu-cpu, cuda or opencl");
        }
        IndexRange range = s.Shard?.Range ?? new IndexRange(0, problem.Total);
        ShardSlice slice = s.Shard?.Slice ?? ShardSlice.Whole;

        CheckpointStore? store = s.CheckpointDir is null ? null : CheckpointStore.Open(s.CheckpointDir, s.Resume);
        PartialSweep? resumed = store?.Load(problem, options, slice);
        Claimed? claimed = resumed is null || !s.Verify ? null : new([.. resumed.Ranges], resumed.Accumulator.Snapshot());
        if (resumed is not null)
            Warn($"resuming from {store!.Shown}: {resumed.Done:N0} of {range.Length:N0} points were done");
        ChunkedBackend? fallback = null;
        try
        {
            using IPointFile? sink = s.OpenOutput?.Invoke(problem, s.Planning);
            bool auto = s.Backend == BackendKind.Auto;
            var driver = new SweepDriver
            {
                Backend = chunked,
                Fallback = auto && chunked is not CpuBackend ? () => fallback = new CpuBackend() : null,
                Warn = Warn,
                Range = range,
                Save = store is null ? null : p => store.Save(p, slice, problem, options, Warn),
                SaveEvery = s.CheckpointEvery,
                Sink = sink,
                Progress = progress,
                Cancel = hooks.Cancel,
            };
            PartialSweep done = WithOutput(s, () => driver.Run(problem, options, resumed));
            if (done.Missing(range).Any())
                return new SweepOutcome(null, chunked.Description, null, done.Done, range.Length, store?.Shown) { Saved = store?.Saved ?? 0 };
            WithOutput(s, () => sink?.Commit());
            SweepResult result = done.Accumulator.ToResult();
            VerifyReport? verify = s.Verify ? Verification.Run(driver.Finisher ?? chunked, problem, result, s.VerifyTolerance) : null;
            if (verify is not null && claimed is not null)
                verify = verify with { Reductions = ReductionCheck.Run(problem, options, claimed.Ranges, claimed.State) };
            return new SweepOutcome(result, (driver.Finisher ?? chunked).Description, verify, done.Done, range.Length, store?.Shown)
            {
                Resumed = resumed?.Done ?? 0,
                Saved = store?.Saved ?? 0,
                Partial = done,
            };
        }
        finally
        {
            fallback?.Dispose();
        }
    }

    // The reference path keeps every point in memory and runs in one piece: it can be cancelled, not checkpointed.
    private static SweepOutcome RunWhole(SweepHooks hooks, SweepBackend backend, SweepProblem problem, SweepOptions options, SweepRunSettings s, IProgress<long>? progress)
    {
        if (s.CheckpointDir is not null)
            throw new InputException("checkpoint", $"the {backend.Name} backend runs in one piece and cannot checkpoint; use the cpu backend");
        using IPointFile? sink = s.OpenOutput?.Invoke(problem, s.Planning);
        SweepResult result;
        try
        {
            result = WithOutput(s, () => backend.Run(problem, options, sink, progress, hooks.Cancel));
        }
        catch (OperationCanceledException)
        {
            return new SweepOutcome(null, backend.Description, null, 0, problem.Total, null);
        }
        WithOutput(s, () => sink?.Commit());
        VerifyReport? verify = s.Verify ? Verification.Run(backend, problem, result, s.VerifyTolerance) : null;
        return new SweepOutcome(result, backend.Description, verify, problem.Total, problem.Total, null);
    }

    // A full disk or a vanished folder while the points file is written is an error naming --out, not a crash.
    private static T WithOutput<T>(SweepRunSettings s, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (IOException e) when (s.OpenOutput is not null)
        {
            throw new InputException("out", $"writing '{s.OutputName}' failed ({e.Message}); nothing was written");
        }
    }

    private static void WithOutput(SweepRunSettings s, Action run) => WithOutput(s, () =>
    {
        run();
        return true;
    });
}

/// <summary>A file that receives every point of a sweep, and becomes visible only when committed.</summary>
public interface IPointFile : IPointSink, IDisposable
{
    /// <summary>Makes the file visible under its name (until then nothing is written there).</summary>
    void Commit();
}

/// <summary>What a sweep reports to, and how it is stopped.</summary>
/// <param name="Warn">Receives one-line warnings (a device that failed, a checkpoint not saved).</param>
/// <param name="Progress">Receives the points done, or null.</param>
/// <param name="Cancel">Stops the sweep at the next chunk boundary.</param>
public sealed record SweepHooks(Action<string> Warn, IProgress<long>? Progress = null, CancellationToken Cancel = default)
{
    /// <summary>Opens a backend, with a sink for warnings (replaceable in tests, e.g. by a failing device).</summary>
    public Func<BackendKind, Action<string>, SweepBackend> OpenBackend { get; init; } = SweepBackend.Open;
}
