using System.Text.Json;
using ComputeSim.Kernels;

namespace ComputeSim.Engine;

/// <summary>For each hardware index, its best admissible point by (score, index).</summary>
/// <remarks>Merge law: per hardware, the minimum of a total order, which is associative and commutative.</remarks>
public sealed class BestPerHardware : IReduction
{
    private readonly SweepProblem _problem;
    private readonly RankedPoint?[] _best;

    /// <summary>An empty reduction over the hardware of <paramref name="problem"/>.</summary>
    public BestPerHardware(SweepProblem problem)
    {
        _problem = problem;
        _best = new RankedPoint?[problem.Hardware.Length];
    }

    /// <inheritdoc />
    public string Name => "best_per_hardware";

    /// <summary>The best point per hardware index, or null where none is admissible.</summary>
    public IReadOnlyList<RankedPoint?> Points => _best;

    /// <inheritdoc />
    public IReduction Empty() => new BestPerHardware(_problem);

    /// <inheritdoc />
    public void Add(in RankedPoint point) => Keep(_problem.HardwareOf(point.Index), point);

    /// <inheritdoc />
    public void Merge(IReduction other)
    {
        RankedPoint?[] theirs = ((BestPerHardware)other)._best;
        for (int h = 0; h < _best.Length; h++)
        {
            if (theirs[h] is RankedPoint b)
                Keep(h, b);
        }
    }

    /// <inheritdoc />
    public bool MayKeep(in RowBound row) => row.ScoreLow <= Threshold(row.Hardware);

    /// <inheritdoc />
    public void Bound(HostBounds.Builder bounds)
    {
        double[] thresholds = new double[_best.Length];
        for (int h = 0; h < thresholds.Length; h++)
            thresholds[h] = Threshold(h);
        bounds.Table(ScoreSlot.Hardware, thresholds);
    }

    /// <inheritdoc />
    public void Identify(GridIdentity.Hasher hash)
    {
        // Always kept: nothing to add beyond the grid.
    }

    /// <inheritdoc />
    public void Write(Utf8JsonWriter writer) => PartialSweepPoints.Write(writer, Name, _best);

    /// <inheritdoc />
    public void Read(JsonElement file)
    {
        List<RankedPoint?> read = PartialSweepPoints.Read(file, Name);
        if (read.Count != _best.Length)
            throw new FormatException($"\"{Name}\" needs one entry per hardware");
        read.CopyTo(_best);
    }

    /// <inheritdoc />
    public IEnumerable<RankedPoint> Kept => _best.OfType<RankedPoint>();

    /// <inheritdoc />
    public IReadOnlyList<long?> Fingerprint() => [.. _best.Select(p => p?.Index)];

    /// <inheritdoc />
    public string? Inconsistency(in ReductionFacts facts)
    {
        for (int h = 0; h < _best.Length; h++)
        {
            if (_best[h] is RankedPoint b && _problem.HardwareOf(b.Index) != h)
                return "a best point is on the wrong hardware";
        }
        return facts.Admissible > 0 && _best.All(p => p is null) ? "\"admissible\" counts points but no hardware has a best one" : null;
    }

    /// <inheritdoc />
    public string? Unexplained(in RankedPoint q)
    {
        int h = _problem.HardwareOf(q.Index);
        if (_best[h] is not RankedPoint best)
            return $"\"best_per_hardware\" has no point for {_problem.HardwareNames[h]}, but point {q.Index} on it is admissible";
        return RankedPoint.CompareByScore(q, best) < 0 ? $"admissible point {q.Index} ranks above the best point given for {_problem.HardwareNames[h]}" : null;
    }

    /// <summary>The highest score that could still replace <paramref name="hardware"/>'s best point (+Infinity while it has none).</summary>
    internal double Threshold(int hardware) => _best[hardware] is RankedPoint b ? b.Score : double.PositiveInfinity;

    private void Keep(int hardware, in RankedPoint point)
    {
        if (_best[hardware] is not RankedPoint current || RankedPoint.CompareByScore(point, current) < 0)
            _best[hardware] = point;
    }
}
