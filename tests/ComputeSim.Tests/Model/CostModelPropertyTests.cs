using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Model;

/// <summary>Properties of the L0 model that must hold for any input (random search with a printed seed on failure).</summary>
public class CostModelPropertyTests
{
    private const long Iterations = 2000;
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");

    private static readonly Gen<TrainingJob> Jobs =
        Gen.Select(Gen.Double[1e6, 1e15], Gen.Double[1e6, 1e16], Gen.Int[1, 1 << 20], Gen.Double[1e-4, 1.0], Gen.Double[0.01, 100])
            .Select((p, t, g, u, price) => new TrainingJob
            {
                Parameters = p, Tokens = t, Gpus = g, Precision = Precision.Bf16, Utilization = u, PricePerGpuHourUsd = price,
            });

    private static PointResult Eval(TrainingJob job) => CostModel.Evaluate(job, H100, TestData.Standard);

    [Fact]
    public void More_gpus_never_increase_gpu_hours_at_fixed_utilization() =>
        Jobs.Sample(job =>
        {
            PointResult a = Eval(job), b = Eval(job with { Gpus = job.Gpus * 2 });
            Assert.True(b.GpuHours <= a.GpuHours * (1 + 1e-12));
            Assert.Equal(a.WallClockDays / 2, b.WallClockDays, a.WallClockDays * 1e-12);
        }, iter: Iterations);

    [Fact]
    public void Doubling_tokens_doubles_flops_cost_and_energy() =>
        Jobs.Sample(job =>
        {
            PointResult a = Eval(job), b = Eval(job with { Tokens = job.Tokens * 2 });
            Assert.Equal(2 * a.TotalFlops, b.TotalFlops, a.TotalFlops * 1e-12);
            Assert.Equal(2 * a.CostUsd, b.CostUsd, a.CostUsd * 1e-12);
            Assert.Equal(2 * a.EnergyMwh, b.EnergyMwh, a.EnergyMwh * 1e-12);
        }, iter: Iterations);

    [Fact]
    public void Results_are_finite_positive_and_never_beat_the_peak_roofline() =>
        Jobs.Sample(job =>
        {
            PointResult r = Eval(job);
            foreach (double v in new[] { r.TotalFlops, r.WallClockDays, r.GpuHours, r.CostUsd, r.EnergyMwh })
                Assert.True(double.IsFinite(v) && v > 0, $"value {v}");
            double atPeakDays = r.TotalFlops / (job.Gpus * H100.PeakBf16) / TrainingCost.SecondsPerDay;
            Assert.True(r.WallClockDays >= atPeakDays * (1 - 1e-12));
            Assert.Equal(0, r.Status & PointStatus.PrecisionUnsupported);
        }, iter: Iterations);

    [Fact]
    public void Fit_flag_matches_min_gpus() =>
        Jobs.Sample(job =>
        {
            PointResult r = Eval(job);
            bool fits = (r.Status & PointStatus.DoesNotFit) == 0;
            Assert.Equal(job.Gpus >= r.MinGpusForTrainingState, fits);
            Assert.True(r.MinGpusForTrainingState * H100.MemoryBytes >= job.Parameters * 16);
        }, iter: Iterations);

    [Fact]
    public void Unsupported_precision_is_flagged_with_infinite_time_not_nan()
    {
        var job = new TrainingJob { Parameters = 1e9, Tokens = 2e10, Gpus = 8, Precision = Precision.Bf16, Utilization = 0.4, PricePerGpuHourUsd = 3 };
        PointResult r = CostModel.Evaluate(job, TestData.Spec("v100-sxm2-32gb"), TestData.Standard);
        Assert.NotEqual(0, r.Status & PointStatus.PrecisionUnsupported);
        Assert.True(double.IsPositiveInfinity(r.WallClockDays));
        Assert.True(double.IsPositiveInfinity(r.CostUsd));
        Assert.False(Selection.Unconstrained(ObjectiveKind.Cost).Admits(r));
    }

    [Fact]
    public void Energy_is_board_power_times_time_times_pue()
    {
        // 1,024 GPUs at 700 W for one day at PUE 1.1: 700 × 1024 × 86400 × 1.1 J = 18.92 MWh.
        Assert.Equal(700.0 * 1024 * 86_400 * 1.1 / 3.6e9, TrainingCost.EnergyMwh(700, 1024, 86_400, 1.1), 1e-9);
    }
}
