using ComputeSim.Model;

namespace ComputeSim.Kernels;

/// <summary>
/// How the reductions' pruning bounds are reached: arrays on the host, views on a device (as
/// <see cref="IGridData"/> is for the grid), so one predicate, <see cref="KeepBounds.MayKeep"/>, serves both.
/// </summary>
public interface IBoundData : IFrontData
{
    /// <summary>Score tables (one per reduction that bounds by score).</summary>
    int TableCount { get; }

    /// <summary>Table <paramref name="i"/>.</summary>
    ScoreTable Table(int i);

    /// <summary>Threshold <paramref name="i"/> of the tables' concatenated thresholds.</summary>
    double Threshold(int i);

    /// <summary>1 if a reduction keeps a front (a point off it may still join it).</summary>
    int Pareto { get; }
}

/// <summary>A time–cost front, fastest first (days strictly rising, cost strictly falling): a list on the host, views on a device.</summary>
public interface IFrontData
{
    /// <summary>Points on the front.</summary>
    int FrontCount { get; }

    /// <summary>Wall-clock days of front point <paramref name="i"/>.</summary>
    double FrontDays(int i);

    /// <summary>Cost of front point <paramref name="i"/>, USD.</summary>
    double FrontCost(int i);
}

/// <summary>Which threshold of a <see cref="ScoreTable"/> bounds a point.</summary>
public enum ScoreSlot
{
    /// <summary>One threshold for every point (top-k).</summary>
    One = 0,
    /// <summary>One per hardware index (best per hardware).</summary>
    Hardware = 1,
    /// <summary>One per cell of a <see cref="CellMap"/> (best per cell).</summary>
    Cell = 2,
}

/// <summary>
/// One reduction's bound by score: a point can change the reduction only if its score is at most the
/// threshold of its slot (a tie may still enter, as ties go by index).
/// </summary>
public struct ScoreTable
{
    /// <summary>How a point picks its threshold.</summary>
    public ScoreSlot Slot;
    /// <summary>Position of the table's first threshold in the concatenated thresholds.</summary>
    public int Offset;
    /// <summary>The cells, for <see cref="ScoreSlot.Cell"/>.</summary>
    public CellMap Cells;

    /// <summary>The position of a point's threshold in the concatenated thresholds.</summary>
    public readonly int ThresholdOf(long index, int hardware) => Slot switch
    {
        ScoreSlot.One => Offset,
        ScoreSlot.Hardware => Offset + hardware,
        _ => Offset + Cells.CellOf(index),
    };
}

/// <summary>The pruning predicate of a reduced sweep, the same code on the host and on every device.</summary>
public static class KeepBounds
{
    /// <summary>
    /// False only if the admissible point <paramref name="index"/> (on <paramref name="hardware"/>, with that
    /// score, days and cost) can change no reduction: it scores above every table's threshold and is dominated by the front.
    /// </summary>
    public static bool MayKeep<TData>(in TData data, long index, int hardware, double score, double days, double costUsd)
        where TData : struct, IBoundData
    {
        if (data.Pareto != 0 && !FrontSearch.StrictlyDominated(data, days, costUsd))
            return true;
        for (int t = 0; t < data.TableCount; t++)
        {
            if (score <= data.Threshold(data.Table(t).ThresholdOf(index, hardware)))
                return true;
        }
        return false;
    }
}

/// <summary>The one search of a time–cost front (days strictly rising, cost strictly falling) that every test against it uses.</summary>
public static class FrontSearch
{
    /// <summary>Position of the slowest front point taking at most <paramref name="days"/>, or -1: the cheapest of those no slower.</summary>
    public static int SlowestNoSlowerThan<TData>(in TData front, double days) where TData : struct, IFrontData
    {
        int lo = 0, hi = front.FrontCount - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (front.FrontDays(mid) <= days)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /// <summary>
    /// True if a front point is no slower than <paramref name="days"/> and strictly cheaper than <paramref name="costUsd"/>:
    /// it then dominates every point at least that slow and costly, whatever the tie-break (so a test with it is never wrong).
    /// </summary>
    public static bool StrictlyDominated<TData>(in TData front, double days, double costUsd) where TData : struct, IFrontData
    {
        int q = SlowestNoSlowerThan(front, days);
        return q >= 0 && front.FrontCost(q) < costUsd;
    }
}
