namespace ComputeSim.Model;

/// <summary>Training software the L2 model knows: how it overlaps, reduces and computes attention.</summary>
public enum Software
{
    /// <summary>Megatron-LM as of 2021–22: data-parallel reduction after the backward pass in fp32, explicit softmax, no overlap.</summary>
    Megatron = 0,
    /// <summary>PyTorch FSDP (llm-foundry, TorchTitan): collectives overlapped with compute, bf16 reduction, FlashAttention.</summary>
    Fsdp = 1,
    /// <summary>Megatron-Core / NeMo (2024–): FlashAttention, distributed optimizer with overlapped gradient reduce-scatter and
    /// parameter all-gather, tensor-parallel communication overlap, bf16 gradient reduction.</summary>
    MegatronCore = 2,
    /// <summary>PyTorch FSDP2 with Transformer Engine's fused attention (NeMo AutoModel): FSDP's overlap and bf16 reduction, the
    /// accelerator's native attention kernel.</summary>
    FsdpTe = 3,
    /// <summary>PyTorch FSDP2 with asynchronous tensor parallelism (TorchTitan's <c>enable_async_tensor_parallel</c>): FSDP's overlap,
    /// bf16 reduction and FlashAttention-2, and tensor-parallel collectives decomposed and run under their GEMMs.</summary>
    FsdpAsyncTp = 4,
    /// <summary>Megatron-Core 0.18's performance recipes for MoE on Blackwell (Megatron-Bridge 26.06 on): Megatron-Core's switches,
    /// the whole iteration captured in CUDA graphs (<c>cuda_graph_impl full_iteration</c>, made possible by sync-free, paged-stash
    /// MoE buffers), so an expert layer's kernel costs only its GPU-side gap, and each expert group's MLP as one fused kernel
    /// (<c>cutedsl_fused_grouped_mlp</c>).</summary>
    MegatronCoreGraphs = 5,
}

/// <summary>The switches of each training software, and a cluster built from its parts.</summary>
/// <remarks>
/// Each preset is a set of documented switches: Megatron-LM's 2021 defaults
/// (<c>accumulate_allreduce_grads_in_fp32</c>, no overlap, explicit softmax); llm-foundry's and
/// TorchTitan's FSDP (prefetching, bf16 reduce-scatter, FlashAttention); and the Megatron-Core
/// performance recipes NeMo publishes (<c>overlap_grad_reduce</c>, <c>overlap_param_gather</c>,
/// <c>tp_comm_overlap</c>, <c>grad_sync_dtype</c> bf16, FlashAttention through Transformer Engine).
/// </remarks>
public static class TrainingSoftware
{
    /// <summary>Bits per byte.</summary>
    private const double BitsPerByte = 8.0;

    /// <summary>The name used on the command line and in cluster profiles.</summary>
    public static string Name(Software software) => software switch
    {
        Software.Fsdp => "fsdp",
        Software.MegatronCore => "megatron-core",
        Software.FsdpTe => "fsdp-te",
        Software.FsdpAsyncTp => "fsdp-async-tp",
        Software.MegatronCoreGraphs => "megatron-core-graphs",
        _ => "megatron",
    };

    /// <summary>What a software's switches are, in a few words (for help text and for the line an estimate prints).</summary>
    public static string Describe(Software software) => software switch
    {
        Software.Fsdp => "overlapped, bf16 reduction, FlashAttention-2",
        Software.MegatronCore => "Transformer Engine's fused attention and FP8 MLP, overlapped DP and TP communication, bf16 reduction",
        Software.FsdpTe => "fsdp with Transformer Engine's fused attention",
        Software.FsdpAsyncTp => "fsdp with tensor-parallel communication under the GEMMs, TorchTitan's async TP",
        Software.MegatronCoreGraphs => "megatron-core with the whole iteration in CUDA graphs (no host time per kernel in expert layers) and fused expert MLPs",
        _ => "2021: no overlap, fp32 gradient reduction, explicit softmax",
    };

    /// <summary>Every software name.</summary>
    public static readonly string[] Names = ["megatron", "fsdp", "megatron-core", "fsdp-te", "fsdp-async-tp", "megatron-core-graphs"];

