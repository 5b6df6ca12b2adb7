using System.Text.Json;
using ComputeSim.Kernels;

namespace ComputeSim.Engine;

/// <summary>The k best admissible points by (score, index).</summary>
/// <remarks>Merge law: the k smallest of a union are the k smallest of the two sets' k smallest, under a total order.</remarks>
public sealed class TopK : IReduction
{
    // Max-heap on (score, index): the root is the worst kept point, evicted first.
    private readonly PriorityQueue<RankedPoint, RankedPoint> _heap;
    // The points as a file listed them (checked for order), and a sorted copy for the checks; both dropped on change.
    private List<RankedPoint>? _asRead;
    private List<RankedPoint>? _sorted;
    private HashSet<long>? _indices;

    /// <summary>Keeps the <paramref name="k"/> best points (none for 0).</summary>
    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        K = k;
        _heap = new PriorityQueue<RankedPoint, RankedPoint>(k + 1, Comparer<RankedPoint>.Create((a, b) => RankedPoint.CompareByScore(b, a)));
    }

    /// <summary>Points kept at most.</summary>
    public int K { get; }

    /// <inheritdoc />
    public string Name => "top";

    /// <summary>The kept points, best first.</summary>
    public List<RankedPoint> Points
    {
        get
        {
            var top = _heap.UnorderedItems.Select(x => x.Element).ToList();
            top.Sort(RankedPoint.CompareByScore);
            return top;
        }
    }

    private List<RankedPoint> Sorted => _sorted ??= Points;

    /// <summary>The highest score that could still enter: -Infinity for k = 0, +Infinity until k points are kept.</summary>
    public double Threshold => K <= 0 ? double.NegativeInfinity : _heap.Count < K ? double.PositiveInfinity : _heap.Peek().Score;

    /// <inheritdoc />
    public IReduction Empty() => new TopK(K);

    /// <inheritdoc />
    public void Add(in RankedPoint point)
    {
        if (K <= 0)
            return;
        if (_sorted is not null || _asRead is not null)
            Changed();
        if (_heap.Count < K)
            _heap.Enqueue(point, point);
        else if (RankedPoint.CompareByScore(point, _heap.Peek()) < 0)
            _heap.EnqueueDequeue(point, point);
    }

    /// <inheritdoc />
    public void Merge(IReduction other)
    {
        foreach (var (point, _) in ((TopK)other)._heap.UnorderedItems)
            Add(point);
    }

    /// <inheritdoc />
    public bool MayKeep(in RowBound row) => row.ScoreLow <= Threshold;

    /// <inheritdoc />
    public void Bound(HostBounds.Builder bounds)
    {
        if (K > 0)
            bounds.Table(ScoreSlot.One, [Threshold]);
    }

    /// <inheritdoc />
    public void Identify(GridIdentity.Hasher hash) => hash.Long(K);

    /// <inheritdoc />
    public void Write(Utf8JsonWriter writer) => PartialSweepPoints.Write(writer, Name, Points.Cast<RankedPoint?>());

    /// <inheritdoc />
    public void Read(JsonElement file)
    {
        Changed();
        _asRead = [.. PartialSweepPoints.Read(file, Name).Select(p => p ?? throw new FormatException($"null in \"{Name}\""))];
        foreach (RankedPoint p in _asRead)
            _heap.Enqueue(p, p);
    }

    /// <inheritdoc />
    public IEnumerable<RankedPoint> Kept => _heap.UnorderedItems.Select(x => x.Element);

    /// <inheritdoc />
    public IReadOnlyList<long?> Fingerprint() => [.. Sorted.Select(p => (long?)p.Index)];

    /// <inheritdoc />
    public string? Inconsistency(in ReductionFacts facts)
    {
        List<RankedPoint> top = _asRead ?? Sorted;
        long expected = Math.Min(K, facts.Admissible);
        if (top.Count != expected)
            return $"\"top\" holds {top.Count} points where top and \"admissible\" call for {expected}";
        // Read as written: a file whose list is out of order was not written by a sweep.
        return top.Zip(top.Skip(1)).All(p => RankedPoint.CompareByScore(p.First, p.Second) < 0)
            ? null : "\"top\" is not in order, best first";
    }

    /// <inheritdoc />
    public string? Unexplained(in RankedPoint q)
    {
        if (K <= 0)
            return null;
        List<RankedPoint> top = Sorted;
        _indices ??= [.. top.Select(p => p.Index)];
        if (_indices.Contains(q.Index))
            return null;
        if (top.Count < K)
            return $"admissible point {q.Index} is missing from \"top\", which is not full";
        return RankedPoint.CompareByScore(q, top[^1]) < 0 ? $"admissible point {q.Index} ranks above the last of \"top\" but is missing from it" : null;
    }

    private void Changed()
    {
        _asRead = null;
        _sorted = null;
        _indices = null;
    }
}
