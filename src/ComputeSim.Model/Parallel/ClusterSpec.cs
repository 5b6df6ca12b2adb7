namespace ComputeSim.Model;

/// <summary>The cluster around the accelerators and the training software's measured costs, SI units.</summary>
/// <remarks>
/// The accelerator's own figures (peak, HBM bandwidth, GEMM efficiency, scale-up bus bandwidth)
/// come from its profile; these are the rest.
/// </remarks>
public readonly struct ClusterSpec
{
    /// <summary>GPUs per node, joined by the scale-up link; tensor parallelism stays inside a node.</summary>
    public int GpusPerNode { get; init; }
    /// <summary>Achievable scale-out (inter-node) bus bandwidth per GPU, bytes/s.</summary>
    public double ScaleOutBytesPerSecond { get; init; }
    /// <summary>Per-step latency of a collective or send inside a node, s.</summary>
    public double ScaleUpLatencySeconds { get; init; }
    /// <summary>Per-step latency of a collective or send between nodes, s.</summary>
    public double ScaleOutLatencySeconds { get; init; }
    /// <summary>Share of the profile's measured GEMM maximum sustained in training (<see cref="L2Calibration.SustainedGemmShare"/>; a calibration to a user's runs refits it).</summary>
    public double FrameworkEfficiency { get; init; }
    /// <summary>Fixed cost per kernel of an expert layer in an eager run, where the host stalls on the dispatcher's synchronisation
    /// and its work per operation shows (<see cref="L2Calibration.KernelOverheadSeconds"/>), s.</summary>
    public double KernelOverheadSeconds { get; init; }
    /// <summary>Fixed cost per kernel of a dense layer, whose host runs ahead of the GPU with or without CUDA graphs
    /// (<see cref="L2Calibration.DenseKernelSeconds"/>), s.</summary>
    public double DenseKernelSeconds { get; init; }
    /// <summary>Share of the compute time that data-parallel traffic can hide behind (0: none, as Megatron-LM 2021; 1: all of it, as FSDP prefetching).</summary>
    public double DpOverlap { get; init; }
    /// <summary>Bytes per gradient element on the wire in the data-parallel reduction (Megatron: fp32 = 4; FSDP bf16: 2).</summary>
    public double GradientReduceBytes { get; init; }
    /// <summary>1 if attention runs as FlashAttention: the s×s scores are never written to memory.</summary>
    public int FlashAttention { get; init; }
    /// <summary>Start and drain of a GEMM tile's main loop in elements of k (<see cref="GemmModel"/>; <see cref="L2Calibration.GemmDepthOverhead"/>).</summary>
    public double GemmDepthOverhead { get; init; }
    /// <summary>Fused-attention throughput as a share of the measured GEMM efficiency (<see cref="L2Calibration.AttentionShare"/>).</summary>
    public double AttentionShare { get; init; }
    /// <summary>Element-wise bytes moved per byte of a layer's stored activations, per pass (<see cref="L2Calibration.ElementwiseTraffic"/>).</summary>
    public double ElementwiseTraffic { get; init; }
    /// <summary>Busiest expert's tokens over the mean (<see cref="L2Calibration.ExpertImbalance"/>).</summary>
    public double ExpertImbalance { get; init; }
    /// <summary>Compute seconds lost per second of communication hidden under compute (<see cref="L2Calibration.OverlapSlowdown"/>).</summary>
    public double OverlapSlowdown { get; init; }
    /// <summary>1 if tensor- and expert-parallel collectives run under the layer's GEMMs (Megatron-Core <c>tp_comm_overlap</c>,
    /// <c>overlap_moe_expert_parallel_comm</c>).</summary>
    public int TpCommOverlap { get; init; }
    /// <summary>1 if pipeline sends run under compute (Megatron-Core <c>overlap_p2p_comm</c>). A separate switch because recipes
    /// set it apart: Megatron-Bridge's NVFP4 recipes turn <c>tp_comm_overlap</c> off and keep the pipeline's overlap.</summary>
    public int PipelineSendOverlap { get; init; }
    /// <summary>1 if an MoE layer's grouped GEMM runs as one GEMM kernel per local expert (Transformer Engine's GroupedLinear in
    /// Megatron-Core), 0 if as one grouped kernel (<c>torch._grouped_mm</c> in TorchTitan and NeMo AutoModel).</summary>
    public int GemmPerExpert { get; init; }
    /// <summary>1 if fused attention is the accelerator's native kernel (cuDNN through Transformer Engine, FlashAttention-3), 0 if
    /// FlashAttention-2, which newer accelerators run at <see cref="AcceleratorSpec.FlashAttention2Speed"/> of it.</summary>
    public int NativeAttention { get; init; }
    /// <summary>1 if an FP8 MLP's activation and its gradient write their own FP8 copies, so the intermediate activation needs no
    /// separate cast (Transformer Engine's LayerNormMLP in Megatron-Core); 0 if a cast kernel reads it again.</summary>
    public int FusedFp8Activation { get; init; }
    /// <summary>1 if the software captures the whole training iteration in CUDA graphs (Megatron-Core 0.18's <c>full_iteration</c>):
    /// a kernel of an expert layer then costs <see cref="LayerModel.GraphedKernelSeconds"/>, its gap on the GPU, instead of
    /// <see cref="KernelOverheadSeconds"/>, which also carries the host's work the expert layer's synchronisation exposes; a dense
    /// layer's kernels cost <see cref="DenseKernelSeconds"/> either way (<see cref="LayerModel.KernelSeconds"/>).</summary>
    public int CudaGraphs { get; init; }
    /// <summary>1 if an 8- or 4-bit recipe also runs the attention core in FP8 (Transformer Engine's <c>fp8_dot_product_attention</c>,
    /// cuDNN's FP8 kernel) at <see cref="LayerModel.Fp8AttentionSpeed"/>, its backward over <see cref="LayerModel.Fp8BackwardKeys"/>;
    /// no effect in a 16-bit run or on a chip without a measured speed (<see cref="LayerModel.RunsFp8Attention"/>).</summary>
    public int Fp8Attention { get; init; }
    /// <summary>1 if expert dispatch crosses the network once per token and node that holds its experts, then fans out over the
    /// scale-up link (DeepEP's and HybridEP's internode kernels: Megatron-Core's <c>flex</c> dispatcher, NeMo AutoModel, DeepSeek's
    /// own); 0 if every routed copy bound for another node crosses the network (NCCL all-to-all, Megatron-Core's <c>alltoall</c>
    /// dispatcher). No effect where the expert group fits in one node (<see cref="LayerModel.RemoteNodesPerToken"/>).</summary>
    public int DedupDispatch { get; init; }
    /// <summary>1 if weights, gradients and Adam's two moments are all kept in BF16 with no fp32 master copy (NeMo AutoModel's
    /// BF16 models under FSDP2, whose optimizer states take the parameters' dtype): 8 bytes a parameter and half the optimizer's
    /// HBM traffic; 0 for mixed precision's 16 bytes (<see cref="ParameterStates"/>).</summary>
    public int Bf16States { get; init; }
    /// <summary>1 to price a production run as production reports publish it, <see cref="L2Calibration.ProductionSlowdown"/> times the
    /// tuned step (<see cref="StepModel.ProductionFactor"/>); 0 for the tuned benchmark step that vendors' tables publish.</summary>
    public int Production { get; init; }
}
