namespace ComputeSim.Model;

/// <summary>Training software the L2 model knows: how it overlaps, reduces and computes attention.</summary>
public enum Software
{
    /// <summary>Megatron-LM (2021–22): data-parallel reduction after the backward pass, in fp32; explicit softmax.</summary>
    Megatron = 0,
    /// <summary>PyTorch FSDP (llm-foundry): collectives overlapped with compute, bf16 reduction, FlashAttention.</summary>
    Fsdp = 1,
}

/// <summary>The constants of the training software, and a cluster built from its parts.</summary>
public static class TrainingSoftware
{
    /// <summary>
    /// Share of the profile's measured GEMM efficiency that the framework reaches end to end, and its
    /// fixed cost per kernel. Fitted once, jointly, to the ten rows of Narayanan et al. 2021 Table 1
    /// (the same two numbers for every row, accelerator and software); <c>computesim validate</c>
    /// prints the residuals and the out-of-sample errors.
    /// </summary>
    public const double FrameworkEfficiency = 0.68;

    /// <summary>See <see cref="FrameworkEfficiency"/>.</summary>
    public const double KernelOverheadSeconds = 20e-6;

    /// <summary>Bits per byte.</summary>
    private const double BitsPerByte = 8.0;

    /// <summary>A cluster: nodes of <paramref name="gpusPerNode"/>, <paramref name="scaleOutGbitPerGpu"/> Gb/s of NIC per GPU at <paramref name="scaleOutEfficiency"/>.</summary>
    public static ClusterSpec Cluster(Software software, int gpusPerNode, double scaleOutGbitPerGpu, double scaleOutEfficiency,
        double scaleUpLatencySeconds, double scaleOutLatencySeconds) => new()
    {
        GpusPerNode = gpusPerNode,
        ScaleOutBytesPerSecond = scaleOutGbitPerGpu * 1e9 / BitsPerByte * scaleOutEfficiency,
        ScaleUpLatencySeconds = scaleUpLatencySeconds,
        ScaleOutLatencySeconds = scaleOutLatencySeconds,
        FrameworkEfficiency = FrameworkEfficiency,
        KernelOverheadSeconds = KernelOverheadSeconds,
        // Megatron-LM reduces bf16 gradients in fp32 by default (accumulate_allreduce_grads_in_fp32) after the
        // backward pass; FSDP prefetches and reduce-scatters in bf16 while computing.
        DpOverlap = software == Software.Fsdp ? 1.0 : 0.0,
        GradientReduceBytes = software == Software.Fsdp ? 2.0 : 4.0,
        FlashAttention = software == Software.Fsdp ? 1 : 0,
    };
}
