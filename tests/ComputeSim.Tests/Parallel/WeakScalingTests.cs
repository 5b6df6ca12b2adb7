using System.Text.RegularExpressions;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// NVIDIA's DGX Cloud benchmarking recipes (releases 24.11 to 25.05, in the public set) run each model on 8 to 2,304 GPUs, and many
/// of their series change only the data-parallel size, with the micro-batches per rank fixed. Their published throughput per GPU
/// falls as the cluster grows (0.68% per doubling, pooled over 32 series), where the model's traffic terms are flat; the model's synchronisation
/// factor (<see cref="StepModel.SynchronisationFactor"/>) is that slope.
/// </summary>
public partial class WeakScalingTests
{
    [GeneratedRegex(@"^(?<stem>.+)-(?<gpus>\d+)(?<gbs>-gbs\d+)?$")]
    private static partial Regex SeriesName();

    // Series of runs of one release, model, chip and precision whose layouts differ only in the data-parallel size, at the same
    // micro-batches per rank: three sizes or more.
    private static List<List<ValidationRow>> Series()
    {
        var runs = Validator.AllRuns.Where(r => r.Group.StartsWith("dgxc", StringComparison.Ordinal)).ToList();
        return [.. TestData.Predict(runs)
            .GroupBy(row =>
            {
                Match m = SeriesName().Match(row.Run.Name);
                Layout l = row.Choice.Layout;
                double perRank = row.Run.GlobalBatch / ((double)l.MicroBatch * l.Dp);
                return (m.Groups["stem"].Value + m.Groups["gbs"].Value, l with { Dp = 1 }, perRank);
            })
            .Select(g => g.ToList())
            .Where(s => s.Select(r => r.Run.Gpus).Distinct().Count() >= 3)];
    }

    // Pooled within-series least-squares slope of y on ln(GPUs).
    private static double PooledSlope(List<List<ValidationRow>> series, Func<ValidationRow, double> y)
    {
        double num = 0, den = 0;
        foreach (var s in series)
        {
            double mx = s.Average(r => Math.Log(r.Run.Gpus)), my = s.Average(y);
            num += s.Sum(r => (Math.Log(r.Run.Gpus) - mx) * (y(r) - my));
            den += s.Sum(r => (Math.Log(r.Run.Gpus) - mx) * (Math.Log(r.Run.Gpus) - mx));
        }
        return num / den;
    }

    [Fact]
    public void The_synchronisation_slowdown_is_the_slope_of_the_published_weak_scaling_series()
    {
        var series = Series();
        Assert.Equal(32, series.Count);
        // Without the factor the model is nearly flat in the GPU count, and the published runs fall: ln(predicted/published) rises.
        double without = PooledSlope(series, r => Math.Log(r.Predicted * StepModel.SynchronisationFactor(r.Run.Gpus) / r.Run.Published));
        Assert.InRange(without / L2Calibration.SynchronisationSlowdown, 0.95, 1.05);
        // With it the errors no longer drift with the cluster's size.
        double with = PooledSlope(series, r => Math.Log(r.Predicted / r.Run.Published));
        Assert.InRange(with, -0.0015, 0.0015);
        // And the series agree on the sense: per-GPU throughput falls with the cluster in nearly all of them.
        int falling = series.Count(s => PooledSlope([s], r => Math.Log(r.Run.Published)) < 0);
        Assert.True(falling >= 31, $"{falling} of {series.Count} series fall");
    }
}