    /// <summary>Parses a name; false if unknown.</summary>
    public static bool TryParse(string name, out Software software)
    {
        int i = Array.IndexOf(Names, name);
        software = i < 0 ? Software.Megatron : (Software)i;
        return i >= 0;
    }

    /// <summary>A cluster: nodes of <paramref name="gpusPerNode"/>, <paramref name="scaleOutGbitPerGpu"/> Gb/s of NIC per GPU at <paramref name="scaleOutEfficiency"/>.</summary>
    public static ClusterSpec Cluster(Software software, int gpusPerNode, double scaleOutGbitPerGpu, double scaleOutEfficiency,
        double scaleUpLatencySeconds, double scaleOutLatencySeconds) => WithSoftware(new ClusterSpec
        {
            GpusPerNode = gpusPerNode,
            ScaleOutBytesPerSecond = scaleOutGbitPerGpu * 1e9 / BitsPerByte * scaleOutEfficiency,
            ScaleUpLatencySeconds = scaleUpLatencySeconds,
            ScaleOutLatencySeconds = scaleOutLatencySeconds,
            FrameworkEfficiency = L2Calibration.SustainedGemmShare,
            KernelOverheadSeconds = L2Calibration.KernelOverheadSeconds,
            DenseKernelSeconds = L2Calibration.DenseKernelSeconds,
            GemmDepthOverhead = L2Calibration.GemmDepthOverhead,
            AttentionShare = L2Calibration.AttentionShare,
            ElementwiseTraffic = L2Calibration.ElementwiseTraffic,
            ExpertImbalance = L2Calibration.ExpertImbalance,
            OverlapSlowdown = L2Calibration.OverlapSlowdown,
        }, software);

    // Megatron-Core's tp_comm_overlap and overlap_p2p_comm and TorchTitan's async TP (micro-pipelined all-gather and reduce-scatter
    // matmuls): the presets overlap tensor-parallel collectives and pipeline sends together; a recipe's switches set them apart.
    private static int OverlapsCollectives(Software software) =>
        software is Software.MegatronCore or Software.MegatronCoreGraphs or Software.FsdpAsyncTp ? 1 : 0;

    /// <summary><paramref name="cluster"/> running <paramref name="software"/>: its overlap, reduction precision and attention kernel.</summary>
    public static ClusterSpec WithSoftware(in ClusterSpec cluster, Software software) => cluster with
    {
        DpOverlap = software == Software.Megatron ? 0.0 : 1.0,
        // Megatron-LM 2021 reduced in fp32; FSDP and the Megatron-Core performance recipes (grad_sync_dtype bf16) in bf16.
        GradientReduceBytes = software == Software.Megatron ? 4.0 : 2.0,
        FlashAttention = software == Software.Megatron ? 0 : 1,
        TpCommOverlap = OverlapsCollectives(software),
        PipelineSendOverlap = OverlapsCollectives(software),
        GemmPerExpert = software == Software.MegatronCore ? 1 : 0,
        // Transformer Engine runs cuDNN's fused attention, built for each architecture; llm-foundry and TorchTitan ran FlashAttention-2.
        NativeAttention = software is Software.MegatronCore or Software.MegatronCoreGraphs or Software.FsdpTe ? 1 : 0,
        FusedFp8Activation = software is Software.MegatronCore or Software.MegatronCoreGraphs ? 1 : 0,
        CudaGraphs = software == Software.MegatronCoreGraphs ? 1 : 0,
        // Every preset runs attention in BF16; recipes that run it in FP8 say so (fp8_attention=on).
        Fp8Attention = 0,
        // Megatron-Core's default dispatcher is NCCL's all-to-all; recipes that run DeepEP or HybridEP across nodes say so.
        DedupDispatch = 0,
        // Every preset trains in mixed precision (fp32 master weights and moments); recipes that keep BF16 states say so (bf16_states=on).
        Bf16States = 0,
        // Every preset prices the tuned step of benchmark tables; a production run's report says so (production=on).
        Production = 0,
    };
}
