using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>Streaming reductions for one thread: top-k, best per hardware, Pareto front, counts.</summary>
/// <remarks>Accumulators of disjoint index ranges merge exactly (every order is total, ties by index).</remarks>
public sealed class Accumulator
{
    private readonly SweepProblem _problem;
    private readonly SweepOptions _options;
    // Max-heap on (score, index): the root is the worst kept point, evicted first.
    private readonly PriorityQueue<RankedPoint, RankedPoint> _top;
    private readonly RankedPoint?[] _best;
    private List<RankedPoint> _pareto = [];
    private int _paretoPruneAt = 1024;

    /// <summary>An empty accumulator for a problem.</summary>
    public Accumulator(SweepProblem problem, SweepOptions options)
    {
        _problem = problem;
        _options = options;
        _top = new PriorityQueue<RankedPoint, RankedPoint>(
            options.TopK + 1, Comparer<RankedPoint>.Create((a, b) => RankedPoint.CompareByScore(b, a)));
        _best = new RankedPoint?[problem.Hardware.Length];
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
        if (_options.Pareto)
        {
            _pareto.AddRange(other._pareto);
            _pareto = ParetoFront.Of(_pareto);
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
            Pareto = _options.Pareto ? ParetoFront.Of([.. _pareto]) : [],
        };
    }

    private void Keep(RankedPoint point)
    {
        KeepTop(point);
        KeepBest(_problem.HardwareOf(point.Index), point);
        if (_options.Pareto)
        {
            _pareto.Add(point);
            if (_pareto.Count >= _paretoPruneAt)
            {
                _pareto = ParetoFront.Of(_pareto);
                // Prune again only once the list has doubled, so pruning stays O(n log n) overall.
                _paretoPruneAt = Math.Max(1024, 2 * _pareto.Count);
            }
        }
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
