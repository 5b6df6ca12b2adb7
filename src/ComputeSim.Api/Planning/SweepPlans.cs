using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Plans the points a sweep keeps (top-k, best per hardware, Pareto front), keyed by grid index.</summary>
public static class SweepPlans
{
    /// <summary>One plan per kept point; the Monte Carlo keys each point's draws by its grid index.</summary>
    /// <param name="problem">The grid.</param>
    /// <param name="result">What the sweep kept.</param>
    /// <param name="s">The planning settings.</param>
    /// <param name="warn">Told why a GPU the Monte Carlo's auto backend saw could not be used.</param>
    public static IReadOnlyDictionary<long, PlannedRun> For(SweepProblem problem, SweepResult result, PlanningSettings s, Action<string>? warn = null)
    {
        List<RankedPoint> kept = result.Top.Concat(result.BestPerHardware.OfType<RankedPoint>()).Concat(result.Pareto)
            .DistinctBy(p => p.Index).OrderBy(p => p.Index).ToList();
        var points = kept.Select(p =>
        {
            TrainingJob job = problem.Job(p.Index);
            return (p.Index, job, p.Result, problem.Hardware[job.Hardware], true);
        }).ToList();
        IReadOnlyList<PlannedRun> runs = PlannedRun.Of(points, Settings(problem, points.Select(p => p.job.Hardware)), s, warn);
        return kept.Select((p, i) => (p.Index, runs[i])).ToDictionary(x => x.Index, x => x.Item2);
    }

    /// <summary>The L2 settings each point of <paramref name="problem"/> on accelerators <paramref name="hardware"/> was
    /// predicted with: the grid's on each accelerator's cluster (<see cref="GridSpec.ParallelAt"/>); the grid's own at L0.</summary>
    public static ParallelSettings[] Settings(SweepProblem problem, IEnumerable<int> hardware)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(hardware);
        GridSpec spec = problem.Spec;
        return [.. hardware.Select(h => spec.Parallel.Enabled != 0 ? spec.ParallelAt(h, problem.Data) : spec.Parallel)];
    }
}
