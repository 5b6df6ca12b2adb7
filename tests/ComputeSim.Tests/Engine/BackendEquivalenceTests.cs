using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine;

/// <summary>Collects every point a backend emits and checks they arrive in index order, once each.</summary>
public sealed class CollectingSink(long total) : IPointSink
{
    private long _next;

    public PointResult[] Points { get; } = new PointResult[total];

    public void Write(long start, ReadOnlySpan<PointResult> results)
    {
        Assert.Equal(_next, start);
        results.CopyTo(Points.AsSpan((int)start));
        _next = start + results.Length;
    }

    public void AssertComplete() => Assert.Equal(Points.LongLength, _next);
}

/// <summary>
/// Every backend against the reference path, element by element and reduction by reduction, on a
/// grid that crosses chunk boundaries and holds unsupported precisions, misfits, ties and constraints.
/// Each backend is a sealed subclass; its tolerance is declared once.
/// </summary>
public abstract class BackendEquivalenceTests
{
    /// <summary>Relative tolerance against the reference: 0 where the same IL runs on the host.</summary>
    protected virtual double RelativeTolerance => 0;

    /// <summary>
    /// The backend under test (shared by the subclass's tests). A GPU backend skips the test where there is no
    /// GPU: each test reads it first, before any work.
    /// </summary>
    protected abstract SweepBackend Backend { get; }

    public static TheoryData<ObjectiveKind, bool, int> Cases => new()
    {
        { ObjectiveKind.Cost, true, 25 },
        { ObjectiveKind.Time, true, 7 },
        { ObjectiveKind.Energy, false, 25 },
        { ObjectiveKind.Cost, false, 100_000 },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_point_and_every_reduction_equals_reference(ObjectiveKind objective, bool constrained, int topK)
    {
        SweepBackend backend = Backend;
        Selection selection = constrained ? TestData.Constrained(objective) : Selection.Unconstrained(objective);
        SweepProblem problem = TestData.MixedGrid(selection);
        var options = new SweepOptions(topK, Pareto: true);

        var expectedPoints = new CollectingSink(problem.Total);
        SweepResult expected = ReferenceSweep.Run(problem, options, expectedPoints);
        var actualPoints = new CollectingSink(problem.Total);
        SweepResult actual = backend.Run(problem, options, actualPoints);

        expectedPoints.AssertComplete();
        actualPoints.AssertComplete();
        for (long i = 0; i < problem.Total; i++)
            AssertSame(expectedPoints.Points[i], actualPoints.Points[i], i);

        Assert.Equal(expected.Evaluated, actual.Evaluated);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.True(expected.Admissible > 0 && expected.Admissible < expected.Evaluated || !constrained);
        Assert.Equal(expected.Top.Select(p => p.Index), actual.Top.Select(p => p.Index));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
        Assert.NotEmpty(expected.Pareto);
    }

    [SkippableFact]
    public void Reductions_without_point_output_equal_reference()
    {
        SweepBackend backend = Backend;
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount: 53, perParamTokens: false);
        var options = new SweepOptions(50, Pareto: true);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }

    public static TheoryData<Axis, Axis, int> BinCases => new()
    {
        { Axis.Params, Axis.Gpus, 300 }, // 300 params values: bins group neighbours
        { Axis.Hardware, Axis.Gpus, 37 },
        { Axis.Gpus, Axis.Precision, 37 },
    };

