namespace ComputeSim.Engine;

/// <summary>A half-open range of grid indices, <c>[Start, End)</c>.</summary>
/// <param name="Start">First index.</param>
/// <param name="End">One past the last index.</param>
public readonly record struct IndexRange(long Start, long End)
{
    /// <summary>Indices in the range.</summary>
    public long Length => End - Start;
}

/// <summary>An accumulator's reductions as plain data.</summary>
/// <param name="Evaluated">Points seen.</param>
/// <param name="Admissible">Points that met every constraint.</param>
/// <param name="Top">The kept best points, best first.</param>
/// <param name="BestPerHardware">Best point per hardware index, or null.</param>
/// <param name="Pareto">The time–cost front of the points seen, fastest first (empty unless asked for).</param>
public sealed record AccumulatorState(
    long Evaluated, long Admissible, IReadOnlyList<RankedPoint> Top, IReadOnlyList<RankedPoint?> BestPerHardware, IReadOnlyList<RankedPoint> Pareto);

/// <summary>
/// The reductions over some index ranges of a grid: what a checkpoint holds, and (later) what one
/// machine of a sharded sweep returns. Partials of disjoint ranges merge exactly, in any order.
/// </summary>
public sealed class PartialSweep
{
    private readonly List<IndexRange> _ranges = [];

    /// <summary>A partial result over <paramref name="ranges"/> with the reductions in <paramref name="accumulator"/>.</summary>
    public PartialSweep(Accumulator accumulator, IEnumerable<IndexRange> ranges)
    {
        Accumulator = accumulator;
        foreach (IndexRange r in ranges)
            AddRange(r);
    }

    /// <summary>Nothing done yet.</summary>
    public static PartialSweep Empty(SweepProblem problem, SweepOptions options) => new(new Accumulator(problem, options), []);

    /// <summary>The reductions.</summary>
    public Accumulator Accumulator { get; }

    /// <summary>The ranges covered, sorted, disjoint and with no two touching.</summary>
    public IReadOnlyList<IndexRange> Ranges => _ranges;

    /// <summary>Points covered.</summary>
    public long Done => _ranges.Sum(r => r.Length);

    /// <summary>True if the ranges cover <c>[0, total)</c>.</summary>
    public bool Covers(long total) => total == 0 || (_ranges.Count == 1 && _ranges[0].Start == 0 && _ranges[0].End == total);

    /// <summary>The ranges of <c>[0, total)</c> not covered yet, in order.</summary>
    public IEnumerable<IndexRange> Missing(long total)
    {
        long next = 0;
        foreach (IndexRange r in _ranges)
        {
            if (r.Start > next)
                yield return new IndexRange(next, r.Start);
            next = r.End;
        }
        if (next < total)
            yield return new IndexRange(next, total);
    }

    /// <summary>Folds in a partial over ranges disjoint from these; overlap would count points twice and is an error.</summary>
    public void Merge(PartialSweep other)
    {
        foreach (IndexRange r in other._ranges)
            AddRange(r);
        Accumulator.Merge(other.Accumulator);
    }

    private void AddRange(IndexRange r)
    {
        if (r.Start < 0 || r.End < r.Start)
            throw new ArgumentException($"bad range [{r.Start}, {r.End})", nameof(r));
        if (r.Length == 0)
            return;
        // The first range ending after r starts is the only one that can overlap it; r goes before it.
        int i = _ranges.FindIndex(x => x.End > r.Start);
        if (i < 0)
            i = _ranges.Count;
        if (i < _ranges.Count && _ranges[i].Start < r.End)
            throw new ArgumentException($"range [{r.Start}, {r.End}) overlaps [{_ranges[i].Start}, {_ranges[i].End})", nameof(r));
        _ranges.Insert(i, r);
        // Coalesce with touching neighbours so that a finished grid is the single range [0, total).
        if (i + 1 < _ranges.Count && _ranges[i + 1].Start == _ranges[i].End)
        {
            _ranges[i] = new IndexRange(_ranges[i].Start, _ranges[i + 1].End);
            _ranges.RemoveAt(i + 1);
        }
        if (i > 0 && _ranges[i - 1].End == _ranges[i].Start)
        {
            _ranges[i - 1] = new IndexRange(_ranges[i - 1].Start, _ranges[i].End);
            _ranges.RemoveAt(i);
        }
    }
}
