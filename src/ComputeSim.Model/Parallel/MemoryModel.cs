using System.Runtime.CompilerServices;

namespace ComputeSim.Model;

/// <summary>Bytes per GPU by part, for the most loaded pipeline stage (the first).</summary>
public struct MemoryBreakdown
{
    /// <summary>Weights.</summary>
    public double WeightsBytes;
    /// <summary>Gradients.</summary>
    public double GradientsBytes;
    /// <summary>Optimizer states (fp32 master weights and Adam moments).</summary>
    public double OptimizerBytes;
    /// <summary>Activations held for the backward pass.</summary>
    public double ActivationsBytes;

    /// <summary>Sum of the parts.</summary>
    public readonly double TotalBytes => WeightsBytes + GradientsBytes + OptimizerBytes + ActivationsBytes;
}

/// <summary>The precision a parameter's weights, gradients and optimizer state are kept in.</summary>
public enum ParameterStates
{
    /// <summary>Mixed precision: 2 B weights and gradients, 12 B of fp32 master weights and Adam moments (16 B in all).</summary>
    Mixed = 0,
    /// <summary>fp32 training: 4 B weights and gradients, 8 B of Adam moments (16 B).</summary>
    Fp32 = 1,
    /// <summary>BF16 throughout: 2 B weights, gradients and each Adam moment, no master copy (8 B; <see cref="ClusterSpec.Bf16States"/>).</summary>
    Bf16 = 2,
}

/// <summary>Memory per GPU: model states by ZeRO stage, activations by recomputation and pipeline schedule.</summary>
/// <remarks>
/// Model states: Rajbhandari et al. 2020 (ZeRO) §3.1 and §5 — mixed-precision Adam keeps 2 B weights,
/// 2 B gradients and 12 B optimizer state per parameter, sharded over the data-parallel group by stage.
/// Activations: Korthikanti et al. 2022 Table 2 (bytes per layer) and §4.2.3 (layers in flight on the
/// first stage: L with 1F1B, L·(1 + (p−1)/(p·v)) interleaved, and at most m micro-batches of its layers).
/// </remarks>
public static class MemoryModel
{
    private const double HalfBytes = 2.0;
    private const double Fp32Bytes = 4.0;
    private const double AdamFp32StateBytes = 12.0;

    /// <summary>Layers on the most loaded stage: ⌈L / p⌉ (frameworks allow uneven splits, e.g. BLOOM's 70 layers on 12 stages).</summary>
    public static double StageLayers(in TransformerShape shape, in Layout layout) =>
        Math.Ceiling((double)shape.Layers / layout.Pp);

    /// <summary>Share of the layers whose forward runs twice: 1 under full recomputation, the recomputed layers' share of the
    /// stage's <see cref="StageLayers"/> under partial, 0 otherwise.</summary>
    public static double RecomputedShare(in TransformerShape shape, in Layout layout) => layout.Recompute switch
    {
        Recompute.Full => 1.0,
        Recompute.Partial => Math.Min(1.0, layout.RecomputedLayers / StageLayers(shape, layout)),
        _ => 0.0,
    };

    /// <summary>Parameters held by one GPU of the first stage: its layers and the embedding split by t, its routed experts by e.</summary>
    public static double ParametersPerGpu(in TransformerShape shape, in Layout layout) =>
        DenseParametersPerGpu(shape, layout) + ExpertParametersPerGpu(shape, layout);

    /// <summary>Parameters one GPU of the first stage holds besides its routed experts: its layers and the embedding split by t.</summary>
    public static double DenseParametersPerGpu(in TransformerShape shape, in Layout layout) =>
        (shape.AverageLayerDenseParameters * StageLayers(shape, layout) + shape.EmbeddingParameters) / layout.Tp;

    /// <summary>Routed-expert parameters one GPU of the first stage holds (expert tensor parallelism 1).</summary>
    public static double ExpertParametersPerGpu(in TransformerShape shape, in Layout layout) =>
        shape.IsMoe ? shape.MoeLayers / shape.Layers * StageLayers(shape, layout) * shape.RoutedExpertParameters / layout.Expert : 0.0;

    /// <summary>Replicas of one GPU's routed experts: the t·c·d GPUs of a stage over the expert-parallel degree (expert tensor
    /// parallelism 1). Their gradients are reduced over these ranks, and their optimizer states (and weights under ZeRO 3) sharded
    /// over them, not over the d·c replicas of the rest of the layer (Megatron-Core's expert data-parallel group).</summary>
    public static double ExpertReplicas(in Layout layout) => Math.Max(1.0, (double)layout.Dp * layout.Context * layout.Tp / layout.Expert);

