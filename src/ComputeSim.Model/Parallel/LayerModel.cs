using System.Runtime.CompilerServices;

namespace ComputeSim.Model;

/// <summary>Seconds one GPU spends on one transformer layer for one micro-batch, forward and backward, by kind of work.</summary>
public struct LayerTime
{
    /// <summary>GEMMs (projections, MLP or experts, router; attention products without a fused kernel).</summary>
    public double GemmSeconds;
    /// <summary>Fused attention (FlashAttention), forward and backward; in a hybrid, with its Mamba-2 mixers' scans, the other
    /// sequence-mixing kernels.</summary>
    public double AttentionSeconds;
    /// <summary>Element-wise kernels at HBM bandwidth, and the fixed cost per kernel.</summary>
    public double ElementwiseSeconds;
    /// <summary>Exposed tensor-, context- and expert-parallel communication.</summary>
    public double CommunicationSeconds;

    /// <summary>Everything.</summary>
    public readonly double Total => GemmSeconds + AttentionSeconds + ElementwiseSeconds + CommunicationSeconds;
}

/// <summary>One layer's work on one GPU, operation by operation.</summary>
/// <remarks>
/// <para>A GPU of a t-way tensor- and c-way context-parallel group holds b·s/c tokens of a micro-batch.
/// Each GEMM is timed from its (m, n, k) by <see cref="GemmModel"/>; the backward pass repeats
/// each GEMM twice (data and weight gradients, Narayanan et al. 2021 Appendix) and full
/// recomputation once more. GQA key/value heads are replicated when t exceeds them
/// (Megatron-Core). Routed experts see top-k copies of the tokens spread over the experts a GPU
/// holds (expert tensor parallelism 1, as in Megatron-Core's MoE recipes).</para>
/// <para>Fused attention runs causal (half the s×s square) at <see cref="L2Calibration.AttentionShare"/>
/// of the measured GEMM efficiency with the accelerator's native kernel (<see cref="KernelSpeed"/>); its backward recomputes the scores, 2.5× the forward (Dao 2023,
/// FlashAttention-2 §3.1.2). Without it (Megatron-LM 2021) the full square runs as batched GEMMs.</para>
/// <para>Collectives: tensor parallelism all-reduces the layer output twice forward and twice backward
/// (Narayanan §3.2), hidden behind the layer's GEMMs when the software overlaps them but for one of each
/// collective's t ring steps, and slowing them by <see cref="L2Calibration.OverlapSlowdown"/> of what they hide; context
/// parallelism passes key/value blocks round a ring behind the attention kernel; expert parallelism
/// dispatches and combines every routed token with an all-to-all forward and backward, hidden behind the GEMMs
/// when the software overlaps expert-parallel communication.</para>
/// </remarks>
public static class LayerModel
{
    private const double ActivationBytes = 2.0;
    /// <summary>FlashAttention's backward over its forward: 5 matmuls to 2 (Dao 2023).</summary>
    private const double FusedAttentionBackward = 2.5;
    /// <summary>Kernels per layer per pass (GEMMs, norms, activations, residuals, attention, dropouts).</summary>
    public const double KernelsPerLayerPass = 16.0;

    /// <summary>Kernels per pass of one block, a transformer layer's attention or its MLP (half of <see cref="KernelsPerLayerPass"/>),
    /// as a hybrid's attention and MLP layers run them.</summary>
    public const double KernelsPerBlockPass = KernelsPerLayerPass / 2.0;
    /// <summary>Further kernels of an MoE layer per pass: router GEMM, score, top-k, load-balancing loss, token
    /// histogram, permute, unpermute, dispatch and combine, and a grouped GEMM in place of each MLP GEMM.</summary>
    public const double MoeKernelsPerLayerPass = 10.0;
    /// <summary>What a kernel of an expert layer costs inside a CUDA graph that holds the whole iteration: no host work, only the
    /// GPU's gap between graph nodes and the kernel's own ramp-up and tail. Chosen on a grid with the eight fitted constants
    /// refitted at each value: 12 µs minimises the whole set's loss (0.08664, against 0.08694 at 8 µs, part 12's value, and 0.08674
    /// at 16 µs; docs/calibration.md, part 23).</summary>
    public const double GraphedKernelSeconds = 12e-6;

