using ComputeSim.Engine.Validation;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// The whole public calibration set (data/calibration/, 96 runs from 12 sources: A100, H100, B200; dense and MoE;
/// BF16 and FP8) predicted with the shipped constants. Acceptance: median |error| ≤ 7.2% (measured 6.7%) and at
/// least five runs in six within 15% (measured 82 of 96). The one run over 35% (Megatron-Bridge 25.11's
/// Qwen3-30B-A3B on 16 H100, +86%) disagrees with NeMo AutoModel's 12,040 tokens/s/GPU for the same model on 8 H100
/// (docs/calibration.md); it stays in the set and in these figures.
/// </summary>
public class PublicSetAccuracyTests
{
    [Fact]
    public void Median_error_within_7_2_percent_and_five_in_six_runs_within_15()
    {
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        var errors = calibrator.Predict(Validator.AllRuns, null).Select(r => Math.Abs(r.RelativeError)).Order().ToList();
        Assert.All(errors, e => Assert.True(double.IsFinite(e)));
        int n = errors.Count;
        double median = n % 2 == 0 ? (errors[n / 2 - 1] + errors[n / 2]) / 2 : errors[n / 2];
        Assert.True(median <= 0.072, $"median error {median:P1}");
        int within = errors.Count(e => e <= 0.15);
        Assert.True(within >= 5.0 * n / 6.0, $"{within} of {n} within 15%");
    }
}
