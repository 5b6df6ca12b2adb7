using System.Runtime.Intrinsics;

namespace ComputeSim.Model;

/// <summary>The L0 (FLOP-count) training-cost formulas: one place, called by kernels and CPU paths.</summary>
/// <remarks>
/// Brown et al. 2020, "Language Models are Few-Shot Learners", Appendix D, Table D.1:
/// training FLOPs = params × tokens × forward FLOPs per active param (2) × backward
/// multiplier (3) × fraction of params active per token (1; 0.5 for T5-style
/// encoder-decoders). Attention FLOPs are ignored, as in the table.
/// <para>Each formula the every-point cpu path prices four GPU counts at once with has a <see cref="Vector256{T}"/>
/// overload beside it: the same IEEE operations in the same order (no fused multiply-add, as the scalar
/// formulas have none), so every lane equals the scalar formula bit for bit.</para>
/// </remarks>
public static class TrainingCost
{
    /// <summary>Forward-pass FLOPs per active parameter per token (one multiply-add).</summary>
    public const double ForwardFlopsPerActiveParam = 2.0;
    /// <summary>Forward + backward = 3 × forward.</summary>
    public const double BackwardMultiplier = 3.0;
    /// <summary>FLOP/s in one TFLOP/s (profiles and outputs speak TFLOP/s; the formulas FLOP/s).</summary>
    public const double FlopsPerTflop = 1e12;
    /// <summary>FLOPs in one petaflop/s-day: 1e15 × 86 400.</summary>
    public const double FlopsPerPfDay = 8.64e19;
    /// <summary>Seconds per day.</summary>
    public const double SecondsPerDay = 86_400.0;
    /// <summary>Seconds per hour.</summary>
    public const double SecondsPerHour = 3_600.0;
    /// <summary>Days per year used for GPU-years (the seed's 355 GPU-years uses 365).</summary>
    public const double DaysPerYear = 365.0;
    /// <summary>Joules per megawatt-hour.</summary>
    public const double JoulesPerMwh = 3.6e9;

    /// <summary>FLOPs per parameter per token: 2 × 3 × active fraction (6 for decoders, 3 for T5).</summary>
    public static double FlopsPerParamPerToken(double activeFraction) =>
        ForwardFlopsPerActiveParam * BackwardMultiplier * activeFraction;

    /// <summary>Total training FLOPs.</summary>
    public static double TrainingFlops(double parameters, double tokens, double activeFraction) =>
        parameters * tokens * FlopsPerParamPerToken(activeFraction);

    /// <summary>Petaflop/s-days.</summary>
    public static double PfDays(double flops) => flops / FlopsPerPfDay;

    /// <summary>Wall-clock seconds on <paramref name="gpus"/> GPUs each sustaining <paramref name="achievedFlopsPerGpu"/>.</summary>
    public static double WallClockSeconds(double flops, double gpus, double achievedFlopsPerGpu) =>
        flops / (gpus * achievedFlopsPerGpu);

    /// <summary><see cref="WallClockSeconds(double, double, double)"/> lane by lane.</summary>
    public static Vector256<double> WallClockSeconds(Vector256<double> flops, Vector256<double> gpus, Vector256<double> achievedFlopsPerGpu) =>
        flops / (gpus * achievedFlopsPerGpu);

    /// <summary>GPU-hours: every GPU is paid for the whole wall-clock time.</summary>
    public static double GpuHours(double wallClockSeconds, double gpus) =>
        wallClockSeconds * gpus / SecondsPerHour;

    /// <summary><see cref="GpuHours(double, double)"/> lane by lane.</summary>
    public static Vector256<double> GpuHours(Vector256<double> wallClockSeconds, Vector256<double> gpus) =>
        wallClockSeconds * gpus / Vector256.Create(SecondsPerHour);

    /// <summary>Rental cost, USD.</summary>
    public static double CostUsd(double gpuHours, double pricePerGpuHourUsd) => gpuHours * pricePerGpuHourUsd;

    /// <summary><see cref="CostUsd(double, double)"/> lane by lane.</summary>
    public static Vector256<double> CostUsd(Vector256<double> gpuHours, Vector256<double> pricePerGpuHourUsd) => gpuHours * pricePerGpuHourUsd;

    /// <summary>Energy, MWh: power per GPU × GPUs × time × PUE (the L0 model passes board power; planning, the average IT power per GPU).</summary>
    public static double EnergyMwh(double boardPowerWatts, double gpus, double wallClockSeconds, double pue) =>
        boardPowerWatts * gpus * wallClockSeconds * pue / JoulesPerMwh;

    /// <summary><see cref="EnergyMwh(double, double, double, double)"/> lane by lane.</summary>
    public static Vector256<double> EnergyMwh(Vector256<double> boardPowerWatts, Vector256<double> gpus, Vector256<double> wallClockSeconds,
        Vector256<double> pue) =>
        boardPowerWatts * gpus * wallClockSeconds * pue / Vector256.Create(JoulesPerMwh);

    /// <summary>Bytes to hold <paramref name="parameters"/> at <paramref name="bytesPerParam"/>.</summary>
    public static double MemoryBytes(double parameters, double bytesPerParam) => parameters * bytesPerParam;

    /// <summary>Fewest devices whose memory together holds <paramref name="bytes"/> (perfect sharding).</summary>
    public static double MinDevices(double bytes, double deviceMemoryBytes) => Math.Ceiling(bytes / deviceMemoryBytes);
}
