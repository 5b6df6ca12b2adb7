using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>One configuration a plan reports.</summary>
/// <param name="Index">Grid index.</param>
/// <param name="HardwareName">The accelerator.</param>
/// <param name="Job">Parameters, tokens, GPUs, price, utilisation.</param>
/// <param name="Result">The priced point with its predicted loss.</param>
public sealed record PlanPoint(long Index, string HardwareName, TrainingJob Job, PointResult Result)
{
    /// <summary>Training plus inference cost, USD.</summary>
    public double TotalCostUsd => Result.TotalCostUsd;
}

/// <summary>What a plan found.</summary>
/// <param name="Best">The recommendation, or null when no configuration meets the limits.</param>
/// <param name="RunnerUps">The next best configurations, one per (accelerator, params, tokens).</param>
/// <param name="BestPerHardware">Each accelerator's best, in axis order (null where none is admissible).</param>
/// <param name="Evaluated">Points evaluated.</param>
/// <param name="Admissible">Points within every limit.</param>
public sealed record PlanAnswer(PlanPoint? Best, IReadOnlyList<PlanPoint> RunnerUps, IReadOnlyList<PlanPoint?> BestPerHardware, long Evaluated, long Admissible);

/// <summary>Turns a <see cref="PlanGrid"/> into a sweep over params × tokens × accelerator × GPUs, and its result into a plan.</summary>
/// <remarks>
/// The grid is an ordinary sweep grid with the planning step switched on, so every backend runs it and every
/// reduction applies; the objective is the predicted loss (or, with a target loss, cost or time).
/// </remarks>
public static class Planner
{
    // The top-k list is capped so a huge grid cannot ask for a huge heap.
    private const long MaxKept = 200_000;

    /// <summary>The sweep that answers the request.</summary>
    public static SweepProblem Problem(PlanGrid q)
    {
        var selection = new Selection
        {
            Objective = q.Objective,
            MaxDays = q.MaxDays,
            MaxCostUsd = q.MaxCostUsd,
            MaxLoss = q.TargetLoss,
            // A plan whose training state does not fit is no plan.
            MustFit = 1,
        };
        var scaling = new ScalingSettings { Enabled = 1, Law = q.Law, InferenceTokens = q.InferenceTokens };
        return new SweepProblem(q.Hardware, q.HardwareNames, [q.Precision], q.Utilizations, q.Prices, q.Parameters,
            q.TokensPerParam, tokensPerParam: true, q.Gpus, q.Assumptions, selection, q.Parallel, scaling, q.Clusters);
    }

    /// <summary>
    /// Keeps enough of the best points that <paramref name="runnerUps"/> + 1 distinct (params, tokens) survive ties:
    /// the loss is the same for every accelerator, precision, utilisation, price and GPU count of one (params, tokens).
    /// </summary>
    public static SweepOptions Options(SweepProblem problem, int runnerUps)
    {
        GridShape s = problem.Spec.Shape;
        long perModel = problem.Total / ((long)s.Params * s.Tokens);
        return new SweepOptions((int)Math.Min(MaxKept, (runnerUps + 1L) * perModel), Pareto: false);
    }

    /// <summary>Runs the plan on a backend.</summary>
    public static PlanAnswer Run(PlanGrid q, SweepBackend backend, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        SweepProblem problem = Problem(q);
        SweepResult result = backend.Run(problem, Options(problem, q.RunnerUps), null, progress, cancel);
        return Summarise(problem, result, q.RunnerUps);
    }

    /// <summary>
    /// The recommendation and runner-ups from a sweep's kept points. Equal scores (the same loss on two
    /// accelerators, or the same cost on more GPUs at L0) go to the cheaper point, then to the lower index
    /// (fewer GPUs), so every backend gives the same answer.
    /// </summary>
    public static PlanAnswer Summarise(SweepProblem problem, SweepResult result, int runnerUps)
    {
        List<PlanPoint> ranked = result.Top
            .OrderBy(p => p.Score).ThenBy(p => p.Result.TotalCostUsd).ThenBy(p => p.Index)
            .Select(p => Point(problem, p))
            .DistinctBy(p => (p.Job.Hardware, p.Job.Parameters, p.Job.Tokens))
            .Take(runnerUps + 1)
            .ToList();
        List<PlanPoint?> perHardware = result.BestPerHardware.Select(p => p is RankedPoint r ? Point(problem, r) : null).ToList();
        return new PlanAnswer(ranked.FirstOrDefault(), ranked.Skip(1).ToList(), perHardware, result.Evaluated, result.Admissible);
    }

    private static PlanPoint Point(SweepProblem problem, RankedPoint p)
    {
        TrainingJob job = problem.Job(p.Index);
        return new PlanPoint(p.Index, problem.HardwareNames[job.Hardware], job, p.Result);
    }
}
