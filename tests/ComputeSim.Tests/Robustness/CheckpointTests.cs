using ComputeSim.Engine;
using ComputeSim.Model;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>A sweep interrupted (Ctrl-C) or killed any number of times, then resumed from what it saved, equals an uninterrupted run.</summary>
public class CheckpointTests(ITestOutputHelper output)
{
    /// <summary>Sets a cancellation once a run reaches a given index, as Ctrl-C would part-way.</summary>
    private sealed class CancelAt(CancellationTokenSource cancel, long at) : IProgress<long>
    {
        public void Report(long value)
        {
            if (value >= at)
                cancel.Cancel();
        }
    }

    [Fact]
    public void Interrupted_or_killed_and_resumed_any_number_of_times_equals_an_uninterrupted_run()
    {
        var gen = Gen.Select(Gen.Int[2, 25], Gen.Int[50, 3000], Gen.OneOf(0, 1, 7, 100), Gen.Bool, Gen.Enum<ObjectiveKind>(),
            Gen.Select(Gen.Double[0, 1], Gen.Bool).Array[1, 4], Gen.Bool);
        long stops = 0;
        Fuzz.Run(gen, t =>
        {
            var (paramsCount, chunk, topK, pareto, objective, stopsAt, everyChunk) = t;
            SweepProblem problem = TestData.MixedGrid(TestData.Constrained(objective), paramsCount);
            var options = new SweepOptions(topK, pareto);
            byte[]? saved = null;
            foreach (var (fraction, killed) in stopsAt.OrderBy(s => s.Item1))
            {
                var saves = new List<byte[]>();
                using var cancel = new CancellationTokenSource();
                PartialSweep done = Driver(problem, options, chunk, everyChunk, saves, cancel.Token, new CancelAt(cancel, (long)(fraction * problem.Total)))
                    .Run(problem, options, Load(saved, problem, options));
                Interlocked.Increment(ref stops);
                // Ctrl-C keeps the save made on the way out; a kill loses it and leaves the one before (or none).
                saved = killed ? (saves.Count >= 2 ? saves[^2] : saved) : saves[^1];
                Assert.True(done.Done > 0 || problem.Total == 0);
            }
            PartialSweep final = Driver(problem, options, chunk, everyChunk, [], default, null).Run(problem, options, Load(saved, problem, options));
            Assert.True(final.Covers(problem.Total));
            Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), final.Accumulator.ToResult());
        }, 60, output, "interrupt/kill/resume sequences");
        output.WriteLine($"  interruptions: {stops}");
    }

    private static SweepDriver Driver(
        SweepProblem problem, SweepOptions options, int chunk, bool everyChunk, List<byte[]> saves, CancellationToken cancel, IProgress<long>? progress) => new()
        {
            Backend = new CpuBackend(chunk, rowChunkSize: chunk),
            Save = p => saves.Add(Sweeps.Serialize(p, problem, options)),
            SaveEvery = everyChunk ? TimeSpan.Zero : TimeSpan.FromHours(1),
            Cancel = cancel,
            Progress = progress,
        };

    private static PartialSweep? Load(byte[]? saved, SweepProblem problem, SweepOptions options) =>
        saved is null ? null : PartialSweepFormat.Read(saved, "checkpoint", problem, options).Partial;

    [Fact]
    public void A_cancelled_run_stops_at_a_chunk_boundary_with_its_progress()
    {
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), 10);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var backend = new CpuBackend(chunkSize: 1000, rowChunkSize: 1000);
        PartialSweep part = backend.RunRange(problem, new SweepOptions(5, true), new IndexRange(0, problem.Total), cancel: cancel.Token);
        Assert.Equal([new IndexRange(0, 1000)], part.Ranges);
        Assert.Throws<OperationCanceledException>(() => backend.Run(problem, new SweepOptions(5, true), cancel: cancel.Token));
        Assert.Throws<OperationCanceledException>(() => ReferenceSweep.Run(problem, new SweepOptions(5, true), cancel: cancel.Token));
    }
}
