using System.Runtime.Intrinsics;

namespace ComputeSim.Model;

/// <summary>
/// Four points of one L0 row (<see cref="L0Row.At(Vector256{double})"/>), struct of arrays: the fields of
/// <see cref="PointResult"/> that vary with the GPU count as lanes, the rest as the row's values.
/// </summary>
/// <remarks>At L0 a point has no layout, no predicted loss and no inference cost: those fields are 0.</remarks>
public readonly struct L0Lanes
{
    /// <summary>Total training FLOPs (the row's).</summary>
    public double TotalFlops { get; init; }
    /// <summary>Sustained FLOP/s per GPU (the row's).</summary>
    public double AchievedFlopsPerGpu { get; init; }
    /// <summary>Wall-clock days per lane.</summary>
    public Vector256<double> WallClockDays { get; init; }
    /// <summary>GPU-hours per lane.</summary>
    public Vector256<double> GpuHours { get; init; }
    /// <summary>Rental cost per lane, USD.</summary>
    public Vector256<double> CostUsd { get; init; }
    /// <summary>Energy per lane, MWh.</summary>
    public Vector256<double> EnergyMwh { get; init; }
    /// <summary>Fewest GPUs whose memory holds the training state (the row's).</summary>
    public double MinGpusForTrainingState { get; init; }
    /// <summary><see cref="PointStatus"/> flags per lane.</summary>
    public Vector256<long> Status { get; init; }

    /// <summary>Lane <paramref name="lane"/> (0 to 3) as the point <see cref="L0Row.At(double)"/> returns.</summary>
    public PointResult Point(int lane) => new()
    {
        TotalFlops = TotalFlops,
        AchievedFlopsPerGpu = AchievedFlopsPerGpu,
        WallClockDays = WallClockDays.GetElement(lane),
        GpuHours = GpuHours.GetElement(lane),
        CostUsd = CostUsd.GetElement(lane),
        EnergyMwh = EnergyMwh.GetElement(lane),
        MinGpusForTrainingState = MinGpusForTrainingState,
        Status = (int)Status.GetElement(lane),
    };
}
