using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>
/// What <see cref="SweepKernels.Reduce"/> reads and writes besides the grid: the host's current bounds
/// (which points could still be kept) and the device's answer (counts and the few candidate points).
/// </summary>
public struct ReductionViews
{
    /// <summary>Per hardware index, the highest score that could still be kept (top-k or best per hardware).</summary>
    public ArrayView<double> Thresholds;
    /// <summary>Wall-clock days of the host's Pareto front, ascending.</summary>
    public ArrayView<double> FrontDays;
    /// <summary>Cost of the same front points (descending).</summary>
    public ArrayView<double> FrontCost;
    /// <summary>Points on the front (0 for none).</summary>
    public int FrontCount;
    /// <summary>1 if the sweep keeps a Pareto front.</summary>
    public int Pareto;
    /// <summary>[0]: candidates found (may pass the capacity: then the host redoes the chunk); [1]: admissible points.</summary>
    public ArrayView<long> Counters;
    /// <summary>Flat indices of the candidates, in no particular order.</summary>
    public ArrayView<long> CandidateIndex;
    /// <summary>Their results.</summary>
    public ArrayView<PointResult> CandidateResult;
}
