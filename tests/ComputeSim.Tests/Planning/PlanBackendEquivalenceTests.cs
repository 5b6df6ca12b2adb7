using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Engine;

namespace ComputeSim.Tests.Planning;

/// <summary>Plans on every backend against the reference path: every point's loss and inference cost, and the answer.</summary>
public abstract class PlanBackendEquivalenceTests
{
    /// <summary>The backend under test; read first in each test, so that a test of an absent GPU is skipped before any work.</summary>
    protected abstract SweepBackend Backend { get; }

    /// <summary>Relative tolerance of each point's loss and costs: 0 where the same IL runs on the host.</summary>
    protected virtual double RelativeTolerance => 0;

    public static TheoryData<string> Questions => new() { "budget", "target-with-inference", "predicted" };

    private static PlanGrid Question(string name) => name switch
    {
        "budget" => PlanRequests.Budget(1e7, 60),
        "target-with-inference" => PlanRequests.Target(2.1, 1e13) with { Hardware = [TestData.Spec("h100-sxm5-80gb"), TestData.Spec("mi300x")], HardwareNames = ["h100-sxm5-80gb", "mi300x"] },
        _ => PlanRequests.Predicted(),
    };

    [SkippableTheory]
    [MemberData(nameof(Questions))]
    public void Plan_equals_reference(string question)
    {
        SweepBackend backend = Backend;
        PlanGrid q = Question(question);
        SweepProblem problem = Planner.Problem(q);
        SweepOptions options = Planner.Options(problem, q.RunnerUps);
        var expectedPoints = new CollectingSink(problem.Total);
        var actualPoints = new CollectingSink(problem.Total);
        PlanAnswer expected = Planner.Summarise(problem, ReferenceSweep.Run(problem, options, expectedPoints), q.RunnerUps);
        PlanAnswer actual = Planner.Summarise(problem, backend.Run(problem, options, actualPoints), q.RunnerUps);

        for (long i = 0; i < problem.Total; i++)
        {
            PointResult e = expectedPoints.Points[i], a = actualPoints.Points[i];
            Assert.True(Close(e.PredictedLoss, a.PredictedLoss) && Close(e.InferenceCostUsd, a.InferenceCostUsd) && Close(e.CostUsd, a.CostUsd) && e.Status == a.Status,
                $"point {i}: loss {e.PredictedLoss:R} vs {a.PredictedLoss:R}, inference {e.InferenceCostUsd:R} vs {a.InferenceCostUsd:R}");
        }
        Assert.NotNull(expected.Best);
        Assert.Equal(expected.Best!.Index, actual.Best!.Index);
        Assert.Equal(expected.RunnerUps.Select(p => p.Index), actual.RunnerUps.Select(p => p.Index));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.NotEmpty(expected.RunnerUps);
    }

    private bool Close(double expected, double actual) => GpuDevices.Close(expected, actual, RelativeTolerance);

    [SkippableTheory]
    [MemberData(nameof(Questions))]
    public void Plan_without_point_output_equals_reference(string question)
    {
        SweepBackend backend = Backend;
        // Without a sink a backend may take shortcuts that keep only reductions: they must keep the plan's.
        PlanGrid q = Question(question);
        PlanAnswer expected = Planner.Run(q, new ReferenceBackend());
        PlanAnswer actual = Planner.Run(q, backend);
        Assert.Equal(expected.Best!.Index, actual.Best!.Index);
        Assert.Equal(expected.RunnerUps.Select(p => p.Index), actual.RunnerUps.Select(p => p.Index));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Admissible, actual.Admissible);
    }
}

/// <summary>The cpu backend with its default chunk sizes and shortcuts.</summary>
public sealed class CpuDefaultPlanEquivalenceTests : PlanBackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new();

    protected override SweepBackend Backend => Shared;
}

public sealed class CpuPlanEquivalenceTests : PlanBackendEquivalenceTests
{
    private static readonly CpuBackend Shared = new(chunkSize: 4093);

    protected override SweepBackend Backend => Shared;
}

public sealed class IlgpuCpuPlanEquivalenceTests : PlanBackendEquivalenceTests
{
    private static readonly Lazy<IlgpuBackend> Shared = new(() => IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 5001));

    protected override SweepBackend Backend => Shared.Value;
}

/// <summary>Plans on a CUDA GPU (skipped without one): the loss uses Pow, a software routine there, so values match within a tolerance.</summary>
public sealed class CudaPlanEquivalenceTests : PlanBackendEquivalenceTests
{
    private static readonly GpuBackend Gpu = new(IlgpuKind.Cuda);

    protected override double RelativeTolerance => GpuDevices.RelativeTolerance;

    protected override SweepBackend Backend => Gpu.Backend;
}

/// <summary>Plans on an OpenCL GPU (skipped without one).</summary>
public sealed class OpenCLPlanEquivalenceTests : PlanBackendEquivalenceTests
{
    private static readonly GpuBackend Gpu = new(IlgpuKind.OpenCL);

    protected override double RelativeTolerance => GpuDevices.RelativeTolerance;

    protected override SweepBackend Backend => Gpu.Backend;
}
