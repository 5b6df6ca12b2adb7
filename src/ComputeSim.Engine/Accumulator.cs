using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>Streaming reductions for one thread: the counts and every reduction the sweep keeps (<see cref="ReductionSet"/>).</summary>
/// <remarks>Accumulators of disjoint index ranges merge exactly (each reduction keeps the law of <see cref="IReduction"/>).</remarks>
public sealed class Accumulator
{
    private readonly SweepProblem _problem;
    private readonly IReduction[] _reductions;

    /// <summary>An empty accumulator for a problem.</summary>
    public Accumulator(SweepProblem problem, SweepOptions options)
        : this(problem, options, options.Reductions.Create(problem, options))
    {
    }

    private Accumulator(SweepProblem problem, SweepOptions options, IReduction[] reductions)
    {
        _problem = problem;
        Options = options;
        _reductions = reductions;
    }

    /// <summary>Points seen.</summary>
    public long Evaluated { get; private set; }

    /// <summary>Points that met every constraint.</summary>
    public long Admissible { get; private set; }

    /// <summary>What this accumulator keeps.</summary>
    public SweepOptions Options { get; }

    /// <summary>The reductions, in registration order.</summary>
    public IReadOnlyList<IReduction> Reductions => _reductions;

    /// <summary>Takes one evaluated point.</summary>
    public void Add(long index, in PointResult result)
    {
        Evaluated++;
        if (!_problem.Selection.Admits(result))
            return;
        Admissible++;
        Keep(new RankedPoint(index, _problem.Selection.Value(result), result));
    }

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

    /// <summary>False only if no point of <paramref name="row"/> could change any reduction.</summary>
    public bool MayKeep(in RowBound row)
    {
        foreach (IReduction r in _reductions)
        {
            if (r.MayKeep(row))
                return true;
        }
        return false;
    }

    /// <summary>Every reduction's current bound, for a device to test points against.</summary>
    public HostBounds Bounds()
    {
        var builder = new HostBounds.Builder();
        foreach (IReduction r in _reductions)
            r.Bound(builder);
        return builder.Build();
    }

    /// <summary>Folds another accumulator (of a disjoint index range) into this one.</summary>
    public void Merge(Accumulator other)
    {
        Evaluated += other.Evaluated;
        Admissible += other.Admissible;
        for (int i = 0; i < _reductions.Length; i++)
            _reductions[i].Merge(other._reductions[i]);
    }

    /// <summary>The final, ordered result.</summary>
    public SweepResult ToResult() => new()
    {
        Evaluated = Evaluated,
        Admissible = Admissible,
        Top = Find<TopK>()?.Points ?? [],
        BestPerHardware = [.. Find<BestPerHardware>()?.Points ?? new RankedPoint?[_problem.Hardware.Length]],
        Pareto = Find<ParetoFront>() is { Enabled: true } front ? front.Points : [],
        Bins = Find<BinnedMinimum>(),
        Reductions = Snapshot().Reductions,
    };

    /// <summary>A copy of the counts and reductions, for checkpoints and checks (see <see cref="PartialSweepFormat"/>).</summary>
    public AccumulatorState Snapshot() => new(Evaluated, Admissible, [.. _reductions.Select(Copy)]);

    /// <summary>An accumulator holding a snapshot again: merging it equals merging the one it was taken from.</summary>
    public static Accumulator Restore(SweepProblem problem, SweepOptions options, AccumulatorState state)
    {
        IReduction[] expected = options.Reductions.Create(problem, options);
        if (!state.Reductions.Select(r => r.Name).SequenceEqual(expected.Select(r => r.Name)))
            throw new ArgumentException("the reductions the options ask for", nameof(state));
        return new Accumulator(problem, options, [.. state.Reductions.Select(Copy)]) { Evaluated = state.Evaluated, Admissible = state.Admissible };
    }

    private T? Find<T>() where T : class, IReduction => _reductions.OfType<T>().FirstOrDefault();

    private static IReduction Copy(IReduction r)
    {
        IReduction copy = r.Empty();
        copy.Merge(r);
        return copy;
    }

    private void Keep(in RankedPoint point)
    {
        foreach (IReduction r in _reductions)
            r.Add(point);
    }
}
