using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>What <c>sweep --verify</c> found.</summary>
/// <param name="Points">Points recomputed.</param>
/// <param name="MaxRelativeDifference">Largest relative difference over every field (+Infinity if a status or a non-finite value differs).</param>
/// <param name="WorstIndex">Grid index of that largest difference.</param>
/// <param name="Tolerance">The tolerance it is held to.</param>
public sealed record VerifyReport(long Points, double MaxRelativeDifference, long WorstIndex, double Tolerance)
{
    /// <summary>What re-deriving the reductions taken from files found, or null where none were (a sweep computed in one run).</summary>
    public ReductionCheck.Outcome? Reductions { get; init; }

    /// <summary>True if within tolerance and the reductions taken from files hold.</summary>
    public bool Passed => MaxRelativeDifference <= Tolerance && Reductions?.Mismatch is null;
}

/// <summary>
/// Recomputes a deterministic sample of a grid on the backend that ran it and on the host with the
/// reference formulas (<see cref="SweepProblem.Evaluate"/>), plus every point the sweep kept, and
/// reports the largest relative difference.
/// </summary>
/// <remarks>
/// The sample is blocks of consecutive points (one launch each): the first block, the last, and
/// blocks at offsets drawn from a fixed seed, so the same grid is always checked at the same points.
/// </remarks>
public static class Verification
{
    /// <summary>Blocks sampled, first and last included.</summary>
    public const int Blocks = 16;
    /// <summary>Points per block.</summary>
    public const int BlockLength = 256;
    /// <summary>Seed of the block offsets.</summary>
    public const ulong Seed = 0x5EED_C0DE;

    /// <summary>The sampled ranges of a grid of <paramref name="total"/> points, sorted and disjoint.</summary>
    public static IReadOnlyList<IndexRange> Sample(long total)
    {
        if (total <= (long)Blocks * BlockLength)
            return total == 0 ? [] : [new IndexRange(0, total)];
        long lastStart = total - BlockLength;
        var starts = new List<long> { 0, lastStart };
        ulong state = Seed;
        for (int b = 2; b < Blocks; b++)
            starts.Add((long)(SplitMix64(ref state) % (ulong)(lastStart + 1)));
        starts.Sort();
        var ranges = new List<IndexRange>();
        foreach (long s in starts)
        {
            var r = new IndexRange(s, s + BlockLength);
            if (ranges.Count > 0 && ranges[^1].End >= r.Start)
                ranges[^1] = new IndexRange(ranges[^1].Start, Math.Max(ranges[^1].End, r.End));
            else
                ranges.Add(r);
        }
        return ranges;
    }

    /// <summary>Checks the sample and the kept points of <paramref name="result"/> against the reference formulas.</summary>
    public static VerifyReport Run(SweepBackend backend, SweepProblem problem, SweepResult result, double tolerance)
    {
        var worst = new Worst(problem);
        foreach (IndexRange r in Sample(problem.Total))
        {
            var output = new PointResult[r.Length];
            if (backend is ChunkedBackend chunked)
                chunked.EvaluateRange(problem, r.Start, output);
            else
                for (int i = 0; i < output.Length; i++)
                    output[i] = problem.Evaluate(r.Start + i);
            for (int i = 0; i < output.Length; i++)
                worst.Compare(r.Start + i, output[i]);
        }
        return Kept(worst, result, tolerance);
    }

    /// <summary>Checks every point <paramref name="result"/> kept against the reference formulas (a merge, which ran no backend).</summary>
    public static VerifyReport Kept(SweepProblem problem, SweepResult result, double tolerance) => Kept(new Worst(problem), result, tolerance);

    private static VerifyReport Kept(Worst worst, SweepResult result, double tolerance)
    {
        foreach (RankedPoint p in result.Top.Concat(result.BestPerHardware.OfType<RankedPoint>()).Concat(result.Pareto))
        {
            worst.Compare(p.Index, p.Result);
            // The score ranks the point: one that disagrees with its own result was not computed from it.
            if (!p.Score.Equals(worst.Problem.Selection.Value(p.Result)))
                worst.Note(p.Index, double.PositiveInfinity);
        }
        return new VerifyReport(worst.Points, worst.Difference, worst.Index, tolerance);
    }

    /// <summary>The largest difference seen so far, and where.</summary>
    private sealed class Worst(SweepProblem problem)
    {
        public SweepProblem Problem => problem;
        public long Points { get; private set; }
        public double Difference { get; private set; }
        public long Index { get; private set; }

        public void Compare(long index, in PointResult actual)
        {
            Points++;
            Note(index, Verification.Difference(problem.Evaluate(index), actual));
        }

        public void Note(long index, double d)
        {
            if (!(d <= Difference))
            {
                Difference = d;
                Index = index;
            }
        }
    }

    /// <summary>Largest relative difference over the fields of two results; +Infinity if their status or L2 layout differs.</summary>
    /// <remarks>Every field a partial result carries, so that a kept point read from a file is checked whole.</remarks>
    public static double Difference(in PointResult expected, in PointResult actual)
    {
        if (expected.Status != actual.Status || !expected.Layout.Equals(actual.Layout))
            return double.PositiveInfinity;
        return Max(
            Relative(expected.TotalFlops, actual.TotalFlops), Relative(expected.AchievedFlopsPerGpu, actual.AchievedFlopsPerGpu),
            Relative(expected.WallClockDays, actual.WallClockDays), Relative(expected.GpuHours, actual.GpuHours),
            Relative(expected.CostUsd, actual.CostUsd), Relative(expected.EnergyMwh, actual.EnergyMwh),
            Relative(expected.MinGpusForTrainingState, actual.MinGpusForTrainingState), Relative(expected.Mfu, actual.Mfu),
            Relative(expected.StepTimeSeconds, actual.StepTimeSeconds), Relative(expected.MemoryPerGpuBytes, actual.MemoryPerGpuBytes),
            Relative(expected.PredictedLoss, actual.PredictedLoss), Relative(expected.InferenceCostUsd, actual.InferenceCostUsd));
    }

    /// <summary>|a − b| / max(|a|, |b|); 0 if identical (both infinite alike included), +Infinity if only one is finite or either is NaN.</summary>
    public static double Relative(double a, double b)
    {
        if (a.Equals(b))
            return 0;
        if (!double.IsFinite(a) || !double.IsFinite(b))
            return double.PositiveInfinity;
        return Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static double Max(params double[] values) => values.Max();

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