    /// <summary>Parameters whose optimizer state one GPU of the first stage updates: all it holds, or under ZeRO 1 and above its
    /// shard of the rest of the layer over the d·c replicas and of its routed experts over their <see cref="ExpertReplicas"/>.</summary>
    public static double OptimizerParametersPerGpu(in TransformerShape shape, in Layout layout)
    {
        double experts = ExpertParametersPerGpu(shape, layout), dense = DenseParametersPerGpu(shape, layout);
        if (layout.Zero < 1)
            return dense + experts;
        return dense / ((double)layout.Dp * layout.Context) + experts / ExpertReplicas(layout);
    }

    /// <summary>Activation bytes of one layer for one micro-batch (Korthikanti Table 2).</summary>
    public static double LayerActivationBytes(in TransformerShape shape, in Layout layout, int flashAttention) =>
        LayerActivationBytes(shape, layout, flashAttention, Precision.Bf16);

    /// <summary>Activation bytes of one layer for one micro-batch in <paramref name="precision"/> (Korthikanti Table 2, with FP8's
    /// stored GEMM inputs) at the shape's own widths: <see cref="ReplicatedBytes"/> and <see cref="SplitBytes"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double LayerActivationBytes(in TransformerShape shape, in Layout layout, int flashAttention, Precision precision)
    {
        double sbh = SbhElements(shape, layout);
        double t = layout.Tp;
        // FlashAttention never stores the s×s scores (Korthikanti's 5as/h term).
        double attention = flashAttention != 0 ? 0.0 : 5.0 * shape.Heads * shape.SeqLen / ((double)shape.Hidden * t);
        bool sp = layout.SequenceParallel != 0;
        // The 8- and 4-bit recipes alike keep their narrow copies of the GEMM inputs (ReplicatedBytes, SplitBytes).
        bool narrow = PrecisionNames.IsNarrow(precision);
        double replicated = ReplicatedBytes(shape, narrow), split = SplitBytes(shape, narrow);
        double stored = sp ? (replicated + split) / t : replicated + split / t;
        double everything = sbh * (stored + attention), inputs = 2.0 * sbh / (sp ? t : 1.0);
        return layout.Recompute switch
        {
            Recompute.Full => inputs,
            Recompute.Selective => sbh * stored,
            // The MLP or expert blocks keep their input (among the replicated bytes) and drop what they compute from it.
            Recompute.Mlp => everything - MlpWorkingSetBytes(shape, layout, narrow),
            // Each stage's recomputed layers keep their inputs, the others everything.
            Recompute.Partial => StepModel.Mix(everything, inputs, RecomputedShare(shape, layout)),
            _ => everything,
        };
    }

    /// <summary>Bytes per s·b·h a layer stores on tensors tensor parallelism replicates (without sequence parallelism): the inputs
    /// of the two norms and of the QKV and MLP GEMMs, 2 bytes each, and a GPT layer's two 1-byte dropout masks (Korthikanti's 10
    /// terms); FP8 keeps the two GEMM inputs as their one-byte copies.</summary>
    /// <remarks>Each block (attention, MLP or Mamba mixer) keeps its norm's input and its first GEMM's input: a transformer layer
    /// two blocks, a hybrid's layer one.</remarks>
    public static double ReplicatedBytes(in TransformerShape shape, bool fp8) =>
        shape.BlocksPerLayer * (2.0 * 2.0 + (shape.Style == ModelStyle.Gpt ? 1.0 : 0.0) - (fp8 ? Fp8ReplicatedInputSaving / 2.0 : 0.0))
        // Latent attention keeps its latents twice (a norm's input and the up projection's input), computed in full on every rank.
        + shape.AttentionShare * 2.0 * 2.0 * shape.LatentWidth / shape.Hidden;

    /// <summary>Bytes per s·b·h a layer stores on tensors tensor parallelism splits: queries, keys and values, the attention
    /// output (the projection's input), the MLP's up-projection outputs and its activation (the down projection's input), 2 bytes
    /// per element at their own widths (Korthikanti's 24/t for GPT's 4h MLP: 2 + 4 + 2 + 8 + 8); FP8 keeps the two GEMM inputs
    /// among them as one-byte copies. An expert layer stores every routed copy's expert activations and the shared experts'.</summary>
    public static double SplitBytes(in TransformerShape shape, bool fp8)
    {
        double h = shape.Hidden;
        double attention = shape.AttentionWidth / h, kv = shape.KvHeads * (shape.HeadWidth + shape.ValueHeadWidth) / h, output = shape.ValueWidth / h;
        double narrow = fp8 ? 1.0 : 0.0;
        double attentionBytes = 2.0 * (attention + kv + output) - narrow * output;
        // A transformer layer has both; a hybrid's average layer its attention, MLP and Mamba layers in their shares.
        return !shape.IsHybrid ? attentionBytes + MlpSplitBytes(shape, fp8)
            : shape.AttentionShare * attentionBytes + MlpSplitBytes(shape, fp8) + shape.MambaShare * MambaModel.SplitBytes(shape, fp8);
    }