    [SkippableTheory]
    [MemberData(nameof(BinCases))]
    public void Best_per_cell_equals_reference(Axis rows, Axis columns, int paramsCount)
    {
        SweepBackend backend = Backend;
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount);
        var options = new SweepOptions(0, Pareto: false, new BinSpec(rows, columns));
        BinnedMinimum expected = ReferenceSweep.Run(problem, options).Bins!;
        BinnedMinimum actual = backend.Run(problem, options).Bins!;
        var cells = BinnedMinimumTests.Cells(expected);
        Assert.Equal(cells, BinnedMinimumTests.Cells(actual));
        Assert.Contains(cells, c => c.Index >= 0);
    }

    public static TheoryData<int> ReducedSeeds() => [.. Enumerable.Range(1, 10)];

    [SkippableTheory]
    [MemberData(nameof(ReducedSeeds))]
    public void Random_grids_reduced_without_point_output_equal_reference(int seed)
    {
        SweepBackend backend = Backend;
        var rng = new Random(1000 + seed);
        SweepProblem problem = RandomGrids.Make(rng);
        var options = new SweepOptions(1 + rng.Next(8), Pareto: rng.Next(2) == 0);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }

    [SkippableFact]
    public void Predicted_l2_grid_reduced_without_point_output_equals_reference()
    {
        SweepBackend backend = Backend;
        SweepProblem problem = PredictedGrids.Make(TestData.Constrained(ObjectiveKind.Cost));
        var options = new SweepOptions(3, Pareto: true);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }

    [SkippableFact]
    public void Predicted_moe_long_sequence_grid_equals_reference_point_by_point()
    {
        var (expected, points) = AssertPredictedPointByPoint(PredictedGrids.MakeMoe(TestData.Constrained(ObjectiveKind.Time)), new SweepOptions(3, Pareto: true));
        Assert.NotEmpty(expected.Top);
        // The grid is only a test of the new parts if the search used them.
        Assert.Contains(points, p => p.Layout.Expert > 1);
        Assert.Contains(points, p => p.Layout.Context > 1);
    }

    [SkippableFact]
    public void Predicted_latent_attention_grid_equals_reference_point_by_point()
    {
        var (expected, points) = AssertPredictedPointByPoint(PredictedGrids.MakeLatent(TestData.Constrained(ObjectiveKind.Cost)), new SweepOptions(3, Pareto: true));
        Assert.NotEmpty(expected.Top);
        Assert.Contains(points, p => p.Mfu > 0 && p.Layout.Tp == 2);
        // Pipelined points price the sends as overlapped while the tensor-parallel collectives are exposed; H100 has no NVFP4.
        Assert.Contains(points, p => p.Mfu > 0 && p.Layout.Pp > 1);
        Assert.Contains(points, p => (p.Status & PointStatus.PrecisionUnsupported) != 0);
    }

    [SkippableFact]
    public void Predicted_hybrid_grid_equals_reference_point_by_point()
    {
        var (expected, points) = AssertPredictedPointByPoint(PredictedGrids.MakeHybrid(TestData.Constrained(ObjectiveKind.Time)), new SweepOptions(3, Pareto: true));
        Assert.NotEmpty(expected.Top);
        // The grid tests the Mamba mixer under the parallelism that splits it only if the search used it.
        Assert.Contains(points, p => p.Mfu > 0 && p.Layout.Tp > 1);
        Assert.Contains(points, p => p.Mfu > 0 && p.Layout.Ep > 1);
        Assert.All(points.Where(p => p.Mfu > 0), p => Assert.Equal(Recompute.Mlp, p.Layout.Recompute));
    }

    [SkippableFact]
    public void Predicted_sliding_window_grid_equals_reference_point_by_point()
    {
        var (expected, points) = AssertPredictedPointByPoint(PredictedGrids.MakeSlidingWindow(TestData.Constrained(ObjectiveKind.Cost)), new SweepOptions(3, Pareto: true));
        Assert.NotEmpty(expected.Top);
        Assert.Contains(points, p => p.Mfu > 0 && p.Layout.Ep > 1);
    }

    [SkippableFact]
    public void Predicted_l2_grid_equals_reference_point_by_point_and_in_every_reduction()
    {
        var (expected, _) = AssertPredictedPointByPoint(PredictedGrids.Make(TestData.Constrained(ObjectiveKind.Time)), new SweepOptions(5, Pareto: true));
        Assert.NotEmpty(expected.Top);
        // h100-pcie-80gb has no measured GEMM efficiency: never admitted.
        Assert.Null(expected.BestPerHardware[2]);
        Assert.True(expected.Admissible < expected.Evaluated);
    }

    // Every point (fields, layout, MFU) and every reduction of a predicted grid equal the reference's; returns the reference's.
    private (SweepResult Expected, PointResult[] Points) AssertPredictedPointByPoint(SweepProblem problem, SweepOptions options)
    {
        SweepBackend backend = Backend;
        var expectedPoints = new CollectingSink(problem.Total);
        SweepResult expected = ReferenceSweep.Run(problem, options, expectedPoints);
        var actualPoints = new CollectingSink(problem.Total);
        SweepResult actual = backend.Run(problem, options, actualPoints);
        for (long i = 0; i < problem.Total; i++)
        {
            AssertSame(expectedPoints.Points[i], actualPoints.Points[i], i);
            Assert.Equal(expectedPoints.Points[i].Layout, actualPoints.Points[i].Layout);
            Close(expectedPoints.Points[i].Mfu, actualPoints.Points[i].Mfu, i);
        }
        Assert.Equal(expected.Top.Select(p => p.Index), actual.Top.Select(p => p.Index));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
        return (expected, expectedPoints.Points);
    }

    [SkippableFact]
    public void Points_past_2_pow_31_equal_reference()
    {
        SweepBackend backend = Backend;
        // 4 × 3 × 2 × 2 × 2^16 params × 128 tokens × 18 GPU counts ≈ 7.2e9 points: indices pass 2^32.
        string[] names = ["v100-sxm2-32gb", "a100-sxm4-80gb", "h100-sxm5-80gb", "mi300x"];
        var problem = new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Fp16, Precision.Bf16, Precision.Fp8],
            [0.3, 0.45], [2.0, 3.5], AxisParser.Parse("1e8..1e13:log:65536", "--params").Values,
            AxisParser.Parse("1x..128x:lin:128", "--tokens", allowPerParam: true).Values, true,
            AxisParser.Parse("1..131072:pow2", "--gpus").Values, TestData.Standard, Selection.Unconstrained(ObjectiveKind.Cost));
        Assert.True(problem.Total > 1L << 32);
        var chunked = (ChunkedBackend)backend;
        foreach (long start in new[] { (1L << 31) - 2500, (1L << 32) + 12_345, problem.Total - 5000 })
        {
            var output = new PointResult[5000];
            chunked.EvaluateRange(problem, start, output);
            for (int i = 0; i < output.Length; i++)
                AssertSame(problem.Evaluate(start + i), output[i], start + i);
        }
    }

    [SkippableFact]
    public void A_single_point_grid_works()
    {
        SweepBackend backend = Backend;
        var problem = new SweepProblem([TestData.Spec("a100-sxm4-80gb")], ["a100-sxm4-80gb"], [Precision.Bf16], [0.4], null,
            [7e9], [140e9], false, [64], TestData.Standard, Selection.Unconstrained(ObjectiveKind.Cost));
        SweepResult r = backend.Run(problem, new SweepOptions(3, true));
        RankedPoint only = Assert.Single(r.Top);
        Assert.Equal(0, only.Index);
        AssertSame(problem.Evaluate(0), only.Result, 0);
    }

    private void AssertSame(in PointResult e, in PointResult a, long index)
    {
        Assert.True(e.Status == a.Status, $"status differs at {index}");
        Close(e.TotalFlops, a.TotalFlops, index);
        Close(e.AchievedFlopsPerGpu, a.AchievedFlopsPerGpu, index);
        Close(e.WallClockDays, a.WallClockDays, index);
        Close(e.GpuHours, a.GpuHours, index);
        Close(e.CostUsd, a.CostUsd, index);
        Close(e.EnergyMwh, a.EnergyMwh, index);
        Close(e.MinGpusForTrainingState, a.MinGpusForTrainingState, index);
    }

    private void Close(double expected, double actual, long index) =>
        Assert.True(GpuDevices.Close(expected, actual, RelativeTolerance), $"point {index}: expected {expected:R}, got {actual:R}");
}

