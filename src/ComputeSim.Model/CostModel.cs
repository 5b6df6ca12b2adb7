namespace ComputeSim.Model;

/// <summary>Evaluates one configuration with the L0 formulas of <see cref="TrainingCost"/>.</summary>
/// <remarks>Kernel-safe: value types only, no allocation, no exceptions, no NaN sentinels.</remarks>
public static class CostModel
{
    /// <summary>Prices one job on one accelerator.</summary>
    public static PointResult Evaluate(in TrainingJob job, in AcceleratorSpec hardware, in Assumptions assumptions)
    {
        double peak = hardware.PeakFlops(job.Precision);
        double achieved = peak * job.Utilization;
        double flops = TrainingFlops(job, assumptions);
        // An unsupported precision has peak 0: time and cost become +Infinity, and the flag says why.
        double seconds = TrainingCost.WallClockSeconds(flops, job.Gpus, achieved);
        double gpuHours = TrainingCost.GpuHours(seconds, job.Gpus);
        double stateBytes = TrainingCost.MemoryBytes(job.Parameters, assumptions.StateBytesPerParam);
        double minGpus = TrainingCost.MinDevices(stateBytes, hardware.MemoryBytes);

        int status = PointStatus.Ok;
        if (peak <= 0.0)
            status |= PointStatus.PrecisionUnsupported;
        if (job.Gpus < minGpus)
            status |= PointStatus.DoesNotFit;
        double cost = TrainingCost.CostUsd(gpuHours, job.PricePerGpuHourUsd);
        double energy = TrainingCost.EnergyMwh(hardware.BoardPowerWatts, job.Gpus, seconds, assumptions.Pue);
        // A supported precision should give finite numbers; where the inputs push a result past the range of
        // double (or to NaN), the flag says so, so that no backend ranks it and no output prints it.
        if (peak > 0.0 && !(IsFinite(flops) && IsFinite(seconds) && IsFinite(gpuHours) && IsFinite(cost) && IsFinite(energy) && IsFinite(minGpus)))
            status |= PointStatus.Overflow;

        return new PointResult
        {
            TotalFlops = flops,
            AchievedFlopsPerGpu = achieved,
            WallClockDays = seconds / TrainingCost.SecondsPerDay,
            GpuHours = gpuHours,
            CostUsd = cost,
            EnergyMwh = energy,
            MinGpusForTrainingState = minGpus,
            Status = status,
        };
    }

    /// <summary>False for ±Infinity and NaN. A comparison, because <c>double.IsFinite</c> is not mapped by every kernel backend.</summary>
    private static bool IsFinite(double x) => Math.Abs(x) <= double.MaxValue;

    /// <summary>Training FLOPs of a job under the assumptions' active fraction.</summary>
    public static double TrainingFlops(in TrainingJob job, in Assumptions assumptions) =>
        TrainingCost.TrainingFlops(job.Parameters, job.Tokens, assumptions.ActiveFraction);
}
