namespace ComputeSim.Model;

/// <summary>One Mamba-2 mixer layer of a hybrid model on one GPU, as Megatron-Core runs it (<c>MambaMixer</c>).</summary>
/// <remarks>
/// <para>The mixer's two projections are GEMMs (<see cref="ProjectionSeconds"/>), split by tensor parallelism as an MLP's are:
/// the input projection column-parallel over heads and groups, the output projection row-parallel, one reduction a pass.</para>
/// <para>Between them, <c>mamba_split_conv1d_scan_combined</c> (state-spaces/mamba, <c>ssd_combined.py</c>) runs the causal
/// convolution and five Triton kernels of the chunked scan (Dao and Gu 2024, arXiv:2405.21060, §6-7: chunk cumulative sum, chunk
/// states, state passing, C·Bᵀ, chunk scan), then a gated group RMSNorm; its backward recomputes the convolution and the states.
/// The scan's matrix products are a few percent of the layer's FLOPs; what sets its time is the fp32 chunk states
/// (heads × head width × state per chunk of <see cref="ChunkSize"/> tokens) that its kernels write and read
/// (<see cref="ScanSeconds"/>). The activations it keeps feed the element-wise traffic every layer pays
/// (<see cref="SplitBytes"/>).</para>
/// <para>Context parallelism (Megatron-Core's <c>MambaContextParallel</c>) turns the sequence split into a head split around the
/// scan with all-to-alls (<see cref="ContextParallelSeconds"/>).</para>
/// <para>Each function prices a hybrid's mixer; the layer and memory models call them only for hybrid shapes, so a transformer's
/// layer does none of this work.</para>
/// </remarks>
public static class MambaModel
{
    private const double ActivationBytes = 2.0;
    private const double StateBytes = 4.0;

    /// <summary>Tokens per chunk of the scan (Megatron-Core's <c>MambaMixer</c> default, and every released config's
    /// <c>chunk_size</c>).</summary>
    public const double ChunkSize = 128.0;

    /// <summary>Kernels of a mixer layer per pass: the norm and input projection, the transpose of its output, the convolution, the
    /// scan's five, the output's transpose, the gated norm, the output projection and the residual add.</summary>
    public const double KernelsPerPass = 12.0;

    /// <summary>Passes the scan's kernels make over the fp32 chunk states: forward, the chunk-state kernel writes them, state
    /// passing reads and rewrites them, the chunk scan reads them (4); backward, the recomputed forward's 3, and the state
    /// gradients written, passed back (read twice, written once) and read by the input and B gradients (7).</summary>
    public const double StatePasses = 14.0;

    /// <summary>The scan's backward matrix products over its forward's: the recomputed states and C·Bᵀ, and the gradients of x,
    /// B, C and the states (the kernel list of <c>_mamba_chunk_scan_combined_bwd</c>), as FlashAttention's backward is 2.5 times
    /// its forward.</summary>
    public const double ScanBackward = 2.5;

    /// <summary>True if tensor parallelism <paramref name="layout"/>.Tp splits the mixer's heads and groups, and context
    /// parallelism its heads (and its groups, or they replicate over it), as Megatron-Core asserts.</summary>
    public static bool Splits(in TransformerShape shape, in Layout layout)
    {
        int t = layout.Tp, c = layout.Context;
        if (shape.MambaHeads % t != 0 || shape.MambaGroups % t != 0 || (shape.MambaHeads / t) % c != 0)
            return false;
        int groups = shape.MambaGroups / t;
        return groups >= c ? groups % c == 0 : c % groups == 0;
    }

