namespace ComputeSim.Model;

/// <summary>
/// The part of an L0 evaluation that does not depend on the GPU count: a job's "row" of the grid
/// (every point that differs only in GPUs). <see cref="CostModel.Evaluate"/> is <c>Of(...).At(gpus)</c>,
/// so a sweep that prepares a row once and prices many GPU counts gets the same bits.
/// </summary>
/// <remarks>Kernel-safe: a value type of doubles, no allocation, no exceptions.</remarks>
public readonly struct L0Row
{
    /// <summary>Dense peak at the job's precision, FLOP/s (0 if unsupported).</summary>
    public double Peak { get; init; }
    /// <summary>Achieved FLOP/s per GPU: peak × utilisation.</summary>
    public double Achieved { get; init; }
    /// <summary>Training FLOPs.</summary>
    public double Flops { get; init; }
    /// <summary>Fewest GPUs whose memory holds the training state.</summary>
    public double MinGpus { get; init; }
    /// <summary>Price per GPU-hour, USD.</summary>
    public double PricePerGpuHourUsd { get; init; }
    /// <summary>Board power, W.</summary>
    public double BoardPowerWatts { get; init; }
    /// <summary>Watts counted per board watt in the energy scope (<see cref="Assumptions.WattsPerBoardWatt"/>).</summary>
    public double WattsPerBoardWatt { get; init; }

    /// <summary>Prepares the GPU-independent quantities of a job.</summary>
    public static L0Row Of(in TrainingJob job, in AcceleratorSpec hardware, in Assumptions assumptions)
    {
        double peak = hardware.PeakFlops(job.Precision);
        return new L0Row
        {
            Peak = peak,
            Achieved = peak * job.Utilization,
            Flops = FlopsOf(job, assumptions),
            MinGpus = TrainingCost.MinDevices(TrainingCost.MemoryBytes(job.Parameters, assumptions.StateBytesPerParam), hardware.MemoryBytes),
            PricePerGpuHourUsd = job.PricePerGpuHourUsd,
            BoardPowerWatts = hardware.BoardPowerWatts,
            WattsPerBoardWatt = assumptions.WattsPerBoardWatt,
        };
    }

    /// <summary>Training FLOPs of a job: the only field of a row that depends on its tokens.</summary>
    public static double FlopsOf(in TrainingJob job, in Assumptions assumptions) =>
        TrainingCost.TrainingFlops(job.Parameters, job.Tokens, assumptions.ActiveFraction);

    /// <summary>Wall-clock seconds on <paramref name="gpus"/> GPUs.</summary>
    public double Seconds(double gpus) => TrainingCost.WallClockSeconds(Flops, gpus, Achieved);

    /// <summary>Wall-clock days on <paramref name="gpus"/> GPUs.</summary>
    public double Days(double gpus) => Seconds(gpus) / TrainingCost.SecondsPerDay;

    /// <summary>Prices the row's job on <paramref name="gpus"/> GPUs.</summary>
    public PointResult At(double gpus)
    {
        // An unsupported precision has peak 0: time and cost become +Infinity, and the flag says why.
        double seconds = Seconds(gpus);
        double gpuHours = TrainingCost.GpuHours(seconds, gpus);
        int status = PointStatus.Ok;
        if (Peak <= 0.0)
            status |= PointStatus.PrecisionUnsupported;
        if (gpus < MinGpus)
            status |= PointStatus.DoesNotFit;
        double cost = TrainingCost.CostUsd(gpuHours, PricePerGpuHourUsd);
        double energy = TrainingCost.EnergyMwh(BoardPowerWatts * WattsPerBoardWatt, gpus, seconds, 1.0);
        // A supported precision should give finite numbers; where the inputs push a result past the range of
        // double (or to NaN), the flag says so, so that no backend ranks it and no output prints it.
        if (Peak > 0.0 && !(IsFinite(Flops) && IsFinite(seconds) && IsFinite(gpuHours) && IsFinite(cost) && IsFinite(energy) && IsFinite(MinGpus)))
            status |= PointStatus.Overflow;

        return new PointResult
        {
            TotalFlops = Flops,
            AchievedFlopsPerGpu = Achieved,
            WallClockDays = seconds / TrainingCost.SecondsPerDay,
            GpuHours = gpuHours,
            CostUsd = cost,
            EnergyMwh = energy,
            MinGpusForTrainingState = MinGpus,
            Status = status,
        };
    }

    /// <summary>False for ±Infinity and NaN. A comparison, because <c>double.IsFinite</c> is not mapped by every kernel backend.</summary>
    internal static bool IsFinite(double x) => Math.Abs(x) <= double.MaxValue;
}
