using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Engine;
using CsCheck;

namespace ComputeSim.Tests.Planning;

public class MonteCarloTests
{
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");

    private static TrainingJob Job(double parameters, double gpus) => new()
    {
        Parameters = parameters, Tokens = 20 * parameters, Gpus = gpus, Precision = Precision.Bf16, Utilization = 0.4, PricePerGpuHourUsd = H100.PricePerGpuHourUsd,
    };

    private static MonteCarloPoint Point(long key, double parameters, double gpus)
    {
        TrainingJob job = Job(parameters, gpus);
        return MonteCarlo.PointOf(key, job, CostModel.Evaluate(job, H100, TestData.Standard), H100, default);
    }

    private static readonly MonteCarloPoint[] Points = [Point(0, 7e9, 64), Point(17, 70e9, 1024), Point(123_456_789_012, 405e9, 16_384)];

    private static readonly MonteCarloSpec Varied = new()
    {
        Seed = 42, Samples = 501, VaryMfu = 1,
        Mfu = new Distribution { Kind = DistributionKind.Normal, A = 0.4, B = 0.05, Low = 1e-3, High = 1 },
        FailuresPerNodeDay = new Distribution { Kind = DistributionKind.Triangular, A = 2.34e-3, B = 6.5e-3, C = 1.3e-2 },
        PriceFactor = new Distribution { Kind = DistributionKind.Uniform, A = 0.8, B = 1.2 },
    };

