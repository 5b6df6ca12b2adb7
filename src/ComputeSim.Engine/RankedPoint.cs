using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>A point a sweep kept, with its objective score.</summary>
/// <param name="Index">Flat grid index (ties are broken by it, so every backend keeps the same points).</param>
/// <param name="Score">Objective value (lower is better).</param>
/// <param name="Result">The model's result.</param>
public readonly record struct RankedPoint(long Index, double Score, PointResult Result)
{
    /// <summary>Orders by score, then index.</summary>
    public static int CompareByScore(RankedPoint a, RankedPoint b)
    {
        int c = a.Score.CompareTo(b.Score);
        return c != 0 ? c : a.Index.CompareTo(b.Index);
    }

    /// <summary>Orders by wall-clock days, then cost, then index (the Pareto sweep order).</summary>
    public static int CompareByTimeThenCost(RankedPoint a, RankedPoint b)
    {
        int c = a.Result.WallClockDays.CompareTo(b.Result.WallClockDays);
        if (c != 0)
            return c;
        c = a.Result.CostUsd.CompareTo(b.Result.CostUsd);
        return c != 0 ? c : a.Index.CompareTo(b.Index);
    }
}

/// <summary>What a sweep returns.</summary>
public sealed class SweepResult
{
    /// <summary>Points evaluated.</summary>
    public required long Evaluated { get; init; }
    /// <summary>Points that met every constraint.</summary>
    public required long Admissible { get; init; }
    /// <summary>The best admissible points by (score, index), best first.</summary>
    public required IReadOnlyList<RankedPoint> Top { get; init; }
    /// <summary>For each hardware index, its best admissible point, or null if it has none.</summary>
    public required IReadOnlyList<RankedPoint?> BestPerHardware { get; init; }
    /// <summary>Admissible points not dominated in (wall-clock days, cost), fastest first; empty unless asked for.</summary>
    public required IReadOnlyList<RankedPoint> Pareto { get; init; }
    /// <summary>The best admissible point per cell of two axes; null unless asked for.</summary>
    public BinnedMinimum? Bins { get; init; }
    /// <summary>Every reduction the sweep kept, in registration order (those above and any other registered).</summary>
    public IReadOnlyList<IReduction> Reductions { get; init; } = [];

    /// <summary>The reduction of a type, or null if the sweep did not keep one.</summary>
    public T? Reduction<T>() where T : class, IReduction => Reductions.OfType<T>().FirstOrDefault();
}

/// <summary>What a sweep should keep.</summary>
/// <param name="TopK">How many best points to keep (0 for none).</param>
/// <param name="Pareto">Whether to keep the time–cost Pareto front.</param>
/// <param name="Bins">The two axes of a best-per-cell grid to keep (for heatmaps and scaling plots), or null.</param>
public sealed record SweepOptions(int TopK, bool Pareto, BinSpec? Bins = null)
{
    /// <summary>The reductions registered (<see cref="ReductionSet.Default"/> unless a caller adds its own).</summary>
    public ReductionSet Reductions { get; init; } = ReductionSet.Default;
}
