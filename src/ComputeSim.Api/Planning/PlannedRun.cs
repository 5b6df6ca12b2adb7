using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>One priced point, planned: failures and checkpoints, energy, carbon, price tiers, buying, and its Monte-Carlo bands.</summary>
/// <param name="Result">The plan at the chosen tier (cost NaN where no price is known, own cost NaN where no purchase price is).</param>
/// <param name="CostUsdByTier">Rental cost with failures at every tier.</param>
/// <param name="Bands">P10/P50/P90, or null without a Monte Carlo.</param>
public sealed record PlannedRun(PlanResult Result, IReadOnlyDictionary<string, double> CostUsdByTier, MonteCarloBands? Bands)
{
    /// <summary>"buy" or "rent", whichever costs less for this run; null when either is unknown.</summary>
    public string? Cheaper => double.IsFinite(Result.OwnCostUsd) && double.IsFinite(Result.CostUsd)
        ? Result.OwnCostUsd < Result.CostUsd ? "buy" : "rent"
        : null;

    /// <summary>Plans points of one backend run, each predicted with its own L2 settings (each accelerator on its cluster),
    /// drawing the Monte Carlo for all of them at once: a point's draws follow its key, not the points beside it.</summary>
    /// <param name="points">Key (grid index), job, result, accelerator and whether a price is known, per point.</param>
    /// <param name="parallel">The L2 settings each point was predicted with, same order (default at L0).</param>
    /// <param name="s">The planning settings.</param>
    /// <param name="warn">Told why a GPU the Monte Carlo's auto backend saw could not be used.</param>
    public static IReadOnlyList<PlannedRun> Of(IReadOnlyList<(long Key, TrainingJob Job, PointResult Result, AcceleratorSpec Hardware, bool Priced)> points,
        IReadOnlyList<ParallelSettings> parallel, PlanningSettings s, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentNullException.ThrowIfNull(s);
        if (parallel.Count != points.Count)
            throw new ArgumentException("one set of L2 settings per point", nameof(parallel));
        foreach (ParallelSettings p in parallel)
            CheckDraws(s, p.Enabled != 0);
        MonteCarloBands[]? bands = null;
        if (s.MonteCarlo is MonteCarloSpec spec && points.Count > 0)
        {
            MonteCarloPoint[] mc = points.Select((p, i) => MonteCarlo.PointOf(p.Key, p.Job, p.Result, p.Hardware, parallel[i])).ToArray();
            bands = MonteCarloRunner.Bands(s.MonteCarloBackend, mc, s.Assumptions, spec, warn: warn);
        }
        return points.Select((p, i) => Plan(p.Job, p.Result, p.Hardware, p.Priced, s, bands is null ? null : Unpriced(bands[i], p.Priced))).ToList();
    }

    /// <summary>Refuses a Monte Carlo that draws the other level's input. Each level varies its own: a given utilisation (L0) by
    /// its MFU, a predicted one (L2) by the GEMM efficiency it is predicted from; MFU draws on a predicted run would scatter round
    /// another centre than the estimate's, and a GEMM factor has no step to re-run at L0. Checked before a sweep or plan runs.</summary>
    /// <param name="s">The planning settings.</param>
    /// <param name="predicted">Whether the utilisation is predicted (L2).</param>
    public static void CheckDraws(PlanningSettings s, bool predicted)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.MonteCarlo is { VaryMatmulEfficiency: not 0 } && !predicted)
            throw new InputException(Fields.MatmulEfficiencyFactorDistribution, "only when the utilisation is predicted (L2); a given one varies with an MFU distribution (mfu_dist)");
        if (s.MonteCarlo is { VaryMfu: not 0 } && predicted)
            throw new InputException(Fields.MfuDistribution, "only when the utilisation is given (L0); a predicted one varies with a matmul efficiency factor distribution (matmul_efficiency_factor_dist)");
    }

    private static PlannedRun Plan(in TrainingJob job, in PointResult result, in AcceleratorSpec hardware, bool priced, PlanningSettings s, MonteCarloBands? bands)
    {
        PlanInput input = RunOverheads.InputOf(job, result, hardware);
        PlanResult r = RunOverheads.Evaluate(input, s.Assumptions);
        var tiers = new Dictionary<string, double>();
        foreach (string tier in PriceTiers.Names)
            tiers[tier] = priced ? RunOverheads.Evaluate(input, s.AtTier(tier)).CostUsd : double.NaN;
        if (!priced)
            r.CostUsd = double.NaN;
        if (hardware.PurchasePriceUsd <= 0)
            r.OwnCostUsd = double.NaN;
        return new PlannedRun(r, tiers, bands);
    }

    private static MonteCarloBands Unpriced(MonteCarloBands b, bool priced) =>
        priced ? b : b with { CostUsd = new Band(double.NaN, double.NaN, double.NaN) };
}
