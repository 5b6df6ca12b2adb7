using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// Re-derives reductions that a sweep took from files instead of computing them (a resumed checkpoint,
/// merged shards): <c>--verify</c>'s check that no point better than the kept ones was left out.
/// </summary>
/// <remarks>
/// At L0 the cpu path's row shortcut prices only the rows that could hold a kept point and counts the
/// rest, so recomputing the ranges is cheap (a cpu sweep of them) and the check is exact: counts and the
/// indices of the top-k, best per hardware and front must equal the file's. Where the shortcut does not
/// apply (the L2 layout search, planning grids) recomputing would cost as much as the sweep did; there
/// the points of <see cref="Verification.Sample"/> inside the ranges are priced with the reference
/// formulas and each admissible one must be explained by the file (<see cref="PartialSweepChecks.Unexplained"/>):
/// a left-out point is found when it lies in the sample.
/// </remarks>
public static class ReductionCheck
{
    /// <summary>What the check found.</summary>
    /// <param name="Points">Points recomputed.</param>
    /// <param name="Exact">True if every point of the ranges was recomputed, false for a sample.</param>
    /// <param name="Mismatch">The first difference, or null.</param>
    public sealed record Outcome(long Points, bool Exact, string? Mismatch);

    /// <summary>Recomputes <paramref name="ranges"/> and compares with the reductions <paramref name="claimed"/> for them.</summary>
    public static Outcome Run(SweepProblem problem, SweepOptions options, IReadOnlyList<IndexRange> ranges, AccumulatorState claimed) =>
        L0RowSweep.For(problem) is null ? Sampled(problem, options, ranges, claimed) : Exact(problem, options, ranges, claimed);

    private static Outcome Exact(SweepProblem problem, SweepOptions options, IReadOnlyList<IndexRange> ranges, AccumulatorState claimed)
    {
        var backend = new CpuBackend();
        PartialSweep again = PartialSweep.Empty(problem, options);
        foreach (IndexRange r in ranges)
            again.Merge(backend.RunRange(problem, options, r));
        AccumulatorState s = again.Accumulator.Snapshot();
        string? mismatch = s.Evaluated != claimed.Evaluated ? $"recomputed, the saved ranges hold {s.Evaluated:N0} points, not {claimed.Evaluated:N0}"
            : s.Admissible != claimed.Admissible ? $"recomputed, the saved ranges hold {s.Admissible:N0} admissible points, not {claimed.Admissible:N0}"
            : s.Reductions.Zip(claimed.Reductions).Select(p => FirstDifference(p.First.Name, p.First.Fingerprint(), p.Second.Fingerprint())).FirstOrDefault(m => m is not null);
        return new Outcome(again.Done, true, mismatch);
    }

    // Fingerprints only (indices of kept points): their values are held to --verify-tolerance by Verification, not to the last bit.
    private static string? FirstDifference(string name, IReadOnlyList<long?> expected, IReadOnlyList<long?> claimed)
    {
        static string Describe(long? p) => p is long q ? $"point {q}" : "none";
        for (int i = 0; i < Math.Max(expected.Count, claimed.Count); i++)
        {
            long? e = i < expected.Count ? expected[i] : null, c = i < claimed.Count ? claimed[i] : null;
            if (e != c)
                return $"recomputed, \"{name}\" entry {i} is {Describe(e)}, but the saved result has {Describe(c)}";
        }
        return null;
    }

    private static Outcome Sampled(SweepProblem problem, SweepOptions options, IReadOnlyList<IndexRange> ranges, AccumulatorState claimed)
    {
        long points = 0, admissible = 0;
        foreach (IndexRange block in Verification.Sample(problem.Total))
        {
            foreach (IndexRange r in ranges)
            {
                for (long i = Math.Max(block.Start, r.Start); i < Math.Min(block.End, r.End); i++)
                {
                    points++;
                    PointResult result = problem.Evaluate(i);
                    if (!problem.Selection.Admits(result))
                        continue;
                    admissible++;
                    if (PartialSweepChecks.Unexplained(claimed, new RankedPoint(i, problem.Selection.Value(result), result)) is string why)
                        return new Outcome(points, false, $"recomputed, {why}");
                }
            }
        }
        string? count = admissible > claimed.Admissible ? $"recomputed, the sample alone holds {admissible:N0} admissible points, more than the saved {claimed.Admissible:N0}" : null;
        return new Outcome(points, false, count);
    }
}
