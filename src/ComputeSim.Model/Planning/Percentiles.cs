namespace ComputeSim.Model;

/// <summary>P10, P50 and P90 of one quantity.</summary>
/// <param name="P10">10th percentile.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
public readonly record struct Band(double P10, double P50, double P90);

/// <summary>Percentiles of samples by nearest rank: a sample itself, so identical samples give identical percentiles.</summary>
public static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1] of ascending <paramref name="sorted"/>.</summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double p)
    {
        int rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Min(Math.Max(rank, 1), sorted.Length) - 1];
    }

    /// <summary>The percentile <paramref name="q"/> (0..1) of ascending <paramref name="sorted"/>, interpolated linearly between
    /// order statistics (the median of an even count is the mean of the middle two); NaN when there are none.</summary>
    public static double Interpolated(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            return double.NaN;
        double at = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(at);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>P10/P50/P90 of <paramref name="values"/> (sorted in place).</summary>
    public static Band Of(Span<double> values)
    {
        values.Sort();
        return new Band(NearestRank(values, 0.1), NearestRank(values, 0.5), NearestRank(values, 0.9));
    }
}
