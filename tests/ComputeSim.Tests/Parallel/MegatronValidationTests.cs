using ComputeSim.Engine.Validation;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// Narayanan et al. 2021 Table 1: per-GPU throughput of all ten models with the published t and p
/// (micro-batch and interleaving searched), with the constants fitted to the whole public calibration set
/// (96 runs, 12 sources), not to this table. Acceptance: median |error| ≤ 5.5%, none over 7.5% (measured
/// 4.7% and 6.7%; every row but the first a little slow). The §5.1 projections (34 and 84 days) within 7% (measured 1.4% and
/// 6.0%: the 1T projection inherits the 4.6% shortfall of Table 1's 1T row). Same profile and cluster values
/// for every row.
/// </summary>
public class MegatronValidationTests(ITestOutputHelper output)
{
    private static ValidationRow Predict(PublishedRun run) => Validator.Predict(run, TestData.Spec, TestData.Cluster);

    [Fact]
    public void Table1_throughput_median_within_5_5_percent_and_every_row_within_7_5()
    {
        var rows = Validator.Group("narayanan-2021-table1").Select(Predict).ToList();
        foreach (ValidationRow r in rows)
            output.WriteLine($"{r.Run.Name}: published {r.Run.Published} TF, predicted {r.Predicted:F1} ({r.RelativeError:+0.0%;-0.0%}) b={r.Choice.Layout.MicroBatch} v={r.Choice.Layout.Interleave}");
        var errors = rows.Select(r => Math.Abs(r.RelativeError)).Order().ToList();
        double median = (errors[4] + errors[5]) / 2;
        Assert.True(median <= 0.055, $"median error {median:P1}");
        Assert.All(rows, r => Assert.True(Math.Abs(r.RelativeError) <= 0.075, $"{r.Run.Name}: {r.RelativeError:P1}"));
    }

    [Fact]
    public void End_to_end_projections_within_7_percent()
    {
        foreach (PublishedRun run in Validator.Group("narayanan-2021-projections"))
        {
            ValidationRow r = Predict(run);
            output.WriteLine($"{run.Name}: published {run.Published} days, predicted {r.Predicted:F1} ({r.RelativeError:+0.0%;-0.0%})");
            Assert.True(Math.Abs(r.RelativeError) <= 0.07, $"{run.Name}: {r.RelativeError:P1}");
        }
    }
}

