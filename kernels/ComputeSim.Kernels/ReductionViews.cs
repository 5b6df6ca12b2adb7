using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>
/// What <see cref="SweepKernels.Reduce"/> reads and writes besides the grid: the host's current bounds
/// (which points could still change a reduction) and the device's answer (counts and the few candidate points).
/// </summary>
public struct ReductionViews : IBoundData
{
    /// <summary>The reductions' score tables (top-k, best per hardware, best per cell, ...).</summary>
    public ArrayView<ScoreTable> Tables;
    /// <summary>Their thresholds, concatenated.</summary>
    public ArrayView<double> Thresholds;
    /// <summary>Wall-clock days of the host's Pareto front, ascending.</summary>
    public ArrayView<double> FrontDaysView;
    /// <summary>Cost of the same front points (descending).</summary>
    public ArrayView<double> FrontCostView;
    /// <summary>Points on the front (0 for none).</summary>
    public int FrontPoints;
    /// <summary>1 if the sweep keeps a Pareto front.</summary>
    public int KeepsFront;
    /// <summary>[0]: candidates found (may pass the capacity: then the host redoes the chunk); [1]: admissible points.</summary>
    public ArrayView<long> Counters;
    /// <summary>Flat indices of the candidates, in no particular order.</summary>
    public ArrayView<long> CandidateIndex;
    /// <summary>Their results.</summary>
    public ArrayView<PointResult> CandidateResult;

    /// <inheritdoc />
    public readonly int TableCount => Tables.IntLength;

    /// <inheritdoc />
    public readonly ScoreTable Table(int i) => Tables[i];

    /// <inheritdoc />
    public readonly double Threshold(int i) => Thresholds[i];

    /// <inheritdoc />
    public readonly int FrontCount => FrontPoints;

    /// <inheritdoc />
    public readonly double FrontDays(int i) => FrontDaysView[i];

    /// <inheritdoc />
    public readonly double FrontCost(int i) => FrontCostView[i];

    /// <inheritdoc />
    public readonly int Pareto => KeepsFront;
}