    /// <summary>The MLP or expert blocks' part of <see cref="SplitBytes"/>, per s·b·h of the average layer: the up-projection outputs and
    /// the activation (every routed copy's in an expert layer, and the shared experts'), FP8 keeping the down projection's input as its
    /// one-byte copy.</summary>
    public static double MlpSplitBytes(in TransformerShape shape, bool fp8)
    {
        double moeShare = shape.MlpBlocks > 0 ? shape.MoeLayers / shape.MlpBlocks : 0.0;
        double f = ((1.0 - moeShare) * shape.Ffn + moeShare * (shape.TopK + shape.SharedExperts) * (double)shape.ExpertFfn) / shape.Hidden;
        return shape.MlpShare * (2.0 * (shape.UpProjections * f + f) - (fp8 ? f : 0.0));
    }

    /// <summary>Bytes one micro-batch's MLP or expert blocks of the average layer store per GPU with nothing recomputed (FP8 or FP4
    /// copies where <paramref name="narrow"/>): what recomputing them (<see cref="Recompute.Mlp"/>) drops, and reads and writes once
    /// more in the recomputed forward.</summary>
    public static double MlpWorkingSetBytes(in TransformerShape shape, in Layout layout, bool narrow) =>
        SbhElements(shape, layout) * MlpSplitBytes(shape, narrow) / layout.Tp;

    // s·b·h of one micro-batch on one GPU: context parallelism splits every sequence, and with it every activation, c ways.
    private static double SbhElements(in TransformerShape shape, in Layout layout) =>
        (double)shape.SeqLen / layout.Context * layout.MicroBatch * shape.Hidden;

    /// <summary>Bytes per s·b·h an FP8 layer stores less than a 16-bit one on the tensors tensor parallelism replicates without
    /// sequence parallelism: Transformer Engine's LayerNormLinear and LayerNormMLP keep for the backward the FP8 copy of the QKV
    /// and MLP inputs (the norms' outputs) they cast, one byte instead of two. The 4-bit recipes are counted the same: their copies
    /// are smaller by half a byte an element, which this leaves out (it errs toward fitting less).</summary>
    public const double Fp8ReplicatedInputSaving = 2.0;

    /// <summary>Activation bytes of one layer with nothing recomputed: the working set while a layer runs.</summary>
    public static double LayerWorkingSetBytes(in TransformerShape shape, in Layout layout, int flashAttention) =>
        LayerActivationBytes(shape, layout with { Recompute = Recompute.None }, flashAttention);

    /// <summary>Layers' worth of activations the first stage holds at its peak: its forwards in flight when its first backward
    /// starts. 1F1B runs p − 1 warm-up forwards, so it holds p micro-batches of its layers; interleaved over v chunks it runs
    /// 2(p − 1) + (v − 1)p warm-up chunks (Megatron-Core's schedule), p + (p − 1)/v micro-batches of its layers. Either holds no
    /// more than the m micro-batches of the step: with m at or below that, every forward runs before the first backward.</summary>
    public static double LayersInFlight(in TransformerShape shape, in Layout layout, double microBatches)
    {
        double p = layout.Pp;
        double peak = layout.Interleave > 1 ? p + (p - 1.0) / layout.Interleave : p;
        return StageLayers(shape, layout) * Math.Min(peak, microBatches);
    }

