using ComputeSim.Model;

namespace ComputeSim.Tests.Model;

/// <summary>
/// The seed report's compute-section figures (equity research note on ChatGPT, Feb 2023),
/// recomputed from the formulas with the seed's own inputs. Each tolerance is what the seed's
/// rounding allows, stated per case.
/// </summary>
public class SeedFigureTests
{
    private const double V100TensorPeak = 125e12;   // seed: V100 NVLink tensor 125 TFLOPS
    private const double V100Sustained = 28e12;     // seed: 28 TFLOPS sustained
    private const double AzurePerHour = 3.06;       // seed: $3.06 per V100-hour
    private const double V100MemoryBytes = 32e9;    // seed: V100 32 GB
    private static readonly double Flops13B = TrainingCost.TrainingFlops(12.85e9, 300e9, 1);
    private static readonly double Flops175B = TrainingCost.TrainingFlops(174.6e9, 300e9, 1);

    private static double Days(double flops, double rate) => TrainingCost.WallClockSeconds(flops, 1, rate) / TrainingCost.SecondsPerDay;

    [Fact]
    public void Single_V100_days_at_tensor_peak()
    {
        // Seed: 268 / 0.125 = 2144 days and 3640 / 0.125 = 29120 days; 268 and 3640 carry 3 significant figures (±0.19%, ±0.14%).
        Assert.Equal(2144, Days(Flops13B, V100TensorPeak), 2144 * 0.0019);
        Assert.Equal(29120, Days(Flops175B, V100TensorPeak), 29120 * 0.0014);
    }

    [Fact]
    public void Gpu_years_at_sustained_28_tflops()
    {
        // Seed: 26 GPU-years (2 significant figures: ±1.9%) and 355 (from 3.14e23, truncated: ±0.5%).
        Assert.Equal(26, Days(Flops13B, V100Sustained) / TrainingCost.DaysPerYear, 26 * 0.019);
        Assert.Equal(355, Days(Flops175B, V100Sustained) / TrainingCost.DaysPerYear, 355 * 0.005);
    }

    [Fact]
    public void Cloud_cost_at_3_06_per_hour()
    {
        double Cost(double flops) => TrainingCost.CostUsd(TrainingCost.GpuHours(TrainingCost.WallClockSeconds(flops, 1, V100Sustained), 1), AzurePerHour);
        // Seed: $0.7M (1 significant figure: ±7.1%) and $9.5M (2 significant figures: ±0.53%).
        Assert.Equal(0.7e6, Cost(Flops13B), 0.7e6 * 0.071);
        Assert.Equal(9.5e6, Cost(Flops175B), 9.5e6 * 0.0053);
    }

    [Fact]
    public void Chips_to_hold_175B_weights_at_4_bytes()
    {
        double bytes = TrainingCost.MemoryBytes(175e9, 4);
        Assert.Equal(700e9, bytes);                                               // seed: 700 GB, exact from its 175B
        Assert.Equal(22, TrainingCost.MinDevices(bytes, V100MemoryBytes));        // seed: 22 V100s, exact
        Assert.Equal(198_000, TrainingCost.MinDevices(bytes, V100MemoryBytes) * 9000); // seed: "~$200k" = 22 × $9,000
    }

    [Fact]
    public void Corrected_training_state_needs_four_times_the_chips()
    {
        // 16 bytes/param (mixed-precision Adam) for 174.6B params = 2.79 TB -> 88 V100 32 GB.
        double state = TrainingCost.MemoryBytes(174.6e9, 16);
        Assert.Equal(2.7936e12, state, 1e3);
        Assert.Equal(88, TrainingCost.MinDevices(state, V100MemoryBytes));
    }

    [Fact]
    public void Pf_day_is_1e15_flops_for_a_day() =>
        Assert.Equal(1e15 * 86_400, TrainingCost.FlopsPerPfDay);
}
