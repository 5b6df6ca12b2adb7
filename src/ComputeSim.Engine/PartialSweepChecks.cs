using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// What must hold between the fields of a partial result, whatever the points: counts against ranges,
/// the kept points admissible, scored and in order, and each reduction consistent with itself and with the
/// points the others keep. A file that breaks one was not written by a sweep.
/// </summary>
/// <remarks>
/// A digest catches damage; these catch a file that is well-formed but wrong (a bug, or an edit whose
/// digest was recomputed). They cannot see a point the file left out altogether or a field no ranking
/// depends on: that needs the points recomputed (<see cref="ReductionCheck"/>, <c>--verify</c>).
/// </remarks>
internal static class PartialSweepChecks
{
    /// <summary>Throws <see cref="InputException"/> naming <paramref name="origin"/> at the first inconsistency.</summary>
    public static void Check(AccumulatorState s, IReadOnlyList<IndexRange> ranges, ShardSlice slice, string origin, SweepProblem problem)
    {
        void Require(bool ok, string why)
        {
            if (!ok)
                throw new InputException(origin, $"inconsistent partial sweep: {why}");
        }
        Require(slice.IsValid, $"\"shard\" {slice} is not a shard index below a count");
        IndexRange own = slice.RangeOf(problem.Total);
        Require(ranges.All(r => r.Start < r.End && r.Start >= own.Start && r.End <= own.End), $"a range lies outside shard {slice}'s points [{own.Start}, {own.End})");
        Require(ranges.Zip(ranges.Skip(1)).All(p => p.First.End <= p.Second.Start), "ranges overlap or are out of order");
        Require(s.Evaluated == ranges.Sum(r => r.Length), "\"evaluated\" differs from the points in \"ranges\"");
        Require(s.Admissible >= 0 && s.Admissible <= s.Evaluated, "\"admissible\" is negative or above \"evaluated\"");
        bool Covered(long index) => ranges.Any(r => index >= r.Start && index < r.End);
        var facts = new ReductionFacts(problem, s.Admissible, Covered);
        foreach (IReduction r in s.Reductions)
        {
            if (r.Inconsistency(facts) is string why)
                Require(false, why);
        }
        var kept = new Dictionary<long, RankedPoint>();
        foreach (RankedPoint p in s.Reductions.SelectMany(r => r.Kept))
        {
            Require(Covered(p.Index), $"kept point {p.Index} lies outside \"ranges\"");
            Require(problem.Selection.Admits(p.Result), $"kept point {p.Index} does not meet the constraints");
            Require(p.Score.Equals(problem.Selection.Value(p.Result)), $"kept point {p.Index} has a \"score\" other than its objective");
            Require(!kept.TryGetValue(p.Index, out RankedPoint seen) || seen.Equals(p), $"point {p.Index} is kept twice with different values");
            kept[p.Index] = p;
        }
        Require(kept.Count <= s.Admissible, "more points are kept than \"admissible\" counts");
        foreach (RankedPoint p in kept.Values)
        {
            if (Unexplained(s, p) is string why)
                Require(false, why);
        }
    }

    /// <summary>
    /// Why the reductions cannot be those of a set of points holding the admissible point <paramref name="q"/>,
    /// or null if they can (each reduction answers for itself).
    /// </summary>
    public static string? Unexplained(AccumulatorState s, in RankedPoint q)
    {
        foreach (IReduction r in s.Reductions)
        {
            if (r.Unexplained(q) is string why)
                return why;
        }
        return null;
    }
}