/// <summary>The fast CPU path with an odd chunk size, so chunk and thread boundaries fall everywhere.</summary>
public sealed class CpuBackendEquivalenceTests : BackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new(chunkSize: 4093, rowChunkSize: 4093);

    protected override SweepBackend Backend => Shared;
}

/// <summary>The fast CPU path with its default chunk size (one chunk covers the test grid).</summary>
public sealed class CpuBackendDefaultChunkEquivalenceTests : BackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new();

    protected override SweepBackend Backend => Shared;
}

/// <summary>The fast CPU path pricing every point (no row shortcut), four at a time, with odd chunks: vector tails fall everywhere.</summary>
public sealed class CpuBackendEveryPointEquivalenceTests : BackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new(chunkSize: 4093, rowChunkSize: 4093, rowShortcut: false);

    protected override SweepBackend Backend => Shared;
}

/// <summary>The fast CPU path with its vector lanes off (the scalar path it keeps for reductions the lanes cannot bound).</summary>
public sealed class CpuBackendScalarEquivalenceTests : BackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new(chunkSize: 4093, rowChunkSize: 4093, lanes: false);

    protected override SweepBackend Backend => Shared;
}

/// <summary>The real ILGPU kernel on ILGPU's CPU accelerator (bit-identical to C#: it runs the same IL).</summary>
public sealed class IlgpuCpuBackendEquivalenceTests : BackendEquivalenceTests
{
    private static readonly Lazy<IlgpuBackend> Shared = new(() => IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 5001));

    protected override SweepBackend Backend => Shared.Value;
}

/// <summary>The kernel on a CUDA GPU (skipped without one): math functions differ in the last digits, so results match within a tolerance.</summary>
public sealed class CudaBackendEquivalenceTests : BackendEquivalenceTests
{
    private static readonly GpuBackend Gpu = new(IlgpuKind.Cuda);

    protected override double RelativeTolerance => GpuDevices.RelativeTolerance;

    protected override SweepBackend Backend => Gpu.Backend;
}

/// <summary>The kernel on an OpenCL GPU (skipped without one).</summary>
public sealed class OpenCLBackendEquivalenceTests : BackendEquivalenceTests
{
    private static readonly GpuBackend Gpu = new(IlgpuKind.OpenCL);

    protected override double RelativeTolerance => GpuDevices.RelativeTolerance;

    protected override SweepBackend Backend => Gpu.Backend;
}
