namespace ComputeSim.Model;

/// <summary>What a Monte-Carlo run varies and how often.</summary>
public readonly struct MonteCarloSpec
{
    /// <summary>Seed of the counter-based generator.</summary>
    public ulong Seed { get; init; }
    /// <summary>Samples per point.</summary>
    public int Samples { get; init; }
    /// <summary>1 to draw the MFU from <see cref="Mfu"/>; 0 to keep each point's own throughput.</summary>
    public int VaryMfu { get; init; }
    /// <summary>Model FLOPs utilisation (achieved / dense peak).</summary>
    public Distribution Mfu { get; init; }
    /// <summary>1 to scale predicted points' GEMM efficiency by a draw of <see cref="MatmulEfficiencyFactor"/> and re-run their step model.</summary>
    public int VaryMatmulEfficiency { get; init; }
    /// <summary>Factor on each accelerator's measured GEMM efficiency (its profile's matmul_efficiency).</summary>
    public Distribution MatmulEfficiencyFactor { get; init; }
    /// <summary>Failures per node-day.</summary>
    public Distribution FailuresPerNodeDay { get; init; }
    /// <summary>Factor on the point's price per GPU-hour.</summary>
    public Distribution PriceFactor { get; init; }
}

/// <summary>One point of a Monte Carlo: what is fixed about it.</summary>
public struct MonteCarloPoint
{
    /// <summary>The generator's key: the grid index (each point has its own stream, whatever the backend).</summary>
    public long Key;
    /// <summary>Training FLOPs.</summary>
    public double Flops;
    /// <summary>Dense peak per GPU, FLOP/s.</summary>
    public double PeakFlops;
    /// <summary>The point's own sustained FLOP/s per GPU, used when the MFU is not varied.</summary>
    public double AchievedFlopsPerGpu;
    /// <summary>The run, with <see cref="PlanInput.ComputeSeconds"/> left for the sample to set.</summary>
    public PlanInput Run;
    /// <summary>The job (tokens and precision for a predicted step).</summary>
    public TrainingJob Job;
    /// <summary>The accelerator.</summary>
    public AcceleratorSpec Hardware;
    /// <summary>L2 settings; <see cref="ParallelSettings.Enabled"/> 1 for a predicted point.</summary>
    public ParallelSettings Parallel;
    /// <summary>The layout the L2 model chose for a predicted point.</summary>
    public Layout Layout;
}

/// <summary>One sample's outcome.</summary>
public struct MonteCarloSample
{
    /// <summary>Wall-clock days with failures.</summary>
    public double Days;
    /// <summary>Rental cost at the tier, USD.</summary>
    public double CostUsd;
    /// <summary>Facility energy, MWh.</summary>
    public double EnergyMwh;
}

/// <summary>Draws one Monte-Carlo sample: the one formula the kernel, cpu and reference paths share.</summary>
public static class MonteCarlo
{
    /// <summary>The Monte-Carlo point of a priced job (<paramref name="key"/>: its grid index; <paramref name="parallel"/>: the L2 settings it was predicted with, or default).</summary>
    public static MonteCarloPoint PointOf(long key, in TrainingJob job, in PointResult result, in AcceleratorSpec hardware, in ParallelSettings parallel) => new()
    {
        Key = key,
        Flops = result.TotalFlops,
        PeakFlops = hardware.PeakFlops(job.Precision),
        AchievedFlopsPerGpu = result.AchievedFlopsPerGpu,
        Run = RunOverheads.InputOf(job, result, hardware),
        Job = job,
        Hardware = hardware,
        Parallel = parallel,
        Layout = result.Layout,
    };

    /// <summary>
    /// Failure-free seconds of a predicted point whose GEMMs reach <paramref name="matmulEfficiency"/> of peak:
    /// its chosen layout's step re-run through the L2 step model, times the steps (as <see cref="CostModel.EvaluatePredicted"/> counts them).
    /// </summary>
    public static double PredictedSeconds(in MonteCarloPoint point, double matmulEfficiency)
    {
        TransformerShape shape = point.Parallel.ShapeFor(point.Job.Parameters);
        AcceleratorSpec hardware = point.Hardware with { MatmulEfficiency = matmulEfficiency };
        StepResult step = StepModel.Evaluate(shape, point.Layout, point.Parallel.BatchFor(point.Job.Gpus, shape), hardware, point.Job.Precision, point.Parallel.Cluster);
        double steps = point.Parallel.Steps(point.Job.Tokens, point.Job.Gpus, shape);
        return steps * step.StepTimeSeconds;
    }

    private const int MfuStream = 0;
    private const int FailureStream = 2;
    private const int PriceStream = 4;
    private const int MatmulStream = 6;

    /// <summary>Sample <paramref name="sample"/> of <paramref name="point"/>. Kernel-safe.</summary>
    public static MonteCarloSample Sample(in MonteCarloPoint point, in PlanningAssumptions a, in MonteCarloSpec spec, int sample)
    {
        double failures = Draw(spec.FailuresPerNodeDay, spec.Seed, point.Key, sample, FailureStream);
        double priceFactor = Draw(spec.PriceFactor, spec.Seed, point.Key, sample, PriceStream);
        PlanInput run = point.Run;
        if (spec.VaryMatmulEfficiency != 0 && point.Parallel.Enabled != 0)
        {
            // A factor on each accelerator's own measured efficiency, so one distribution serves a sweep over several; capped at 1.
            double gemmFactor = Draw(spec.MatmulEfficiencyFactor, spec.Seed, point.Key, sample, MatmulStream);
            run.ComputeSeconds = PredictedSeconds(point, Math.Min(1.0, point.Hardware.MatmulEfficiency * gemmFactor));
        }
        else
        {
            double achieved = spec.VaryMfu != 0 ? point.PeakFlops * Draw(spec.Mfu, spec.Seed, point.Key, sample, MfuStream) : point.AchievedFlopsPerGpu;
            // The same expression as the cost model (achieved = peak × utilisation), so a fixed MFU reproduces it bit for bit.
            run.ComputeSeconds = TrainingCost.WallClockSeconds(point.Flops, run.Gpus, achieved);
        }
        PlanResult r = RunOverheads.Evaluate(run, a, failures, run.PricePerGpuHourUsd * priceFactor);
        return new MonteCarloSample { Days = r.WallClockDays, CostUsd = r.CostUsd, EnergyMwh = r.EnergyMwh };
    }

    /// <summary>A draw from two uniforms of consecutive streams.</summary>
    private static double Draw(in Distribution d, ulong seed, long key, int sample, int stream) =>
        Distribution.Sample(d, CounterRng.Uniform(seed, key, sample, stream), CounterRng.Uniform(seed, key, sample, stream + 1));
}
