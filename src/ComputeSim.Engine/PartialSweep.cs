namespace ComputeSim.Engine;

/// <summary>A half-open range of grid indices, <c>[Start, End)</c>.</summary>
/// <param name="Start">First index.</param>
/// <param name="End">One past the last index.</param>
public readonly record struct IndexRange(long Start, long End)
{
    /// <summary>Indices in the range.</summary>
    public long Length => End - Start;
}

/// <summary>Slice <paramref name="Index"/> of <paramref name="Count"/> of a grid: what one machine of a sharded sweep owns (0 of 1: all of it).</summary>
/// <param name="Index">Shard index, 0-based.</param>
/// <param name="Count">Number of shards.</param>
public readonly record struct ShardSlice(int Index, int Count)
{
    /// <summary>The whole grid: what an unsharded sweep's checkpoint belongs to.</summary>
    public static ShardSlice Whole => new(0, 1);

    /// <summary>True if the index is one of the count.</summary>
    public bool IsValid => Count >= 1 && Index >= 0 && Index < Count;

    /// <summary>The contiguous indices of this slice in a grid of <paramref name="total"/> points, cut the same way on every machine.</summary>
    public IndexRange RangeOf(long total) => new(Cut(total, Index), Cut(total, Index + 1));

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";

    // 128-bit, so that a grid of up to 2^63 points times a million shards cannot overflow.
    private long Cut(long total, int i) => (long)((Int128)total * i / Count);
}

/// <summary>An accumulator's counts and a copy of its reductions.</summary>
/// <param name="Evaluated">Points seen.</param>
/// <param name="Admissible">Points that met every constraint.</param>
/// <param name="Reductions">The reductions, in registration order.</param>
public sealed record AccumulatorState(long Evaluated, long Admissible, IReadOnlyList<IReduction> Reductions);

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
    public IEnumerable<IndexRange> Missing(long total) => Missing(new IndexRange(0, total));

    /// <summary>The ranges of <paramref name="within"/> not covered yet, in order (a shard's slice).</summary>
    public IEnumerable<IndexRange> Missing(IndexRange within)
    {
        long next = within.Start;
        foreach (IndexRange r in _ranges)
        {
            if (r.End <= next)
                continue;
            if (r.Start >= within.End)
                break;
            if (r.Start > next)
                yield return new IndexRange(next, r.Start);
            next = r.End;
        }
        if (next < within.End)
            yield return new IndexRange(next, within.End);
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
