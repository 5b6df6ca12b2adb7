using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>Streaming reductions for one thread: top-k, best per hardware, Pareto front, best per cell of two axes, counts.</summary>
/// <remarks>Accumulators of disjoint index ranges merge exactly (every order is total, ties by index).</remarks>
public sealed class Accumulator
{
    private readonly SweepProblem _problem;
    private readonly SweepOptions _options;
    // Max-heap on (score, index): the root is the worst kept point, evicted first.
    private readonly PriorityQueue<RankedPoint, RankedPoint> _top;
    private readonly RankedPoint?[] _best;
    // The front as of the last prune (days strictly rising, cost strictly falling) and the points since.
    private List<RankedPoint> _front = [];
    private readonly List<RankedPoint> _pending = [];
    private readonly BinnedMinimum? _bins;
    private const int PruneBatch = 4096;

    /// <summary>An empty accumulator for a problem.</summary>
    public Accumulator(SweepProblem problem, SweepOptions options)
    {
        _problem = problem;
        _options = options;
        _top = new PriorityQueue<RankedPoint, RankedPoint>(
            options.TopK + 1, Comparer<RankedPoint>.Create((a, b) => RankedPoint.CompareByScore(b, a)));
        _best = new RankedPoint?[problem.Hardware.Length];
        _bins = options.Bins is null ? null : new BinnedMinimum(problem.Spec.Shape, options.Bins);
    }

    /// <summary>Points seen.</summary>
    public long Evaluated { get; private set; }

    /// <summary>Points that met every constraint.</summary>
    public long Admissible { get; private set; }

    /// <summary>Takes one evaluated point.</summary>
    public void Add(long index, in PointResult result)
    {
        Evaluated++;
        if (!_problem.Selection.Admits(result))
            return;
        Admissible++;
        var point = new RankedPoint(index, _problem.Selection.Value(result), result);
        Keep(point);
    }

    /// <summary>What this accumulator keeps.</summary>
    public SweepOptions Options => _options;

    /// <summary>Counts points that a caller classified in bulk (see <see cref="L0RowSweep"/>): only admissible ones may then be offered.</summary>
    public void Count(long evaluated, long admissible)
    {
        Evaluated += evaluated;
        Admissible += admissible;
    }

    /// <summary>Takes a point already counted as admissible by <see cref="Count"/>.</summary>
    public void Offer(long index, in PointResult result)
    {
        if (!_problem.Selection.Admits(result))
            throw new InvalidOperationException($"point {index} was counted as admissible but is not");
        Keep(new RankedPoint(index, _problem.Selection.Value(result), result));
    }

    /// <summary>
    /// The highest score that could still enter the top-k or replace the best point of
    /// <paramref name="hardware"/>: a point scoring more changes neither (ties are kept, as ties go by index).
    /// </summary>
    public double KeepThreshold(int hardware)
    {
        double top = _options.TopK <= 0 ? double.NegativeInfinity
            : _top.Count < _options.TopK ? double.PositiveInfinity
            : _top.Peek().Score;
        double best = _best[hardware] is RankedPoint b ? b.Score : double.PositiveInfinity;
        return Math.Max(top, best);
    }

    /// <summary>
    /// True if a point of the last pruned front is no slower than <paramref name="days"/> and strictly
    /// cheaper than <paramref name="costUsd"/>: it then dominates every point at least that slow and costly.
    /// </summary>
    public bool FrontDominates(double days, double costUsd)
    {
        int q = SlowestNoSlowerThan(days);
        return q >= 0 && _front[q].Result.CostUsd < costUsd;
    }

    /// <summary>The last pruned Pareto front as (days ascending, cost descending) arrays, for a device to test against.</summary>
    public (double[] Days, double[] CostUsd) PrunedFront() =>
        ([.. _front.Select(p => p.Result.WallClockDays)], [.. _front.Select(p => p.Result.CostUsd)]);

