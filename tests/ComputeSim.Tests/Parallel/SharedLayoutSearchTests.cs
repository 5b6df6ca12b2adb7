using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Engine;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// The cpu backend shares one layout search among L2 points that differ only in tokens, utilisation or price: its
/// points must equal the reference path's field for field, and the searches must really be shared.
/// </summary>
public class SharedLayoutSearchTests
{
    // Three accelerators (h100-pcie-80gb has no GEMM efficiency), two precisions (fp8 missing on the A100), model sizes
    // 1B..300B, three token counts, two utilisations and two prices, 8..2048 GPUs and 96.
    private static SweepProblem Grid(Selection selection)
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb", "h100-pcie-80gb"];
        var parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 4096, Vocab = 51200, GlobalBatch = 512,
            Cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore), Space = LayoutSpace.Open,
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8], [0.3, 0.5], [2.0, 3.5],
            AxisParser.Parse("1e9..3e11:log:5", "--params").Values, [5, 20, 80], true,
            AxisParser.Parse("8..2048:pow2", "--gpus").Values.Append(96).ToArray(), TestData.Standard, selection, parallel);
    }

    [Fact]
    public void Cpu_points_and_reductions_equal_reference_with_tokens_utilisation_and_price_axes()
    {
        SweepProblem problem = Grid(TestData.Constrained(ObjectiveKind.Cost));
        var options = new SweepOptions(7, Pareto: true);
        var expectedPoints = new CollectingSink(problem.Total);
        SweepResult expected = ReferenceSweep.Run(problem, options, expectedPoints);
        var actualPoints = new CollectingSink(problem.Total);
        // Small chunks: shared searches must not leak across chunk or block edges.
        using var cpu = new CpuBackend(chunkSize: 333);
        SweepResult actual = cpu.Run(problem, options, actualPoints);
        for (long i = 0; i < problem.Total; i++)
            Assert.Equal(expectedPoints.Points[i], actualPoints.Points[i]);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => p.Index), actual.Top.Select(p => p.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
        Assert.Contains(expectedPoints.Points, p => p.Layout.Tp > 0);
    }

    [Fact]
    public void One_search_serves_every_token_count()
    {
        SweepProblem problem = Grid(TestData.Constrained(ObjectiveKind.Time));
        var shared = new SharedLayoutSearch(problem.Spec);
        for (long i = 0; i < problem.Total; i++)
            Assert.Equal(problem.Spec.Evaluate(i, problem.Data), shared.Evaluate(i, problem.Data));
        // In index order, utilisation and price change only after every model size, so only tokens share a search.
        Assert.Equal(problem.Total / problem.Spec.Shape.Tokens, shared.Searches);
    }

    [Fact]
    public void Exhaustive_mode_searches_every_point_and_prices_it_the_same()
    {
        SweepProblem problem = Grid(TestData.Constrained(ObjectiveKind.Energy));
        var every = new SharedLayoutSearch(problem.Spec, exhaustive: true);
        for (long i = 0; i < problem.Total; i += 7)
            Assert.Equal(problem.Spec.Evaluate(i, problem.Data), every.Evaluate(i, problem.Data));
        Assert.Equal((problem.Total + 6) / 7, every.Searches);
    }
}
