using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// <see cref="At(double)"/> for four GPU counts at once, for the cpu backend's every-point path: the same
    /// operations in the same order, so each lane equals <c>At(gpus[lane])</c> bit for bit (tests check it).
    /// </summary>
    /// <remarks>Host only: kernels price one point per thread with <see cref="At(double)"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public L0Lanes At(Vector256<double> gpus)
    {
        Vector256<double> seconds = TrainingCost.WallClockSeconds(Vector256.Create(Flops), gpus, Vector256.Create(Achieved));
        Vector256<double> gpuHours = TrainingCost.GpuHours(seconds, gpus);
        Vector256<long> status = Vector256.Create(Peak <= 0.0 ? (long)PointStatus.PrecisionUnsupported : PointStatus.Ok)
            | (Vector256.LessThan(gpus, Vector256.Create(MinGpus)).AsInt64() & Vector256.Create((long)PointStatus.DoesNotFit));
        Vector256<double> cost = TrainingCost.CostUsd(gpuHours, Vector256.Create(PricePerGpuHourUsd));
        Vector256<double> energy = TrainingCost.EnergyMwh(Vector256.Create(BoardPowerWatts * WattsPerBoardWatt), gpus, seconds, Vector256<double>.One);
        if (Peak > 0.0)
        {
            Vector256<long> finite = IsFinite(Flops) && IsFinite(MinGpus)
                ? IsFinite(seconds) & IsFinite(gpuHours) & IsFinite(cost) & IsFinite(energy)
                : Vector256<long>.Zero;
            status |= Vector256.AndNot(Vector256.Create((long)PointStatus.Overflow), finite);
        }

        return new L0Lanes
        {
            TotalFlops = Flops,
            AchievedFlopsPerGpu = Achieved,
            WallClockDays = seconds / Vector256.Create(TrainingCost.SecondsPerDay),
            GpuHours = gpuHours,
            CostUsd = cost,
            EnergyMwh = energy,
            MinGpusForTrainingState = MinGpus,
            Status = status,
        };
    }

    /// <summary><see cref="IsFinite(double)"/> lane by lane: all bits set where finite.</summary>
    private static Vector256<long> IsFinite(Vector256<double> x) =>
        Vector256.LessThanOrEqual(Vector256.Abs(x), Vector256.Create(double.MaxValue)).AsInt64();

    /// <summary>False for ±Infinity and NaN. A comparison, because <c>double.IsFinite</c> is not mapped by every kernel backend.</summary>
    internal static bool IsFinite(double x) => Math.Abs(x) <= double.MaxValue;
}
