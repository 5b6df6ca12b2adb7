using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>Named clusters and training-software constants, with their sources.</summary>
public static class Clusters
{
    /// <summary>Bytes per second in one gigabit per second.</summary>
    public const double BytesPerGbit = 1e9 / 8;

    /// <summary>
    /// Fraction of NIC line rate that NCCL's ring reaches between nodes: 192 GB/s all-reduce busbw on
    /// a DGX A100 with 8 × HDR 200 Gb/s (NCCL issue #812) = 0.96.
    /// </summary>
    public const double ScaleOutEfficiency = 0.96;

    /// <summary>
    /// Share of the profile's GEMM efficiency that Megatron-LM (2021–22) reaches end to end, and its fixed
    /// cost per kernel. Fitted once, jointly, to the ten rows of Narayanan et al. 2021 Table 1 (the
    /// same two numbers for every row and every accelerator); the fit's residuals are what
    /// <c>computesim validate</c> prints.
    /// </summary>
    public const double MegatronFrameworkEfficiency = 0.68;

    /// <summary>See <see cref="MegatronFrameworkEfficiency"/>.</summary>
    public const double MegatronKernelOverheadSeconds = 20e-6;

    /// <summary>Order-of-magnitude NCCL per-step latencies (µs); they matter only for small messages.</summary>
    public const double ScaleUpLatencySeconds = 5e-6;

    /// <summary>See <see cref="ScaleUpLatencySeconds"/>.</summary>
    public const double ScaleOutLatencySeconds = 10e-6;

    /// <summary>A cluster of 8-GPU nodes with <paramref name="scaleOutGbitPerGpu"/> Gb/s of NIC per GPU, running Megatron-LM.</summary>
    public static ClusterSpec Megatron(double scaleOutGbitPerGpu, int gpusPerNode = 8) => new()
    {
        GpusPerNode = gpusPerNode,
        ScaleOutBytesPerSecond = scaleOutGbitPerGpu * BytesPerGbit * ScaleOutEfficiency,
        ScaleUpLatencySeconds = ScaleUpLatencySeconds,
        ScaleOutLatencySeconds = ScaleOutLatencySeconds,
        FrameworkEfficiency = MegatronFrameworkEfficiency,
        KernelOverheadSeconds = MegatronKernelOverheadSeconds,
        DpOverlap = 0.0,
        // Megatron-LM reduces bf16 gradients in fp32 by default (accumulate_allreduce_grads_in_fp32).
        GradientReduceBytes = 4.0,
    };

    /// <summary>NVIDIA Selene as used by Narayanan et al. 2021: DGX A100 80 GB, 8 × HDR 200 Gb/s per node.</summary>
    public static ClusterSpec Selene => Megatron(200);
}
