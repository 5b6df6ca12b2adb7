namespace ComputeSim.Model;

/// <summary>The L2 model's few global constants, each a physical quantity that no datasheet gives.</summary>
/// <remarks>
/// Fitted jointly to the whole public calibration set (data/calibration/, 583 runs, every row with its source; each source family
/// weighing as the square root of its runs) by <c>computesim validate --fit</c>, which prints the fit, the residuals per source and
/// the leave-one-source-out errors; the values below are that fit's result from the previous constants, recorded in
/// docs/calibration.md (parts 23 and 31). Everything else in the model comes from profiles, shapes and layouts. A cluster
/// carries them (<see cref="ClusterSpec"/>), so a calibration to a user's own runs can replace them.
/// </remarks>
public static class L2Calibration
{
    /// <summary>Share of the profile's measured GEMM maximum that training sustains: clocks under power limits, kernels picked for real shapes.</summary>
    public const double SustainedGemmShare = 0.926;

    /// <summary>Start and drain of a GEMM tile's main loop, in elements of k (see <see cref="GemmModel"/>).</summary>
    public const double GemmDepthOverhead = 24.2;

    /// <summary>Fused attention (FlashAttention) throughput as a share of the profile's measured GEMM efficiency, at head width 128
    /// (<see cref="LayerModel.HeadWidthSpeed"/> scales it for others).</summary>
    public const double AttentionShare = 0.449;

    /// <summary>Bytes that element-wise kernels (norms, activations, residuals, dropout) move per byte of a layer's stored activations, per pass.</summary>
    public const double ElementwiseTraffic = 2.43;

    /// <summary>Fixed cost per kernel of an expert layer in an eager run (launch, tail, and the host's work per operation, which the
    /// dispatcher's synchronisation exposes), s.</summary>
    public const double KernelOverheadSeconds = 38.1e-6;

    /// <summary>Fixed cost per kernel of a dense layer, whose host runs ahead of the GPU: ramp-up, tail, the gap to the next kernel and
    /// the small kernels' shortfall from HBM bandwidth, s.</summary>
    public const double DenseKernelSeconds = 23.3e-6;

    /// <summary>Slowest expert's tokens over the mean: routing is never perfectly balanced.</summary>
    public const double ExpertImbalance = 1.062;

    /// <summary>Seconds of compute lost per second of communication hidden under it: the collectives' kernels hold streaming
    /// multiprocessors and HBM bandwidth that the GEMMs beside them would use (NCCL runs each channel as a thread block). Applies
    /// to every overlapped collective: data-parallel reduce-scatters and all-gathers (Megatron-Core, FSDP), tensor-parallel
    /// collectives (<c>tp_comm_overlap</c>) and expert-parallel all-to-alls.</summary>
    public const double OverlapSlowdown = 0.386;

    /// <summary>A step's slowdown per unit of the natural logarithm of its GPU count (<see cref="StepModel.SynchronisationFactor"/>):
    /// each step's collectives wait for the slowest GPU, and the slowest of more is slower.</summary>
    /// <remarks>Not in the joint fit: the pooled slope, on ln(GPUs), of ln(predicted / published throughput) without the factor within
    /// NVIDIA's DGX Cloud weak-scaling series (32 series of 3 to 8 cluster sizes, 8 to 2,304 GPUs, where only the data-parallel size
    /// changes and the micro-batches per rank stay; 31 of them fall, by 0.68% per doubling pooled). The model's traffic terms are
    /// nearly flat in them, so its errors drifted by 0.65% per doubling (docs/calibration.md, part 31).</remarks>
    public const double SynchronisationSlowdown = 0.0094;

    /// <summary>A production run's step over the tuned benchmark step of the same layout (<see cref="ClusterSpec.Production"/>): what
    /// papers report for their own runs (data loading, logging and evaluation inside the step, stragglers and contention on a shared
    /// cluster of thousands of GPUs, the software of their day), which vendors' benchmark tables leave out.</summary>
    /// <remarks>Not in the joint fit: the median step ratio of the set's eight production runs (the Llama 3 paper's three, MT-NLG's
    /// three, BLOOM's, DeepSeek-V3's), checked on ten production runs of six other sources no fit has seen
    /// (data/calibration/sheet/production-runs.tsv and the Nemotron-4 340B report's row of unseen.tsv; docs/calibration.md, part 30).</remarks>
    public const double ProductionSlowdown = 1.18;
}