    /// <summary>Forward seconds of one mixer's two projections on one GPU.</summary>
    public static double ProjectionSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        double peak, double elementBytes, in ClusterSpec cluster)
    {
        double depth = cluster.GemmDepthOverhead;
        return GemmModel.Seconds(tokens, shape.MambaInputWidthPerGpu(layout.Tp), shape.Hidden, 1, hw, peak, elementBytes, depth)
            + GemmModel.Seconds(tokens, shape.Hidden, shape.MambaWidth / layout.Tp, 1, hw, peak, elementBytes, depth);
    }

    /// <summary>Seconds of one mixer's scan on one GPU for one micro-batch, forward, backward and any recomputation: its matrix
    /// products at the fused-attention rate and its chunk states at HBM bandwidth.</summary>
    /// <remarks>Per token and head, the forward's products are C·Bᵀ over the chunk (2·Q·N per group), the chunk states and the
    /// output from them (2·N·P each), and the causal half of the chunk's quadratic part (Q·P). Recomputation repeats the forward.
    /// The tokens a GPU holds are its whole sequences' share of the heads under context parallelism, the same count.</remarks>
    public static double ScanSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        double t = layout.Tp, q = ChunkSize, n = shape.MambaStateDim, p = shape.MambaHeadDim;
        double heads = shape.MambaHeads / t, groups = shape.MambaGroups / t;
        double forwardFlops = tokens * (2.0 * q * n * groups + heads * (4.0 * n * p + q * p));
        double forwards = layout.Recompute == Recompute.Full ? 2.0 : 1.0;
        double rate = GemmModel.SustainedPeak(hw, Precision.Bf16, cluster) * hw.MatmulEfficiency * cluster.AttentionShare;
        double stateBytes = StateBytes * tokens / q * heads * p * n;
        double statePasses = StatePasses + (forwards - 1.0) * 4.0;
        return (forwards + ScanBackward) * forwardFlops / rate + statePasses * stateBytes / hw.MemoryBandwidthBytesPerSecond;
    }

    /// <summary>Bytes per s·b·h a mixer layer stores on tensors tensor parallelism splits: the input projection's output (z, x, B,
    /// C, the step sizes), the scan's output, the gated output and the norm's output (the output projection's input, kept as its
    /// FP8 copy in an FP8 run), 2 bytes each, and the norm's fp32 statistics per group; the convolution's output, the chunk states
    /// and C·Bᵀ are recomputed in the backward (<c>MambaSplitConv1dScanCombinedFn</c> saves <c>zxbcdt</c> and <c>out_x</c>).</summary>
    public static double SplitBytes(in TransformerShape shape, bool fp8)
    {
        double h = shape.Hidden, d = shape.MambaWidth;
        double stored = ActivationBytes * (2.0 * d + shape.MambaStateWidth + shape.MambaHeads + 3.0 * d) + StateBytes * shape.MambaGroups;
        return (stored - (fp8 ? d : 0.0)) / h;
    }

    /// <summary>Seconds of one mixer's context-parallel all-to-alls on one GPU: forward, z, x, B, C and the step sizes go from a
    /// sequence split to a head split and the output comes back; backward, their gradients the other way (and a recomputed forward
    /// repeats its own). Not hidden: the scan waits for them.</summary>
    public static double ContextParallelSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        in ClusterSpec cluster)
    {
        double c = layout.Context;
        if (c == 1)
            return 0.0;
        int t = layout.Tp;
        // Groups fewer than the context ranks are replicated to each (Megatron-Core's group_repeat_count).
        double groupCopies = Math.Max(1.0, c / (shape.MambaGroups / (double)t));
        double width = (2.0 * shape.MambaWidth + groupCopies * shape.MambaStateWidth + shape.MambaHeads) / t + shape.MambaWidth / t;
        double bytes = ActivationBytes * tokens * width * (c - 1.0) / c;
        bool inNode = layout.Tp * layout.Context <= cluster.GpusPerNode;
        double exchanges = layout.Recompute == Recompute.Full ? 3.0 : 2.0;
        return exchanges * (bytes / Links.Bandwidth(inNode, hw, cluster) + (c - 1.0) * Links.Latency(inNode, cluster));
    }
}
