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
    /// <summary>Fraction of the profile's GEMM efficiency the training framework reaches end to end.</summary>
    public double FrameworkEfficiency { get; init; }
    /// <summary>Fixed cost per kernel (launch, tail, synchronisation), s.</summary>
    public double KernelOverheadSeconds { get; init; }
    /// <summary>Share of the compute time that data-parallel traffic can hide behind (0: none, as Megatron-LM 2021; 1: all of it, as FSDP prefetching).</summary>
    public double DpOverlap { get; init; }
    /// <summary>Bytes per gradient element on the wire in the data-parallel reduction (Megatron: fp32 = 4; FSDP bf16: 2).</summary>
    public double GradientReduceBytes { get; init; }
    /// <summary>1 if attention runs as FlashAttention: the s×s scores are never written to memory.</summary>
    public int FlashAttention { get; init; }
}