    /// <summary>The fewest of each stage's ⌈L/p⌉ layers partial recomputation must recompute for the first stage to fit in
    /// <paramref name="memoryBytes"/>: 0 if storing everything fits, more than the stage's layers if recomputing all of them does
    /// not. Memory falls linearly with the recomputed layers, so the count is solved for and then checked: any count returned up to the
    /// stage's layers fits.</summary>
    public static int PartialRecomputedLayers(in TransformerShape shape, in Layout layout, double microBatches, Precision precision,
        in ClusterSpec cluster, double memoryBytes)
    {
        int flashAttention = cluster.FlashAttention;
        double stageLayers = StageLayers(shape, layout);
        var partial = layout with { Recompute = Recompute.Partial, RecomputedLayers = 0 };
        double stored = PerGpu(shape, partial, microBatches, precision, cluster).TotalBytes;
        if (stored <= memoryBytes)
            return 0;
        // Each recomputed layer keeps its input instead of everything, in each of the layers' worth the stage holds in flight.
        double savedPerLayer = (LayerActivationBytes(shape, partial, flashAttention, precision)
            - LayerActivationBytes(shape, layout with { Recompute = Recompute.Full, RecomputedLayers = 0 }, flashAttention, precision))
            * LayersInFlight(shape, layout, microBatches) / stageLayers;
        // Recomputing any layer adds one layer's working set (PerGpu).
        double needed = Math.Ceiling((stored + LayerWorkingSetBytes(shape, partial, flashAttention) - memoryBytes) / savedPerLayer);
        if (!(needed <= stageLayers))
            return (int)stageLayers + 1;
        // Checked, as rounding may leave the solved count a hair short: a count up to the stage's layers fits.
        int k = Math.Max(1, (int)needed);
        while (k <= stageLayers && PerGpu(shape, partial with { RecomputedLayers = k }, microBatches, precision, cluster).TotalBytes > memoryBytes)
            k++;
        return k;
    }

    /// <summary>The states of a run in <paramref name="precision"/> on software with <paramref name="cluster"/>'s switches.</summary>
    public static ParameterStates States(Precision precision, in ClusterSpec cluster) =>
        precision == Precision.Fp32 || precision == Precision.Fp64 ? ParameterStates.Fp32
            : cluster.Bf16States != 0 ? ParameterStates.Bf16 : ParameterStates.Mixed;

    /// <summary>Weights, gradients and optimizer state for <paramref name="psi"/> parameters by ZeRO stage over <paramref name="dp"/> ranks (ZeRO §5).</summary>
    public static MemoryBreakdown ModelStates(double psi, double dp, int zero, ParameterStates states)
    {
        bool fp32 = states == ParameterStates.Fp32;
        double w = fp32 ? Fp32Bytes : HalfBytes;
        double g = w;
        double k = fp32 ? 2 * Fp32Bytes : states == ParameterStates.Bf16 ? 2 * HalfBytes : AdamFp32StateBytes;
        return new MemoryBreakdown
        {
            WeightsBytes = psi * w / (zero >= 3 ? dp : 1.0),
            GradientsBytes = psi * g / (zero >= 2 ? dp : 1.0),
            OptimizerBytes = psi * k / (zero >= 1 ? dp : 1.0),
        };
    }

    /// <summary>Weights, gradients and optimizer state of one GPU of the first stage under ZeRO <paramref name="zero"/>: the rest
    /// of the layer sharded over the d·c replicas, the routed experts over their <see cref="ExpertReplicas"/>.</summary>
    public static MemoryBreakdown StatesPerGpu(in TransformerShape shape, in Layout layout, int zero, ParameterStates states)
    {
        MemoryBreakdown m = ModelStates(DenseParametersPerGpu(shape, layout), (double)layout.Dp * layout.Context, zero, states);
        if (!shape.IsMoe)
            return m;
        MemoryBreakdown routed = ModelStates(ExpertParametersPerGpu(shape, layout), ExpertReplicas(layout), zero, states);
        m.WeightsBytes += routed.WeightsBytes;
        m.GradientsBytes += routed.GradientsBytes;
        m.OptimizerBytes += routed.OptimizerBytes;
        return m;
    }

    /// <summary>Memory per GPU of the first stage.</summary>
    /// <remarks>Not inlined: the searches call it from several places, and ILGPU would compile a copy at each.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MemoryBreakdown PerGpu(in TransformerShape shape, in Layout layout, double microBatches, Precision precision, in ClusterSpec cluster)
    {
        int flashAttention = cluster.FlashAttention;
        MemoryBreakdown m = StatesPerGpu(shape, layout, layout.Zero, States(precision, cluster));
        double activations = LayerActivationBytes(shape, layout, flashAttention, precision) * LayersInFlight(shape, layout, microBatches);
        // Recomputing a layer rebuilds its activations while its backward runs: one layer's working set, where any layer is recomputed.
        if (RecomputedShare(shape, layout) > 0)
            activations += LayerWorkingSetBytes(shape, layout, flashAttention);
        // fp32 logits live on the last stage; with one stage that is the first.
        if (layout.Pp == 1)
            activations += Fp32Bytes * shape.SeqLen / layout.Context * (double)layout.MicroBatch * shape.Vocab / layout.Tp;
        m.ActivationsBytes = activations;
        return m;
    }
}
