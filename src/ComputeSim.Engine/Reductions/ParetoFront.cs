using System.Text.Json;
using ComputeSim.Kernels;

namespace ComputeSim.Engine;

/// <summary>The time–cost Pareto front with a total tie-break, so that it can be merged exactly.</summary>
/// <remarks>
/// q dominates p when q.days ≤ p.days, q.cost ≤ p.cost and (days, cost, index) of q is
/// lexicographically smaller. This is a strict partial order, so front(A ∪ B) =
/// front(front(A) ∪ front(B)) (the merge law): chunks and threads can prune independently and merge.
/// A sweep that keeps no front still carries a disabled one, which keeps nothing (files list it empty).
/// </remarks>
public sealed class ParetoFront : IReduction
{
    private const int PruneBatch = 4096;
    // The front as of the last prune (days strictly rising, cost strictly falling) and the points since.
    private List<RankedPoint> _front = [];
    private readonly List<RankedPoint> _pending = [];
    private List<RankedPoint>? _asRead;

    /// <summary>A front, or with <paramref name="enabled"/> false one that keeps nothing.</summary>
    public ParetoFront(bool enabled) => Enabled = enabled;

    /// <summary>Whether the sweep keeps a front.</summary>
    public bool Enabled { get; }

    /// <inheritdoc />
    public string Name => "pareto";

    /// <summary>The non-dominated points seen, fastest first.</summary>
    public List<RankedPoint> Points => Of([.. _front, .. _pending]);

    /// <summary>The non-dominated points, fastest first. Sorts <paramref name="points"/> in place.</summary>
    public static List<RankedPoint> Of(List<RankedPoint> points)
    {
        points.Sort(RankedPoint.CompareByTimeThenCost);
        var front = new List<RankedPoint>();
        double cheapest = double.PositiveInfinity;
        foreach (RankedPoint p in points)
        {
            // Every earlier point is no slower and ranks before p: p survives only if it is strictly cheaper.
            if (p.Result.CostUsd < cheapest)
            {
                front.Add(p);
                cheapest = p.Result.CostUsd;
            }
        }
        return front;
    }

    /// <summary>
    /// True if <paramref name="q"/> is on <paramref name="front"/> (a front in order) or dominated by one of its points.
    /// </summary>
    public static bool OnOrDominated(List<RankedPoint> front, in RankedPoint q)
    {
        int found = FrontSearch.SlowestNoSlowerThan(new ListFront(front), q.Result.WallClockDays);
        if (found < 0)
            return false;
        RankedPoint f = front[found];
        return f.Index == q.Index || Dominates(f, q);
    }

    /// <inheritdoc />
    public IReduction Empty() => new ParetoFront(Enabled);

    /// <inheritdoc />
    public void Add(in RankedPoint point)
    {
        if (!Enabled || DominatedByFront(point))
            return;
        _asRead = null;
        _pending.Add(point);
        if (_pending.Count >= PruneBatch)
            Prune();
    }

    /// <inheritdoc />
    public void Merge(IReduction other)
    {
        if (!Enabled)
            return;
        var theirs = (ParetoFront)other;
        _asRead = null;
        _pending.AddRange(theirs._front);
        _pending.AddRange(theirs._pending);
        Prune();
    }

    /// <inheritdoc />
    public bool MayKeep(in RowBound row) => MayJoin(row.FastestDays, row.CostLowUsd);

    /// <summary>False only if no point this fast and this cheap, or slower or dearer, could join the front.</summary>
    internal bool MayJoin(double days, double costUsd) => Enabled && !FrontSearch.StrictlyDominated(new ListFront(_front), days, costUsd);

    /// <inheritdoc />
    public void Bound(HostBounds.Builder bounds)
    {
        if (Enabled)
            bounds.Front([.. _front.Select(p => p.Result.WallClockDays)], [.. _front.Select(p => p.Result.CostUsd)]);
    }

    /// <inheritdoc />
    public void Identify(GridIdentity.Hasher hash) => hash.Long(Enabled ? 1 : 0);

    /// <inheritdoc />
    public void Write(Utf8JsonWriter writer) => PartialSweepPoints.Write(writer, Name, Points.Cast<RankedPoint?>());

    /// <inheritdoc />
    public void Read(JsonElement file)
    {
        _asRead = [.. PartialSweepPoints.Read(file, Name).Select(p => p ?? throw new FormatException($"null in \"{Name}\""))];
        _pending.Clear();
        _front = Of([.. _asRead]);
    }

    /// <inheritdoc />
    public IEnumerable<RankedPoint> Kept => _asRead ?? Points;

    /// <inheritdoc />
    public IReadOnlyList<long?> Fingerprint() => [.. Points.Select(p => (long?)p.Index)];

    /// <inheritdoc />
    public string? Inconsistency(in ReductionFacts facts)
    {
        List<RankedPoint> listed = _asRead ?? Points;
        if (!Enabled)
            return listed.Count == 0 ? null : "\"pareto\" is present but the sweep keeps no front";
        if (!listed.Select(p => p.Index).SequenceEqual(Of([.. listed]).Select(p => p.Index)))
            return "\"pareto\" is not a front in order, fastest first";
        return facts.Admissible > 0 && listed.Count == 0 ? "\"admissible\" counts points but \"pareto\" is empty" : null;
    }

    /// <inheritdoc />
    public string? Unexplained(in RankedPoint q)
    {
        if (!Enabled)
            return null;
        if (_pending.Count > 0)
            Prune();
        return OnOrDominated(_front, q) ? null : $"admissible point {q.Index} is neither on \"pareto\" nor dominated by it";
    }

    private void Prune()
    {
        _pending.AddRange(_front);
        _front = Of(_pending);
        _pending.Clear();
    }

    /// <summary>
    /// True if a point of the last pruned front dominates <paramref name="p"/>: then p can never be on
    /// the final front (dominance is transitive). Most points end here, in O(log front) and without allocating.
    /// </summary>
    private bool DominatedByFront(in RankedPoint p)
    {
        // The only candidate is the slowest front point no slower than p: it is the cheapest of those.
        int found = FrontSearch.SlowestNoSlowerThan(new ListFront(_front), p.Result.WallClockDays);
        return found >= 0 && Dominates(_front[found], p);
    }

    // q is no slower than p by the search that found it.
    private static bool Dominates(in RankedPoint q, in RankedPoint p) => q.Result.CostUsd <= p.Result.CostUsd && RankedPoint.CompareByTimeThenCost(q, p) < 0;

    /// <summary>A front in a list, for <see cref="FrontSearch"/>.</summary>
    private readonly struct ListFront(List<RankedPoint> front) : IFrontData
    {
        public int FrontCount => front.Count;

        public double FrontDays(int i) => front[i].Result.WallClockDays;

        public double FrontCost(int i) => front[i].Result.CostUsd;
    }
}