    /// <summary>Seconds each kernel of a layer costs beyond its work: in an expert layer the cluster's fitted
    /// <see cref="ClusterSpec.KernelOverheadSeconds"/> in an eager run and <see cref="GraphedKernelSeconds"/> under CUDA graphs; in a
    /// dense layer the fitted <see cref="ClusterSpec.DenseKernelSeconds"/> either way.</summary>
    /// <remarks>The host's work per operation shows only where the host stalls. An expert layer of an eager run waits on the host
    /// every pass (the dispatcher copies the tokens per expert to the host to size its all-to-all), so the host's work per kernel
    /// after it is exposed; the sync-free buffers that graph capture needs remove the stall with the host work. A dense layer's
    /// host runs ahead of the GPU with or without graphs: MLPerf's graph-captured Llama 3.1 405B on 256 and 448 B200 (TP 4, CP 2,
    /// PP 8, VP 8) publishes 667 and 659 tokens/s/GPU, Megatron-Bridge's eager run of the same layout on 128 B200 661 to 664
    /// (docs/calibration.md, part 14). A dense layer's kernel still costs its ramp-up, its tail, the gap to the next and the small
    /// kernels' shortfall from HBM bandwidth, but not the host's work: the two costs are fitted apart (docs/calibration.md,
    /// part 23).</remarks>
    public static double KernelSeconds(in ClusterSpec cluster, bool moe) =>
        moe ? (cluster.CudaGraphs != 0 ? GraphedKernelSeconds : cluster.KernelOverheadSeconds) : cluster.DenseKernelSeconds;

    /// <summary>Copies of every routed token an MoE layer makes per pass: permute and unpermute, each a read and a write.</summary>
    private const double PermutationCopies = 4.0;

    /// <summary>One layer; <paramref name="moe"/> selects an expert layer of an MoE shape. Under partial recomputation, the
    /// average of the stage's layers: its recomputed share priced as under full recomputation, the rest as storing everything.</summary>
    public static LayerTime Evaluate(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision,
        in ClusterSpec cluster, bool moe)
    {
        if (layout.Recompute != Recompute.Partial)
            return EvaluateWhole(shape, layout, hw, precision, cluster, moe);
        double share = MemoryModel.RecomputedShare(shape, layout);
        LayerTime stored = EvaluateWhole(shape, layout with { Recompute = Recompute.None }, hw, precision, cluster, moe);
        LayerTime recomputed = EvaluateWhole(shape, layout with { Recompute = Recompute.Full }, hw, precision, cluster, moe);
        return new LayerTime
        {
            GemmSeconds = StepModel.Mix(stored.GemmSeconds, recomputed.GemmSeconds, share),
            AttentionSeconds = StepModel.Mix(stored.AttentionSeconds, recomputed.AttentionSeconds, share),
            ElementwiseSeconds = StepModel.Mix(stored.ElementwiseSeconds, recomputed.ElementwiseSeconds, share),
            CommunicationSeconds = StepModel.Mix(stored.CommunicationSeconds, recomputed.CommunicationSeconds, share),
        };
    }