    [Fact]
    public void Zero_variance_percentiles_equal_the_deterministic_answer()
    {
        foreach (var spec in new[]
        {
            new MonteCarloSpec { Seed = 7, Samples = 100, VaryMfu = 0, FailuresPerNodeDay = Distribution.Constant(6.5e-3), PriceFactor = Distribution.Constant(1) },
            new MonteCarloSpec { Seed = 7, Samples = 100, VaryMfu = 1, Mfu = Distribution.Constant(0.4), FailuresPerNodeDay = Distribution.Constant(6.5e-3), PriceFactor = Distribution.Constant(1) },
            new MonteCarloSpec
            {
                Seed = 7, Samples = 100, VaryMfu = 1, Mfu = new Distribution { Kind = DistributionKind.Normal, A = 0.4, B = 0, Low = 0.4, High = 0.4 },
                FailuresPerNodeDay = new Distribution { Kind = DistributionKind.Uniform, A = 6.5e-3, B = 6.5e-3 },
                PriceFactor = new Distribution { Kind = DistributionKind.Triangular, A = 1, B = 1, C = 1 },
            },
        })
        {
            MonteCarloBands[] bands = MonteCarloRunner.Bands(MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, spec), spec.Samples);
            for (int i = 0; i < Points.Length; i++)
            {
                // The deterministic path: the L0 cost model's time, then the planner.
                TrainingJob job = Job(Points[i].Run.Parameters, Points[i].Run.Gpus);
                PlanResult plan = RunOverheads.Evaluate(RunOverheads.InputOf(job, CostModel.Evaluate(job, H100, TestData.Standard), H100), PlanningTestData.Defaults);
                Assert.Equal(new Band(plan.WallClockDays, plan.WallClockDays, plan.WallClockDays), bands[i].Days);
                Assert.Equal(new Band(plan.CostUsd, plan.CostUsd, plan.CostUsd), bands[i].CostUsd);
                Assert.Equal(new Band(plan.EnergyMwh, plan.EnergyMwh, plan.EnergyMwh), bands[i].EnergyMwh);
            }
        }
    }

    [Theory]
    [InlineData(BackendKind.Cpu)]
    [InlineData(BackendKind.IlgpuCpu)]
    [InlineData(BackendKind.Auto)]
    public void Samples_and_percentiles_are_identical_on_every_backend(BackendKind backend)
    {
        MonteCarloSample[] reference = MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, Varied);
        MonteCarloSample[] other = MonteCarloRunner.Sample(backend, Points, PlanningTestData.Defaults, Varied);
        Assert.Equal(reference, other);
        Assert.Equal(MonteCarloRunner.Bands(reference, Varied.Samples), MonteCarloRunner.Bands(other, Varied.Samples));
    }

    /// <summary>On a GPU, Log and Cos (normal draws) and Pow are software routines: samples match within a tolerance (skipped without a GPU).</summary>
    [SkippableTheory]
    [InlineData(IlgpuKind.Cuda)]
    [InlineData(IlgpuKind.OpenCL)]
    public void Samples_on_a_gpu_match_the_reference_within_tolerance(IlgpuKind kind)
    {
        GpuDevices.SkipUnlessPresent(kind);
        MonteCarloSample[] reference = MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, Varied);
        MonteCarloSample[] device = MonteCarloRunner.Sample(Backends.Of(kind), Points, PlanningTestData.Defaults, Varied);
        Assert.Equal(reference.Length, device.Length);
        for (int i = 0; i < reference.Length; i++)
        {
            MonteCarloSample e = reference[i], a = device[i];
            Assert.True(GpuDevices.Close(e.Days, a.Days, GpuDevices.RelativeTolerance)
                && GpuDevices.Close(e.CostUsd, a.CostUsd, GpuDevices.RelativeTolerance)
                && GpuDevices.Close(e.EnergyMwh, a.EnergyMwh, GpuDevices.RelativeTolerance),
                $"sample {i}: {e.Days:R} {e.CostUsd:R} {e.EnergyMwh:R} vs {a.Days:R} {a.CostUsd:R} {a.EnergyMwh:R}");
        }
    }

    [Fact]
    public void Bands_are_ordered_and_spread_when_inputs_vary()
    {
        MonteCarloBands[] bands = MonteCarloRunner.Bands(MonteCarloRunner.Sample(BackendKind.Cpu, Points, PlanningTestData.Defaults, Varied), Varied.Samples);
        foreach (MonteCarloBands b in bands)
            foreach (Band x in new[] { b.Days, b.CostUsd, b.EnergyMwh })
                Assert.True(x.P10 < x.P50 && x.P50 < x.P90, $"{x}");
    }

    /// <summary>Points past one batch are drawn in several, with the same draws (each is keyed by its point, not its place in a batch).</summary>
    [Theory]
    [InlineData(BackendKind.Cpu)]
    [InlineData(BackendKind.IlgpuCpu)]
    public void Batches_give_the_bands_of_one_batch(BackendKind backend)
    {
        MonteCarloBands[] whole = MonteCarloRunner.Bands(MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, Varied), Varied.Samples);
        // 1,100 slots hold two points of 501 samples: the three points take two batches.
        Assert.Equal(whole, MonteCarloRunner.Bands(backend, Points, PlanningTestData.Defaults, Varied, slotsPerBatch: 1_100));
    }

    [Fact]
    public void A_different_seed_gives_different_samples()
    {
        MonteCarloSample[] a = MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, Varied);
        MonteCarloSample[] b = MonteCarloRunner.Sample(BackendKind.Reference, Points, PlanningTestData.Defaults, Varied with { Seed = 43 });
        Assert.NotEqual(a, b);
    }

    /// <summary>Moments of each distribution from 20,000 counter-based draws; tolerance 4 standard errors.</summary>
    [Theory]
    [InlineData(DistributionKind.Normal, 0.4, 0.05, 0, 0.4, 0.05)]
    [InlineData(DistributionKind.Uniform, 0.8, 1.2, 0, 1.0, 0.11547)]
    [InlineData(DistributionKind.Triangular, 1, 2, 4, 7.0 / 3, 0.62361)]
    public void Draws_have_the_distribution_moments(int kind, double a, double b, double c, double mean, double sd)
    {
        var d = new Distribution { Kind = kind, A = a, B = b, C = c, Low = double.MinValue, High = double.MaxValue };
        const int n = 20_000;
        double[] x = Enumerable.Range(0, n).Select(s => Distribution.Sample(d, CounterRng.Uniform(1, 5, s, 0), CounterRng.Uniform(1, 5, s, 1))).ToArray();
        double m = x.Average();
        Assert.Equal(mean, m, 4 * sd / Math.Sqrt(n));
        Assert.Equal(sd, Math.Sqrt(x.Select(v => (v - m) * (v - m)).Sum() / (n - 1)), 0.03 * sd);
    }

    [Fact]
    public void Uniform_draws_lie_in_zero_one_and_never_hit_zero() =>
        Gen.Select(Gen.ULong, Gen.Long, Gen.Int[0, int.MaxValue], Gen.Int[0, 8]).Sample((seed, key, s, stream) =>
        {
            double u = CounterRng.Uniform(seed, key, s, stream);
            Assert.True(u > 0 && u <= 1, $"{u}");
        });

    [Fact]
    public void Interpolated_percentiles_lie_between_order_statistics()
    {
        // The validation tables' convention: an even count's median is the mean of the middle two.
        Assert.Equal(2.5, Percentiles.Interpolated([1, 2, 3, 4], 0.5));
        Assert.Equal(3.0, Percentiles.Interpolated([1, 2, 3, 4, 5], 0.5));
        // 0.9 of the way along ten samples is 8.1 positions in: 9 + 0.1 x (10 - 9).
        Assert.Equal(9.1, Percentiles.Interpolated([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 12);
        Assert.True(double.IsNaN(Percentiles.Interpolated([], 0.5)));
    }

    [Fact]
    public void Nearest_rank_percentiles_are_samples()
    {
        double[] v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
        Assert.Equal(new Band(1, 5, 9), Percentiles.Of(v));
    }
}
