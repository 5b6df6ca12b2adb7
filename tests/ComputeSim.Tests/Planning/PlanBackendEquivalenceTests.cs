using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Engine;

namespace ComputeSim.Tests.Planning;

/// <summary>Plans on every backend against the reference path: every point's loss and inference cost, and the answer.</summary>
public abstract class PlanBackendEquivalenceTests
{
    protected abstract SweepBackend Backend { get; }

    public static TheoryData<string> Questions => new() { "budget", "target-with-inference", "predicted" };

    private static PlanRequest Question(string name) => name switch
    {
        "budget" => PlanRequests.Budget(1e7, 60),
        "target-with-inference" => PlanRequests.Target(2.1, 1e13) with { Hardware = [TestData.Spec("h100-sxm5-80gb"), TestData.Spec("mi300x")], HardwareNames = ["h100-sxm5-80gb", "mi300x"] },
        _ => PlanRequests.Predicted(),
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public void Plan_equals_reference(string question)
    {
        PlanRequest q = Question(question);
        SweepProblem problem = Planner.Problem(q);
        SweepOptions options = Planner.Options(problem, q.RunnerUps);
        var expectedPoints = new CollectingSink(problem.Total);
        var actualPoints = new CollectingSink(problem.Total);
        PlanAnswer expected = Planner.Summarise(problem, ReferenceSweep.Run(problem, options, expectedPoints), q.RunnerUps);
        PlanAnswer actual = Planner.Summarise(problem, Backend.Run(problem, options, actualPoints), q.RunnerUps);

        for (long i = 0; i < problem.Total; i++)
        {
            PointResult e = expectedPoints.Points[i], a = actualPoints.Points[i];
            Assert.True(e.PredictedLoss.Equals(a.PredictedLoss) && e.InferenceCostUsd.Equals(a.InferenceCostUsd) && e.CostUsd.Equals(a.CostUsd) && e.Status == a.Status,
                $"point {i}: loss {e.PredictedLoss:R} vs {a.PredictedLoss:R}, inference {e.InferenceCostUsd:R} vs {a.InferenceCostUsd:R}");
        }
        Assert.NotNull(expected.Best);
        Assert.Equal(expected.Best!.Index, actual.Best!.Index);
        Assert.Equal(expected.RunnerUps.Select(p => p.Index), actual.RunnerUps.Select(p => p.Index));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.NotEmpty(expected.RunnerUps);
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public void Plan_without_point_output_equals_reference(string question)
    {
        // Without a sink a backend may take shortcuts that keep only reductions: they must keep the plan's.
        PlanRequest q = Question(question);
        PlanAnswer expected = Planner.Run(q, new ReferenceBackend());
        PlanAnswer actual = Planner.Run(q, Backend);
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