    // One layer under no, selective or full recomputation. Not inlined: the kernels call it from several places, and inlining
    // each copy would multiply the code ILGPU compiles.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LayerTime EvaluateWhole(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision,
        in ClusterSpec cluster, bool moe)
    {
        double t = layout.Tp, c = layout.Context;
        double tokens = (double)layout.MicroBatch * shape.SeqLen / c;
        double gemmPeak = GemmModel.SustainedPeak(hw, precision, cluster);
        double elementBytes = GemmModel.OperandBytes(precision);
        // Passes over the layer: forward once, backward twice (GEMMs and element-wise work alike), full recomputation once more;
        // recomputing the MLP or expert blocks runs them once more and the rest of the layer three times.
        double passes = layout.Recompute == Recompute.Full ? 4.0 : 3.0;
        double mlpPasses = layout.Recompute == Recompute.Mlp ? 4.0 : passes;
        var r = new LayerTime();

        // The average layer: a transformer's attention and MLP, or a hybrid's attention, MLP and Mamba layers in their shares.
        double a = shape.AttentionShare, f = shape.MlpShare, m = shape.MambaShare;
        bool hybrid = shape.IsHybrid;
        double mlpForward = f * MlpSeconds(shape, layout, tokens, hw, gemmPeak, elementBytes, moe, cluster);
        double forward = a * AttentionProjectionSeconds(shape, layout, tokens, hw, gemmPeak, elementBytes, cluster)
            + mlpForward
            + (hybrid ? m * MambaModel.ProjectionSeconds(shape, layout, tokens, hw, gemmPeak, elementBytes, cluster) : 0.0);
        r.GemmSeconds = passes * forward + (mlpPasses - passes) * mlpForward;

        double attention = AttentionSeconds(shape, layout, tokens, hw, precision, cluster, out double attentionGemm);
        r.AttentionSeconds = a * attention + (hybrid ? m * MambaModel.ScanSeconds(shape, layout, tokens, hw, cluster) : 0.0);
        r.GemmSeconds += a * attentionGemm;

        // Per GPU already: the activation bytes count this GPU's 1/c of each sequence.
        double stored = MemoryModel.LayerWorkingSetBytes(shape, layout, cluster.FlashAttention);
        double mlp = f * MlpElements(shape, layout, tokens, moe);
        // A squared ReLU is a kernel of its own beside the MLP block's.
        double mlpKernels = f * (KernelsPerBlockPass + (shape.Mlp == MlpKind.SquaredRelu ? 1.0 : 0.0));
        double kernels = KernelsPerBlockPass * a + mlpKernels + MambaModel.KernelsPerPass * m;
        r.ElementwiseSeconds = passes * (cluster.ElementwiseTraffic * stored / hw.MemoryBandwidthBytesPerSecond + kernels * KernelSeconds(cluster, moe))
            + (mlpPasses * SquaredReluBytes(shape, mlp) + (PrecisionNames.IsNarrow(precision) ? CastBytes(shape, layout, tokens, cluster.FusedFp8Activation != 0 ? 0.0 : mlp, passes, PrecisionNames.PayloadBytes(precision)) : 0.0))
              / hw.MemoryBandwidthBytesPerSecond;
        if (mlpPasses > passes)
        {
            // The recomputed MLP or expert blocks' forward: their share of the stored bytes and their kernels once more (an FP8
            // forward's casts of the block, a few percent of its traffic, are not repeated).
            double mlpStored = MemoryModel.MlpWorkingSetBytes(shape, layout, false);
            r.ElementwiseSeconds += (mlpPasses - passes)
                * (cluster.ElementwiseTraffic * mlpStored / hw.MemoryBandwidthBytesPerSecond + mlpKernels * KernelSeconds(cluster, moe));
        }
        if (moe)
        {
            // Routing reorders every top-k copy of this GPU's tokens into expert order and back, at HBM bandwidth.
            double permuted = PermutationCopies * ActivationBytes * RoutedTokens(layout, tokens) * shape.TopK * shape.ExpertWidth;
            r.ElementwiseSeconds += f * mlpPasses * (permuted / hw.MemoryBandwidthBytesPerSecond + MoeKernels(shape, layout, cluster) * KernelSeconds(cluster, moe));
        }

        r.CommunicationSeconds = TensorParallelSeconds(shape, layout, tokens, hw, cluster, r.GemmSeconds)
            + a * ContextParallelSeconds(shape, layout, tokens, hw, cluster, attention + attentionGemm)
            + (hybrid ? m * MambaModel.ContextParallelSeconds(shape, layout, tokens, hw, cluster) : 0.0)
            + (moe ? f * OverlappedSeconds(ExpertParallelSeconds(shape, layout, tokens, hw, cluster), r.GemmSeconds + r.AttentionSeconds + r.ElementwiseSeconds, 0.0, cluster) : 0.0);
        return r;
    }

    /// <summary>Forward seconds of the attention's projections on one GPU.</summary>
    /// <remarks>Ordinary attention: one QKV GEMM and the output projection, split by heads. Latent attention (Megatron-Core's
    /// MLASelfAttention): the query and key/value down projections are duplicated on every tensor-parallel rank, the up projections
    /// and the output projection split by heads.</remarks>
    private static double AttentionProjectionSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        double peak, double elementBytes, in ClusterSpec cluster)
    {
        double t = layout.Tp, h = shape.Hidden, depth = cluster.GemmDepthOverhead;
        double output = GemmModel.Seconds(tokens, h, shape.ValueWidth / t, 1, hw, peak, elementBytes, depth);
        if (!shape.IsLatentAttention)
            return GemmModel.Seconds(tokens, shape.AttentionInputWidthPerGpu(layout.Tp), h, 1, hw, peak, elementBytes, depth) + output;
        double heads = shape.Heads / t;
        double queries = shape.QLoraRank > 0
            ? GemmModel.Seconds(tokens, shape.QLoraRank, h, 1, hw, peak, elementBytes, depth)
              + GemmModel.Seconds(tokens, heads * shape.HeadWidth, shape.QLoraRank, 1, hw, peak, elementBytes, depth)
            : GemmModel.Seconds(tokens, heads * shape.HeadWidth, h, 1, hw, peak, elementBytes, depth);
        double keysValues = GemmModel.Seconds(tokens, shape.KvLoraRank + shape.RopeHeadDim, h, 1, hw, peak, elementBytes, depth)
            + GemmModel.Seconds(tokens, heads * (shape.HeadWidth - shape.RopeHeadDim + shape.ValueHeadWidth), shape.KvLoraRank, 1, hw, peak, elementBytes, depth);
        return queries + keysValues + output;
    }

    /// <summary>Elements of the MLP's intermediate activation on one GPU (f/t per token; in an expert layer, every routed copy's
    /// expert width and the shared experts').</summary>
    public static double MlpElements(in TransformerShape shape, in Layout layout, double tokens, bool moe) =>
        moe ? RoutedTokens(layout, tokens) * shape.TopK * shape.ExpertFfn + tokens * shape.SharedExperts * (double)shape.ExpertFfn / layout.Tp
            : tokens * (double)shape.Ffn / layout.Tp;

    /// <summary>Bytes per pass a squared ReLU moves beyond a fused activation: its second kernel reads and writes the 16-bit
    /// intermediate activation once more.</summary>
    public static double SquaredReluBytes(in TransformerShape shape, double mlpElements) =>
        shape.Mlp == MlpKind.SquaredRelu ? 2.0 * ActivationBytes * mlpElements : 0.0;

    /// <summary>Bytes one layer's FP8 or FP4 casts move per micro-batch (forward, backward and any recomputation); each cast
    /// value is <paramref name="payloadBytes"/> wide (<see cref="PrecisionNames.PayloadBytes"/>).</summary>
    /// <remarks>
    /// <para>Transformer Engine runs each linear module's GEMMs in FP8 and everything between them in 16 bits (Micikevicius et al.
    /// 2022; NVIDIA Transformer Engine). A GEMM input that is not a norm's output is cast and transposed (the weight gradient needs
    /// it transposed) by one kernel: it reads the 16-bit tensor and writes two FP8 copies, 4 bytes per
    /// element. That is the attention output before its projection and the MLP's intermediate activation before the down
    /// projection; a norm writes the FP8 input of the GEMM it feeds itself, so only its transposed copy is extra (one byte).
    /// Backward casts the output gradient of each of the four GEMMs the same way.</para>
    /// <para>The attention core, norms, residuals and the logits stay in 16 bits, and weights are cast once per step (cached
    /// across micro-batches), so neither adds traffic here. Where the MLP's activation writes its own FP8 copies (Transformer
    /// Engine's LayerNormMLP fuses the activation with the cast forward and its gradient with the cast-transpose backward,
    /// <see cref="ClusterSpec.FusedFp8Activation"/>), the caller passes no MLP elements.</para>
    /// <para>The 4-bit recipes cast the same tensors to half-byte copies (Transformer Engine's NVFP4 recipe applies its random
    /// Hadamard transform to the transposed copy inside the same kernel), so only the copies' width changes; their scales (one
    /// per 16 or 32 values) are left out.</para>
    /// </remarks>
    public static double CastBytes(in TransformerShape shape, in Layout layout, double tokens, double mlpElements, double passes, double payloadBytes)
    {
        double t = layout.Tp, a = shape.AttentionShare, m = shape.MambaShare, h = shape.Hidden;
        // A cast-transpose reads the 16-bit tensor and writes the narrow copy and its transpose.
        double castTranspose = ActivationBytes + 2.0 * payloadBytes;
        // Inputs not written by a norm: the attention output, the MLP's activation, the Mamba mixer's normed output; each block's
        // norm-fed GEMM needs only the transposed copy.
        double forward = castTranspose * (a * tokens * shape.ValueWidth / t + mlpElements + m * tokens * shape.MambaWidth / t)
            + shape.BlocksPerLayer * payloadBytes * tokens * h;
        // The output gradient of each GEMM: the attention's input and output projections, the MLP's, the Mamba mixer's.
        double backward = castTranspose * (tokens * (a * shape.AttentionInputWidthPerGpu(layout.Tp) + (a + shape.MlpShare) * h
            + m * (shape.MambaInputWidthPerGpu(layout.Tp) + h)) + shape.UpProjections * mlpElements);
        // Every pass but the two backward ones is a forward (the recomputation repeats the forward's casts).
        return (passes - 2.0) * forward + backward;
    }

    private static double MlpSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        double peak, double elementBytes, bool moe, in ClusterSpec cluster)
    {
        double t = layout.Tp;
        double upWidth = shape.UpProjections;
        if (!moe)
        {
            return GemmModel.Seconds(tokens, upWidth * shape.Ffn / t, shape.Hidden, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead)
                + GemmModel.Seconds(tokens, shape.Hidden, shape.Ffn / t, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead);
        }
        double e = layout.Expert;
        double localExperts = shape.Experts / e;
        // The expert group's tokens, top-k copies each, spread over all experts; the busiest expert sets the pace.
        double routedTokens = RoutedTokens(layout, tokens);
        double perExpert = routedTokens * shape.TopK * e / shape.Experts * cluster.ExpertImbalance;
        // A latent expert works at its latent width, between the projections of every routed token from h and back.
        double width = shape.ExpertWidth;
        double routed = GemmModel.Seconds(perExpert, upWidth * shape.ExpertFfn, width, localExperts, hw, peak, elementBytes, cluster.GemmDepthOverhead)
            + GemmModel.Seconds(perExpert, width, shape.ExpertFfn, localExperts, hw, peak, elementBytes, cluster.GemmDepthOverhead);
        if (shape.IsLatentMoe)
        {
            routed += GemmModel.Seconds(routedTokens, width, shape.Hidden, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead)
                + GemmModel.Seconds(routedTokens, shape.Hidden, width, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead);
        }
        double sharedFfn = (double)shape.SharedExperts * shape.ExpertFfn / t;
        double shared = sharedFfn > 0
            ? GemmModel.Seconds(tokens, upWidth * sharedFfn, shape.Hidden, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead)
              + GemmModel.Seconds(tokens, shape.Hidden, sharedFfn, 1, hw, peak, elementBytes, cluster.GemmDepthOverhead)
            : 0.0;
        double router = GemmModel.Seconds(routedTokens, shape.Experts, shape.Hidden, 1, hw, peak, ActivationBytes, cluster.GemmDepthOverhead);
        return routed + shared + router;
    }

    /// <summary>Kernels an MoE layer adds per pass: the routing kernels, and where the software issues one GEMM per local expert
    /// (<see cref="ClusterSpec.GemmPerExpert"/>), the further GEMMs of the two expert projections.</summary>
    public static double MoeKernels(in TransformerShape shape, in Layout layout, in ClusterSpec cluster) =>
        MoeKernelsPerLayerPass + (cluster.GemmPerExpert != 0 ? 2.0 * (shape.Experts / (double)layout.Expert - 1.0) : 0.0);

    /// <summary>Tokens one GPU routes: its sequence-parallel shard of the micro-batch's tokens.</summary>
    /// <remarks>Megatron-Core requires sequence parallelism with tensor parallelism in an MoE model, and with expert tensor
    /// parallelism 1 each rank of a tensor-parallel group routes its own 1/t of the tokens (MoEAlltoAllTokenDispatcher).</remarks>
    public static double RoutedTokens(in Layout layout, double tokens) => tokens / layout.Tp;

    // Forward + backward of the attention core (plus what recomputation repeats); the unfused path is returned as GEMM time.
    private static double AttentionSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, out double unfusedGemmSeconds)
    {
        double t = layout.Tp;
        double headsPerGpu = shape.Heads / t;
        double headDim = shape.HeadWidth;
        // Attention runs in BF16 even when the GEMMs are FP8 (Transformer Engine's FP8 recipes).
        double bf16 = GemmModel.SustainedPeak(hw, Precision.Bf16, cluster);
        double sequences = layout.MicroBatch;
        double queries = tokens / sequences;
        if (cluster.FlashAttention != 0)
        {
            unfusedGemmSeconds = 0.0;
            // Queries of this GPU against the keys a causal kernel computes (half the square; a window's band).
            // Q·Kᵀ over the query/key width and A·V over the value width (the same width but under latent attention), each at the
            // kernel's speed for its width.
            // A window's few keys a query run slower than a full layer's (KeySpeed).
            double keySeconds = KeysOverSpeed(shape);
            double forwardPasses = 1.0 + (layout.Recompute == Recompute.Full ? 1.0 : 0.0);
            bool fp8 = RunsFp8Attention(precision, hw, cluster);
            // FP8 attention is cuDNN's kernel (Transformer Engine has no other FP8 path).
            bool native = cluster.NativeAttention != 0 || fp8;
            double widthSeconds = headDim / HeadWidthSpeed(headDim, native) + shape.ValueHeadWidth / HeadWidthSpeed(shape.ValueHeadWidth, native);
            double rate = bf16 * hw.MatmulEfficiency * cluster.AttentionShare * (fp8 ? Fp8AttentionSpeed(hw, shape.SeqLen) : KernelSpeed(hw, cluster));
            // cuDNN's FP8 backward computes a sliding window's whole causal square (Fp8BackwardKeys); the others the forward's keys.
            double backwardKeySeconds = fp8 ? Fp8BackwardKeys(shape) : keySeconds;
            return (forwardPasses * keySeconds + FusedAttentionBackward * backwardKeySeconds) * 2.0 * tokens * headsPerGpu * widthSeconds / rate;
        }
        // Unfused: QKᵀ (s×d by d×s) and AV (s×s by s×d) per head, full square, as batched GEMMs.
        double count = sequences * headsPerGpu;
        double forward = GemmModel.Seconds(queries, shape.SeqLen, headDim, count, hw, bf16, ActivationBytes, cluster.GemmDepthOverhead)
            + GemmModel.Seconds(queries, shape.ValueHeadWidth, shape.SeqLen, count, hw, bf16, ActivationBytes, cluster.GemmDepthOverhead);
        double repeats = layout.Recompute is Recompute.None or Recompute.Mlp ? 3.0 : 4.0;
        unfusedGemmSeconds = repeats * forward;
        return 0.0;
    }

    /// <summary>Whether the attention core runs in FP8: the software says so (<see cref="ClusterSpec.Fp8Attention"/>), the recipe's
    /// GEMMs are 8- or 4-bit (Transformer Engine runs FP8 attention only inside its FP8 autocast), and the accelerator's FP8 kernel
    /// has a measured speed (<see cref="AcceleratorSpec.Fp8AttentionSpeed"/>); otherwise attention is priced in BF16.</summary>
    public static bool RunsFp8Attention(Precision precision, in AcceleratorSpec hw, in ClusterSpec cluster) =>
        cluster.Fp8Attention != 0 && PrecisionNames.IsNarrow(precision) && hw.Fp8AttentionSpeed > 0;

    /// <summary>The FP8 attention kernel's speed over BF16 at sequence <paramref name="seqLen"/>: the profile's
    /// <see cref="AcceleratorSpec.Fp8AttentionSpeed"/>, measured at <see cref="Fp8SpeedSequence"/>, its gain over 1 shrinking as
    /// (s / 8,192)^¾ for shorter sequences and held above.</summary>
    /// <remarks>The same cuDNN benchmark (cuDNN 9.22, Llama 3.1's shape) measures the FP8 gain growing with the sequence, as the
    /// square's matrix products outweigh each query tile's fixed work: BF16 over FP8 time 1.08 at 4,096 and 1.14 at 8,192 on GB200,
    /// 1.185 and 1.30 on GB300, so the gain at 4,096 is 0.58 and 0.61 of the gain at 8,192 (0.5^0.79 and 0.5^0.71). Above 8,192 the
    /// two diverge (1.24 and 1.40 at 16,384), so the 8,192 value is kept. Hopper's FP8 kernel (cuDNN 9.19 on H200) is no faster at
    /// 8,192 and slower beyond (0.76 at 16,384) but faster at 4,096 (1.08); the rule does not capture that, and no run of the set
    /// uses FP8 attention on Hopper.</remarks>
    public static double Fp8AttentionSpeed(in AcceleratorSpec hw, double seqLen)
    {
        // x^¾ as √x·√√x: square roots round the same on every backend, where a general power need not.
        double x = Math.Min(1.0, seqLen / Fp8SpeedSequence);
        return 1.0 + (hw.Fp8AttentionSpeed - 1.0) * Math.Sqrt(x) * Math.Sqrt(Math.Sqrt(x));
    }

    /// <summary>The sequence length at which a profile's <see cref="AcceleratorSpec.Fp8AttentionSpeed"/> is measured.</summary>
    public const double Fp8SpeedSequence = 8192.0;

    /// <summary>Keys per query that cuDNN's FP8 attention backward computes, averaged over the layers: a causal kernel's s/2 in
    /// every layer, sliding-window layers included.</summary>
    /// <remarks>
    /// <para>FP8 attention (Transformer Engine's <c>fp8_dot_product_attention</c>) runs cuDNN's FP8 kernel at
    /// <see cref="AcceleratorSpec.Fp8AttentionSpeed"/> of its BF16 rate. NVIDIA's cuDNN attention benchmark
    /// (<c>NVIDIA/cudnn-frontend</c>, <c>benchmark/sdpa_benchmark_training/results</c>, cuDNN 9.22 on GB200 and GB300, 2026-04; 9.19
    /// on H200, 2026-02), forward and backward at Llama 3.1's shape (64 query and 8 key/value heads of 128, causal, sequence 8,192):
    /// FP8 over BF16 time 0.879 on GB200, 0.767 on GB300, 1.109 on H200 (FP8 is no faster on Hopper).</para>
    /// <para>The same benchmark at GPT-OSS's shape (heads of 64, a 128-token window): the FP8 forward skips the tiles outside the
    /// window as BF16 does (0.385 against 0.414 ms at 8,192 on GB200), but the FP8 backward grows with the square of the sequence
    /// (0.54, 1.73, 6.18 and 23.2 ms at 2,048 to 16,384, against BF16's 0.24 to 1.82 ms, linear): it computes the whole causal
    /// square. Within 12% of the causal backward's time at the FP8 rate.</para>
    /// </remarks>
    public static double Fp8BackwardKeys(in TransformerShape shape) => shape.FullCausalKeys;

    /// <summary>Keys a query attends, averaged over the layers, with a sliding-window layer's keys at the kernel's speed for them
    /// relative to a full layer's of the same sequence (<see cref="KeySpeed"/>): what <see cref="TransformerShape.CausalKeys"/> costs.
    /// Without a window, the causal keys.</summary>
    /// <remarks>Only the ratio between the two layer kinds enters. The speed's own rise with the sequence, which the same benchmark
    /// measures, stays in the fitted constants: pricing it too and refitting moved the constants so that the set's runs at 8,192,
    /// and the runs outside it, came out 2% to 3% faster (docs/calibration.md, part 32).</remarks>
    public static double KeysOverSpeed(in TransformerShape shape)
    {
        double full = shape.FullCausalKeys;
        return shape.HasSlidingWindow ? shape.LayerAverage(full, shape.WindowCausalKeys * KeySpeed(full) / KeySpeed(shape.WindowCausalKeys)) : full;
    }

    /// <summary>A fused causal attention kernel's speed per FLOP when each query attends <paramref name="keys"/> keys, relative to
    /// its speed at <see cref="SaturatedKeys"/> or more: k/(k + <see cref="KeyOverhead"/>), normalised there and held above.</summary>
    /// <remarks>Each query tile pays a fixed cost (loading its queries, the diagonal tile the causal mask half wastes, the softmax's
    /// last rescale and the output's write) beside its work over the keys, so few keys a query run at a fraction of the speed.
    /// NVIDIA's cuDNN attention benchmark (NVIDIA/cudnn-frontend, benchmark/sdpa_benchmark_training/results; Llama 3.1's shape,
    /// causal, BF16, forward and non-deterministic backward) measures the speed at sequences 2,048 and 4,096 (1,024 and 2,048 keys)
    /// as 0.700 and 0.887 of that at 8,192 on H200 (cuDNN 9.19), 0.688 and 0.881 on GB300 and 0.672 and 0.869 on GB200 (cuDNN
    /// 9.22); each solves for an overhead of 601 to 797 keys, 700 on average. Above 8,192 the three part (16,384: +6.4%, +4.6%,
    /// +1.8%; 32,768: +7.3%, +4.2%, −5.4%), so the speed is held. The same benchmark's GPT-OSS shape (128 heads of 64, a
    /// 128-token window, GB200) runs 0.240 of Llama's time at 8,192, which the rule with the head width's speed puts at 0.251;
    /// priced at the full-sequence speed it would be 0.045.</remarks>
    public static double KeySpeed(double keys)
    {
        double k = Math.Min(keys, SaturatedKeys);
        return k / (k + KeyOverhead) * (SaturatedKeys + KeyOverhead) / SaturatedKeys;
    }

    /// <summary>Keys a query attends from which a fused causal kernel runs at full speed (a causal sequence of 8,192).</summary>
    public const double SaturatedKeys = 4096.0;

    /// <summary>A query tile's fixed cost in a fused causal attention kernel, in keys (<see cref="KeySpeed"/>).</summary>
    public const double KeyOverhead = 700.0;

    /// <summary>A fused-attention kernel's speed per FLOP at head width <paramref name="width"/>, relative to its speed at 128 (the
    /// width of the runs <see cref="L2Calibration.AttentionShare"/> is fitted to): cuDNN's kernel where the software runs the native
    /// one, FlashAttention-2 otherwise.</summary>
    /// <remarks>Shah et al. 2024 (FlashAttention-3, arXiv:2407.08608), its BF16 forward-speed charts on H100 SXM5 at sequence 8K: cuDNN
    /// 412, 600 and 497 TFLOPS at head widths 64, 128 and 256, FlashAttention-2 322, 370 and 297. A narrow head does less work per
    /// tile loaded and a wide one fits fewer tiles on chip. Linear between the three measured widths and flat outside them; the
    /// forward's ratios are taken for the backward and for every accelerator (no other table is published). GPT-OSS's heads are 64
    /// wide, DeepSeek-V3's latent attention's 192 (queries and keys) and 128 (values).</remarks>
    public static double HeadWidthSpeed(double width, bool native)
    {
        double narrow = native ? CudnnAt64 : FlashAttention2At64;
        double wide = native ? CudnnAt256 : FlashAttention2At256;
        if (width <= 64.0)
            return narrow;
        if (width <= 128.0)
            return narrow + (1.0 - narrow) * (width - 64.0) / 64.0;
        if (width <= 256.0)
            return 1.0 + (wide - 1.0) * (width - 128.0) / 128.0;
        return wide;
    }

    // Speed at head widths 64 and 256 over the speed at 128, from the TFLOPS above.
    private const double CudnnAt64 = 412.0 / 600.0, CudnnAt256 = 497.0 / 600.0;
    private const double FlashAttention2At64 = 322.0 / 370.0, FlashAttention2At256 = 297.0 / 370.0;

    /// <summary>The fused-attention kernel's speed relative to the accelerator's native one: FlashAttention-2, written for Ampere's
    /// instructions, runs newer tensor cores at <see cref="AcceleratorSpec.FlashAttention2Speed"/> of the native kernel's speed.</summary>
    public static double KernelSpeed(in AcceleratorSpec hw, in ClusterSpec cluster) =>
        cluster.NativeAttention != 0 || hw.FlashAttention2Speed <= 0 ? 1.0 : hw.FlashAttention2Speed;

    /// <summary>Exposed seconds of a layer's tensor-parallel collectives.</summary>
    /// <remarks>Overlapped (<c>tp_comm_overlap</c>), a collective runs as t ring steps under t pieces of the GEMM it feeds or
    /// follows, and one step stays exposed: the reduce-scatter's last, after the GEMM's last piece. The hidden steps slow the
    /// GEMMs beside them by <see cref="L2Calibration.OverlapSlowdown"/> of their time: the communication kernels take SMs.</remarks>
    public static double TensorParallelSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        in ClusterSpec cluster, double gemmSeconds)
    {
        if (layout.Tp == 1)
            return 0.0;
        // One all-reduce per block forward and one backward (a transformer layer has two blocks, a hybrid's layer one), and the
        // recomputed forward's: every block's under full recomputation, the MLP or expert block's when only it is recomputed.
        double allReduces = (layout.Recompute == Recompute.Full ? 3.0 : 2.0) * shape.BlocksPerLayer
            + (layout.Recompute == Recompute.Mlp ? shape.MlpShare : 0.0);
        double message = ActivationBytes * tokens * shape.Hidden;
        double seconds = allReduces * Collectives.AllReduceSeconds(message, layout.Tp, hw.ScaleUpBusBytesPerSecond, cluster.ScaleUpLatencySeconds);
        return OverlappedSeconds(seconds, gemmSeconds, seconds / layout.Tp, cluster);
    }

    // Only software that overlaps tensor- and expert-parallel communication hides it (tensor-parallel collectives behind their
    // GEMMs, all-to-alls behind another micro-batch's whole layer: tp_comm_overlap, overlap_moe_expert_parallel_comm).
    private static double OverlappedSeconds(double communication, double computeSeconds, double leastExposed, in ClusterSpec cluster) =>
        cluster.TpCommOverlap == 0 ? communication : Collectives.OverlappedSeconds(communication, computeSeconds, leastExposed, cluster.OverlapSlowdown);

    private static double ContextParallelSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        in ClusterSpec cluster, double attentionSeconds)
    {
        double c = layout.Context;
        if (c == 1)
            return 0.0;
        // Each ring step passes this GPU's keys and values on; backward passes them and their gradients.
        double kvBytes = ActivationBytes * tokens * shape.KvHeadsPerGpu(layout.Tp) * (shape.HeadWidth + shape.ValueHeadWidth);
        double steps = (c - 1.0) * 3.0;
        bool inNode = layout.Tp * layout.Context <= cluster.GpusPerNode;
        double seconds = steps * (kvBytes / Links.Bandwidth(inNode, hw, cluster) + Links.Latency(inNode, cluster));
        return Math.Max(0.0, seconds - attentionSeconds);
    }

    private static double ExpertParallelSeconds(in TransformerShape shape, in Layout layout, double tokens, in AcceleratorSpec hw,
        in ClusterSpec cluster)
    {
        double e = layout.Expert;
        if (e == 1)
            return 0.0;
        // Dispatch and combine forward, and both again backward: four all-to-alls of every routed copy, six where only the MLP and
        // expert blocks are recomputed (Megatron-Core checkpoints the whole expert layer, its dispatch and combine included). Full
        // recomputation keeps four: the runs that use it with expert parallelism (FSDP2 frameworks) save the all-to-alls' outputs
        // (TorchTitan's op-level policy does), and counting them again takes those runs 3 to 5 points further from their published
        // speed. Expert ranks are consecutive (tensor ranks fold into the expert group when expert tensor parallelism is 1), so the
        // copies bound for ranks in the same node cross the scale-up link and the rest the network. A deduplicating dispatcher
        // sends each token once to every other node that holds one of its experts, and that node's receiving GPU forwards the
        // copies to their experts' GPUs over the scale-up link.
        double bytes = ActivationBytes * RoutedTokens(layout, tokens) * shape.TopK * shape.ExpertWidth;
        double local = Math.Min(e, cluster.GpusPerNode);
        bool spans = ExpertGroupSpansNodes(layout, cluster);
        bool dedup = cluster.DedupDispatch != 0 && spans;
        double scaleUp = dedup ? bytes * (local - 1.0) / local : bytes * (local - 1.0) / e;
        double seconds = scaleUp / Links.Bandwidth(true, hw, cluster) + (e - 1.0) * Links.Latency(true, cluster);
        if (spans)
        {
            double network = dedup ? bytes / shape.TopK * RemoteNodesPerToken(shape, e / local) : bytes * (e - local) / e;
            seconds += network / Links.Bandwidth(false, hw, cluster) + Links.Latency(false, cluster) * (e / local - 1.0);
        }
        return (layout.Recompute == Recompute.Mlp ? 6.0 : 4.0) * seconds;
    }

    /// <summary>Whether the expert-parallel group is wider than a node, so that its dispatch crosses the network (and a
    /// deduplicating dispatcher, <see cref="ClusterSpec.DedupDispatch"/>, acts).</summary>
    public static bool ExpertGroupSpansNodes(in Layout layout, in ClusterSpec cluster) => layout.Expert > cluster.GpusPerNode;

    /// <summary>Other nodes a token's top-k experts lie on, on average, where the routed experts are spread evenly over
    /// <paramref name="nodes"/> nodes and the router picks k of them with no regard to where they lie.</summary>
    /// <remarks>A node holds E/n of the E experts; it holds none of a token's k with the hypergeometric probability
    /// Π (E − E/n − i)/(E − i), i &lt; k, so each of the n − 1 other nodes receives the token with one minus that. DeepSeek-V3's
    /// recipe bounds the nodes a token may reach (its node-limited routing, at most 4 of 8 in its report); that bound is not
    /// modelled. Qwen3-235B-A22B on four nodes (128 experts, top 8): 2.72 other nodes, where the all-to-all sends 6 of 8 copies.</remarks>
    public static double RemoteNodesPerToken(in TransformerShape shape, double nodes)
    {
        double experts = shape.Experts, perNode = experts / nodes, untouched = 1.0;
        for (int i = 0; i < shape.TopK; i++)
            untouched *= Math.Max(0.0, experts - perNode - i) / (experts - i);
        return (nodes - 1.0) * (1.0 - untouched);
    }
}
