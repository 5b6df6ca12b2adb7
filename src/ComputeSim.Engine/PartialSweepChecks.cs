using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// What must hold between the fields of a partial result, whatever the points: counts against ranges,
/// the kept points admissible, scored and in order, and the top-k, best per hardware and Pareto front
/// consistent with one another. A file that breaks one was not written by a sweep.
/// </summary>
/// <remarks>
/// A digest catches damage; these catch a file that is well-formed but wrong (a bug, or an edit whose
/// digest was recomputed). They cannot see a point the file left out altogether or a field no ranking
/// depends on: that needs the points recomputed (<see cref="ReductionCheck"/>, <c>--verify</c>).
/// </remarks>
internal static class PartialSweepChecks
{
    /// <summary>Throws <see cref="InputException"/> naming <paramref name="origin"/> at the first inconsistency.</summary>
    public static void Check(AccumulatorState s, IReadOnlyList<IndexRange> ranges, ShardSlice slice, string origin, SweepProblem problem, SweepOptions options)
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
        Require(s.Top.Count == Math.Min(options.TopK, s.Admissible), $"\"top\" holds {s.Top.Count} points where top and \"admissible\" call for {Math.Min(options.TopK, s.Admissible)}");
        Require(options.Pareto || s.Pareto.Count == 0, "\"pareto\" is present but the sweep keeps no front");
        Require(s.BestPerHardware.Count == problem.Hardware.Length, "\"best_per_hardware\" needs one entry per hardware");
        bool Covered(long index) => ranges.Any(r => index >= r.Start && index < r.End);
        var kept = new Dictionary<long, RankedPoint>();
        foreach (RankedPoint p in s.Top.Concat(s.BestPerHardware.OfType<RankedPoint>()).Concat(s.Pareto))
        {
            Require(Covered(p.Index), $"kept point {p.Index} lies outside \"ranges\"");
            Require(problem.Selection.Admits(p.Result), $"kept point {p.Index} does not meet the constraints");
            Require(p.Score.Equals(problem.Selection.Value(p.Result)), $"kept point {p.Index} has a \"score\" other than its objective");
            Require(!kept.TryGetValue(p.Index, out RankedPoint seen) || seen.Equals(p), $"point {p.Index} is kept twice with different values");
            kept[p.Index] = p;
        }
        Require(s.BestPerHardware.Select((p, h) => p is not RankedPoint b || problem.HardwareOf(b.Index) == h).All(ok => ok), "a best point is on the wrong hardware");
        Require(s.Top.Zip(s.Top.Skip(1)).All(p => RankedPoint.CompareByScore(p.First, p.Second) < 0), "\"top\" is not in order, best first");
        Require(s.Pareto.Select(p => p.Index).SequenceEqual(ParetoFront.Of([.. s.Pareto]).Select(p => p.Index)), "\"pareto\" is not a front in order, fastest first");
        Require(kept.Count <= s.Admissible, "more points are kept than \"admissible\" counts");
        Require(s.Admissible == 0 || s.BestPerHardware.Any(p => p is not null), "\"admissible\" counts points but no hardware has a best one");
        Require(s.Admissible == 0 || !options.Pareto || s.Pareto.Count > 0, "\"admissible\" counts points but \"pareto\" is empty");
        var explainer = new Explainer(s, problem, options);
        foreach (RankedPoint p in kept.Values)
        {
            if (explainer.Unexplained(p) is string why)
                Require(false, why);
        }
    }

    /// <summary>Says whether reductions could be those of a set of points that holds a given admissible point.</summary>
    public sealed class Explainer(AccumulatorState s, SweepProblem problem, SweepOptions options)
    {
        private readonly HashSet<long> _top = [.. s.Top.Select(p => p.Index)];

        /// <summary>
        /// Why the reductions cannot be those of a set of points holding the admissible point <paramref name="q"/>,
        /// or null if they can: a better point must be in the top-k (or the top-k full of better ones), no better
        /// than its hardware's best, and on the Pareto front or dominated by it.
        /// </summary>
        public string? Unexplained(RankedPoint q)
        {
            if (options.TopK > 0 && !_top.Contains(q.Index))
            {
                if (s.Top.Count < options.TopK)
                    return $"admissible point {q.Index} is missing from \"top\", which is not full";
                if (RankedPoint.CompareByScore(q, s.Top[^1]) < 0)
                    return $"admissible point {q.Index} ranks above the last of \"top\" but is missing from it";
            }
            int h = problem.HardwareOf(q.Index);
            if (s.BestPerHardware[h] is not RankedPoint best)
                return $"\"best_per_hardware\" has no point for {problem.HardwareNames[h]}, but point {q.Index} on it is admissible";
            if (RankedPoint.CompareByScore(q, best) < 0)
                return $"admissible point {q.Index} ranks above the best point given for {problem.HardwareNames[h]}";
            if (options.Pareto && !OnOrDominated(s.Pareto, q))
                return $"admissible point {q.Index} is neither on \"pareto\" nor dominated by it";
            return null;
        }
    }

    // The front has days strictly rising and cost strictly falling: the slowest point no slower than q is the cheapest such.
    private static bool OnOrDominated(IReadOnlyList<RankedPoint> front, RankedPoint q)
    {
        int lo = 0, hi = front.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (front[mid].Result.WallClockDays <= q.Result.WallClockDays)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
            return false;
        RankedPoint f = front[found];
        return f.Index == q.Index || (f.Result.CostUsd <= q.Result.CostUsd && RankedPoint.CompareByTimeThenCost(f, q) < 0);
    }
}
