using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// A predicted sweep on the cpu backend runs in small chunks: cancellation, checkpoints and progress wait for the
/// chunk in hand, which at the L0 chunk size would be half a minute of L2 work.
/// </summary>
public class PredictedChunkTests
{
    [Fact]
    public void A_cancelled_predicted_sweep_stops_within_one_small_chunk()
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb"];
        var parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 512, Cluster = TestData.Cluster("dgx-h100-ndr400"), Space = LayoutSpace.Open,
        };
        var problem = new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16], [0.4], null,
            AxisParser.Parse("1e9..1e12:log:3000", "--params").Values, [20], true, AxisParser.Parse("8..1024:pow2", "--gpus").Values,
            TestData.Standard, TestData.Constrained(ObjectiveKind.Cost), parallel);
        Assert.True(problem.Total > 2 * CpuBackend.PredictedChunkSize, "the grid must span several chunks");
        using var cancel = new CancellationTokenSource();
        long first = -1;
        var progress = new Progress(done =>
        {
            if (first < 0)
                first = done;
            cancel.Cancel();
        });
        using var cpu = new CpuBackend();
        PartialSweep part = cpu.RunRange(problem, new SweepOptions(3, Pareto: false), new IndexRange(0, problem.Total), progress: progress, cancel: cancel.Token);
        Assert.Equal(CpuBackend.PredictedChunkSize, first);
        Assert.Equal(CpuBackend.PredictedChunkSize, part.Done);
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