    /// <summary>Folds another accumulator (of a disjoint index range) into this one.</summary>
    public void Merge(Accumulator other)
    {
        Evaluated += other.Evaluated;
        Admissible += other.Admissible;
        foreach (var (point, _) in other._top.UnorderedItems)
            KeepTop(point);
        for (int h = 0; h < _best.Length; h++)
        {
            if (other._best[h] is RankedPoint b)
                KeepBest(h, b);
        }
        if (other._bins is not null)
            _bins!.Merge(other._bins);
        if (_options.Pareto)
        {
            _pending.AddRange(other._front);
            _pending.AddRange(other._pending);
            Prune();
        }
    }

    /// <summary>The final, ordered result.</summary>
    public SweepResult ToResult()
    {
        var top = _top.UnorderedItems.Select(x => x.Element).ToList();
        top.Sort(RankedPoint.CompareByScore);
        return new SweepResult
        {
            Evaluated = Evaluated,
            Admissible = Admissible,
            Top = top,
            BestPerHardware = [.. _best],
            Pareto = _options.Pareto ? ParetoFront.Of([.. _front, .. _pending]) : [],
            Bins = _bins,
        };
    }

    /// <summary>The reductions as plain data, for checkpoints and partial results (see <see cref="PartialSweepFormat"/>).</summary>
    public AccumulatorState Snapshot()
    {
        var top = _top.UnorderedItems.Select(x => x.Element).ToList();
        top.Sort(RankedPoint.CompareByScore);
        return new AccumulatorState(Evaluated, Admissible, top, [.. _best], _options.Pareto ? ParetoFront.Of([.. _front, .. _pending]) : []);
    }

    /// <summary>An accumulator holding a snapshot again: merging it equals merging the one it was taken from.</summary>
    public static Accumulator Restore(SweepProblem problem, SweepOptions options, AccumulatorState state)
    {
        if (state.BestPerHardware.Count != problem.Hardware.Length)
            throw new ArgumentException("one best point per hardware", nameof(state));
        var acc = new Accumulator(problem, options) { Evaluated = state.Evaluated, Admissible = state.Admissible };
        foreach (RankedPoint p in state.Top)
            acc.KeepTop(p);
        for (int h = 0; h < acc._best.Length; h++)
            acc._best[h] = state.BestPerHardware[h];
        if (options.Pareto)
            acc._front = ParetoFront.Of([.. state.Pareto]);
        return acc;
    }

    private void Keep(RankedPoint point)
    {
        KeepTop(point);
        KeepBest(_problem.HardwareOf(point.Index), point);
        _bins?.Add(point.Index, point.Score);
        if (_options.Pareto && !DominatedByFront(point))
        {
            _pending.Add(point);
            if (_pending.Count >= PruneBatch)
                Prune();
        }
    }

    private void Prune()
    {
        _pending.AddRange(_front);
        _front = ParetoFront.Of(_pending);
        _pending.Clear();
    }

    /// <summary>
    /// True if a point of the last pruned front dominates <paramref name="p"/>: then p can never be on
    /// the final front (dominance is transitive). Most points end here, in O(log front) and without allocating.
    /// </summary>
    private bool DominatedByFront(in RankedPoint p)
    {
        // The only candidate is the slowest front point no slower than p: it is the cheapest of those.
        int found = SlowestNoSlowerThan(p.Result.WallClockDays);
        if (found < 0)
            return false;
        RankedPoint q = _front[found];
        return q.Result.CostUsd <= p.Result.CostUsd && RankedPoint.CompareByTimeThenCost(q, p) < 0;
    }

    /// <summary>Position of the slowest pruned-front point taking at most <paramref name="days"/>, or -1.</summary>
    private int SlowestNoSlowerThan(double days)
    {
        int lo = 0, hi = _front.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_front[mid].Result.WallClockDays <= days)
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

    private void KeepTop(RankedPoint point)
    {
        if (_options.TopK <= 0)
            return;
        if (_top.Count < _options.TopK)
        {
            _top.Enqueue(point, point);
        }
        else if (RankedPoint.CompareByScore(point, _top.Peek()) < 0)
        {
            _top.EnqueueDequeue(point, point);
        }
    }

    private void KeepBest(int hardware, RankedPoint point)
    {
        if (_best[hardware] is not RankedPoint current || RankedPoint.CompareByScore(point, current) < 0)
            _best[hardware] = point;
    }
}
