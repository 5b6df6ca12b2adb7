namespace ComputeSim.Model;

/// <summary>What the L2 model predicts for one layout.</summary>
public struct StepResult
{
    /// <summary>Seconds per optimizer step (one global batch).</summary>
    public double StepTimeSeconds;
    /// <summary>Model FLOPs per step (no recomputation).</summary>
    public double ModelFlopsPerStep;
    /// <summary>Hardware FLOPs per step (with recomputation).</summary>
    public double HardwareFlopsPerStep;
    /// <summary>Memory per GPU of the most loaded stage.</summary>
    public MemoryBreakdown Memory;
    /// <summary>1 if the memory fits the device.</summary>
    public int Fits;
    /// <summary>1 if the layout is valid for the shape, batch and cluster.</summary>
    public int Valid;

    /// <summary>Model FLOPs utilisation on <paramref name="gpus"/> GPUs of dense peak <paramref name="peakFlops"/> (PaLM Appendix B).</summary>
    public readonly double Mfu(double gpus, double peakFlops) => ModelFlopsPerStep / (gpus * peakFlops * StepTimeSeconds);

    /// <summary>Hardware FLOPs utilisation: recomputation counted.</summary>
    public readonly double Hfu(double gpus, double peakFlops) => HardwareFlopsPerStep / (gpus * peakFlops * StepTimeSeconds);
}

/// <summary>Step time of a layout: each layer's operations, the pipeline schedule, data-parallel traffic, the optimizer.</summary>
/// <remarks>
/// <para>Per micro-batch each GPU runs its stage's layers operation by operation (<see cref="LayerModel"/>)
/// and, on the last stage, the logit GEMM. Stages need not divide the layers: where they do not, frameworks give the
/// busiest stage ⌈L/(p·v)⌉ layers per chunk and balance the embedding and loss by putting fewer
/// layers beside them (Megatron-Core <c>account_for_loss_in_pipeline_split</c>), so a chunk lasts
/// the longer of ⌈L/(p·v)⌉ layers and an even share of all the work; where they do, the split is even.</para>
/// <para>The pipeline runs m·v + p − 1 chunk slots (bubble (p−1)/(v·m), Narayanan et al. 2021 §2.2),
/// each with its point-to-point sends (S/t per GPU, Narayanan §4.1) unless the software overlaps
/// them. The data-parallel gradient reduction (2(d−1)/d of the gradients at the software's wire
/// precision over the d·c ranks that hold a replica; ZeRO-3 adds parameter all-gathers per
/// micro-batch) runs once per step; up to a configurable share of the pipeline's time hides it, and what
/// hides slows the compute beside it by <see cref="L2Calibration.OverlapSlowdown"/> of its own time.
/// Collectives use the ring bandwidth-latency model (Thakur et al. 2005).</para>
/// </remarks>
public static class StepModel
{
    private const double ActivationBytes = 2.0;
    // Adam reads and writes a parameter's master weight and two moments in fp32, reads its gradient and writes its 16-bit weight;
    // with every state in BF16 (ClusterSpec.Bf16States) half as much.
    private const double OptimizerTrafficBytesPerParam = 32.0;

    /// <summary>Pipeline chunks beyond one per layer: Megatron-Core counts the embedding and the loss as a chunk's worth of work each
    /// (<c>account_for_embedding_in_pipeline_split</c>, <c>account_for_loss_in_pipeline_split</c>), so Megatron-Bridge runs Llama 3.1
    /// 405B's 126 layers as 16 stages of 8 chunks.</summary>
    public const int PipelineEdgeChunks = 2;

    /// <summary>Predicts one step of training with a layout.</summary>
    public static StepResult Evaluate(in TransformerShape shape, in Layout layout, double globalBatch,
        in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster) =>
        Evaluate(shape, layout, globalBatch, hw, precision, cluster, ChunkSeconds(shape, layout, hw, precision, cluster));

    /// <summary>Predicts one step of training with a layout whose <see cref="ChunkSeconds(in TransformerShape, in Layout, in AcceleratorSpec, Precision, in ClusterSpec)"/>
    /// is already known (a search computes it once for the layouts that differ only in ZeRO stage).</summary>
    public static StepResult Evaluate(in TransformerShape shape, in Layout layout, double globalBatch,
        in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster, double chunk)
    {
        double microBatches = globalBatch / ((double)layout.MicroBatch * layout.Dp);
        double modelFlops = shape.ModelFlopsPerSequence;
        var r = new StepResult
        {
            ModelFlopsPerStep = modelFlops * globalBatch,
            HardwareFlopsPerStep = shape.HardwareFlopsPerSequence(layout, modelFlops) * globalBatch,
            Valid = IsValid(shape, layout, microBatches, cluster) ? 1 : 0,
        };
        r.Memory = MemoryModel.PerGpu(shape, layout, microBatches, precision, cluster);
        r.Fits = r.Memory.TotalBytes <= hw.MemoryBytes ? 1 : 0;
        double pipeline = PipelineSeconds(shape, layout, microBatches, hw, cluster, chunk);
        r.StepTimeSeconds = StepFactor(cluster, layout.Gpus)
            * (pipeline + ExposedDataParallelSeconds(shape, layout, microBatches, hw, cluster, pipeline) + OptimizerSeconds(shape, layout, hw, precision, cluster));
        return r;
    }

    /// <summary>What multiplies the sum of a step's parts on <paramref name="gpus"/> GPUs: the production and synchronisation factors.</summary>
    public static double StepFactor(in ClusterSpec cluster, double gpus) => ProductionFactor(cluster) * SynchronisationFactor(gpus);

    /// <summary>The step of a production run over the tuned step: <see cref="L2Calibration.ProductionSlowdown"/> where the cluster prices
    /// production (<see cref="ClusterSpec.Production"/>), else 1.</summary>
    public static double ProductionFactor(in ClusterSpec cluster) => cluster.Production != 0 ? L2Calibration.ProductionSlowdown : 1.0;

    /// <summary>The step on <paramref name="gpus"/> GPUs over the same step if none waited for another:
    /// 1 + <see cref="L2Calibration.SynchronisationSlowdown"/> · ln(gpus).</summary>
    /// <remarks>A synchronous step meets at collectives that wait for the slowest rank, and the slowest of more ranks is slower (the
    /// expected maximum of n draws grows with log n). None of the model's traffic terms grows so with the GPU count: with the
    /// micro-batches per rank fixed, the ring's bandwidth term is flat in the data-parallel size.</remarks>
    public static double SynchronisationFactor(double gpus) => 1.0 + L2Calibration.SynchronisationSlowdown * Math.Log(gpus);

    /// <summary>Chunk slots the pipeline runs in one step: m·v + p − 1 (Narayanan et al. 2021 §2.2).</summary>
    public static double PipelineSlots(in Layout layout, double microBatches) => microBatches * layout.Interleave + layout.Pp - 1.0;

    /// <summary>Seconds of the pipeline's slots, each a chunk of <paramref name="chunk"/> seconds and its exposed sends.</summary>
    public static double PipelineSeconds(in TransformerShape shape, in Layout layout, double microBatches, in AcceleratorSpec hw, in ClusterSpec cluster,
        double chunk) =>
        PipelineSlots(layout, microBatches) * (chunk + ExposedSendSeconds(shape, layout, hw, cluster));

    /// <summary>Seconds the step pays for its data-parallel traffic beside a pipeline of <paramref name="pipeline"/> seconds: it hides
    /// behind compute up to the overlapped share of the pipeline's time, and what hides still slows it.</summary>
    public static double ExposedDataParallelSeconds(in TransformerShape shape, in Layout layout, double microBatches, in AcceleratorSpec hw,
        in ClusterSpec cluster, double pipeline) =>
        Collectives.OverlappedSeconds(DataParallelSeconds(shape, layout, microBatches, hw, cluster), cluster.DpOverlap * pipeline, 0.0, cluster.OverlapSlowdown);

    /// <summary>True if the layout divides the model, batch and cluster as frameworks require.</summary>
    /// <remarks>Query heads divide by t; key/value heads divide by t or are replicated t/g times (Megatron-Core GQA); a hybrid's
    /// Mamba heads and groups divide by t (<see cref="MambaModel.Splits"/>). A pipeline may have up to
    /// <see cref="PipelineEdgeChunks"/> more chunks than layers.</remarks>
    public static bool IsValid(in TransformerShape shape, in Layout layout, double microBatches, in ClusterSpec cluster) =>
        layout.Tp >= 1 && layout.Pp >= 1 && layout.Dp >= 1 && layout.MicroBatch >= 1 && layout.Interleave >= 1
        && shape.Heads % layout.Tp == 0 && (shape.KvHeads % layout.Tp == 0 || layout.Tp % shape.KvHeads == 0)
        && (!shape.IsHybrid || MambaModel.Splits(shape, layout))
        && layout.Tp <= cluster.GpusPerNode
        && layout.Pp * layout.Interleave <= shape.Layers + (layout.Pp > 1 ? PipelineEdgeChunks : 0)
        && microBatches >= 1 && microBatches == Math.Floor(microBatches)
        && (layout.Interleave == 1 || (layout.Pp > 1 && microBatches % layout.Pp == 0))
        && (layout.SequenceParallel == 0 || layout.Tp > 1)
        && (layout.Recompute == Recompute.Partial ? layout.RecomputedLayers >= 0 && layout.RecomputedLayers <= MemoryModel.StageLayers(shape, layout)
            : layout.RecomputedLayers == 0)
        && (layout.Zero == 0 || layout.Dp * layout.Context > 1)
        && (layout.Context == 1 || shape.SeqLen % (2 * layout.Context) == 0)
        && (layout.Expert == 1 || (shape.IsMoe && shape.Experts % layout.Expert == 0
            && (layout.Dp * layout.Context * layout.Tp) % layout.Expert == 0));

    /// <summary>Seconds of one pipeline chunk for one micro-batch: its layers, and its share of the logits.</summary>
    public static double ChunkSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster) =>
        ChunkSeconds(shape, layout, LayerSeconds(shape, layout, hw, precision, cluster), LogitSeconds(shape, layout, hw, precision, cluster));

    /// <summary>Seconds of one average layer for one micro-batch (dense and expert layers in their proportion).</summary>
    /// <remarks>Depends on t, c, e, the micro-batch, recomputation and sequence parallelism only: not on p, d, v or ZeRO; partial
    /// recomputation mixes the layer seconds with nothing and with everything recomputed by its share (<see cref="Mix"/>).</remarks>
    public static double LayerSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster) =>
        layout.Recompute != Recompute.Partial
            ? WholeLayerSeconds(shape, layout, hw, precision, cluster)
            : PartialLayerSeconds(shape, layout, WholeLayerSeconds(shape, layout with { Recompute = Recompute.None, RecomputedLayers = 0 }, hw, precision, cluster),
                WholeLayerSeconds(shape, layout with { Recompute = Recompute.Full, RecomputedLayers = 0 }, hw, precision, cluster));

    /// <summary>The layer seconds of a partial-recomputation layout from those of its layers with nothing (<paramref name="stored"/>)
    /// and with everything recomputed (<paramref name="recomputed"/>); the bounded search passes the ones it keeps.</summary>
    public static double PartialLayerSeconds(in TransformerShape shape, in Layout layout, double stored, double recomputed) =>
        Mix(stored, recomputed, MemoryModel.RecomputedShare(shape, layout));

    /// <summary><paramref name="stored"/> where nothing is recomputed, <paramref name="recomputed"/> where everything is, weighted
    /// by the recomputed <paramref name="share"/>.</summary>
    public static double Mix(double stored, double recomputed, double share) => stored + share * (recomputed - stored);

    // One average layer under no, selective or full recomputation.
    private static double WholeLayerSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster)
    {
        double dense = LayerModel.Evaluate(shape, layout, hw, precision, cluster, false).Total;
        return shape.IsMoe ? AverageLayer(shape, dense, LayerModel.Evaluate(shape, layout, hw, precision, cluster, true).Total) : dense;
    }

    /// <summary>The average of a dense and an expert layer's seconds, weighted by how many of each an MoE shape has (in a hybrid, the
    /// average layer with a dense MLP and with experts: the other layers are in both alike).</summary>
    public static double AverageLayer(in TransformerShape shape, double dense, double moe) =>
        (shape.DenseMlpLayers * dense + shape.MoeLayers * moe) / shape.MlpBlocks;

    /// <summary>Seconds of one pipeline chunk from the <paramref name="layer"/> and <paramref name="logits"/> seconds of its layout.</summary>
    /// <remarks>Stages hold whole layers: with at most c layers in each chunk of the other p − 1 stages, the last stage keeps
    /// the rest beside the logits. The slowest stage sets the pace, so a chunk slot lasts its work over v. Layers that divide
    /// by p·v are split evenly (c = L/(p·v)), as Megatron-Core does unless a recipe asks otherwise; layers that do not divide
    /// must be placed by the recipe, which picks c = ⌈L/(p·v)⌉ or one more, whichever is faster.</remarks>
    public static double ChunkSeconds(in TransformerShape shape, in Layout layout, double layer, double logits)
    {
        // Multi-token prediction runs on the last stage after the output head: one more layer (a hybrid's two) and one more pass of
        // the head per module (its 2h→h projection, a few percent of a layer, is left out of the time).
        logits += shape.MtpLayers * (shape.MtpLayerSpan * layer + logits);
        double v = layout.Interleave;
        if (layout.Pp == 1)
            return (shape.Layers * layer + logits) / v;
        double least = Math.Ceiling(shape.Layers / ((double)layout.Pp * v));
        double even = SlowestStageSeconds(shape, layout, least, layer, logits);
        double fewerOnLast = Math.Min(even, SlowestStageSeconds(shape, layout, least + 1.0, layer, logits));
        // Both placements are computed and one selected (an early return left the L2 job's speed bimodal, benchmarks/results/).
        return (least * layout.Pp * v == shape.Layers ? even : fewerOnLast) / v;
    }

    // Per micro-batch, the slowest stage when the first p − 1 stages hold at most c layers in each of their v chunks.
    private static double SlowestStageSeconds(in TransformerShape shape, in Layout layout, double c, double layer, double logits)
    {
        double others = Math.Min(shape.Layers, (layout.Pp - 1.0) * layout.Interleave * c);
        double last = (shape.Layers - others) * layer + logits;
        return Math.Max(Math.Max(layout.Interleave * c * layer, last), (shape.Layers * layer + logits) / layout.Pp);
    }

    /// <summary>The logit GEMM forward and both backward GEMMs (never recomputed) and the loss over the logits, split by t:
    /// depends on t, c and the micro-batch only.</summary>
    /// <remarks>FP8 recipes leave the output layer in 16 bits (Transformer Engine covers the layers' linear modules only; TorchTitan's
    /// float8 conversion skips <c>output</c>), so its GEMMs run at the 16-bit peak. The loss reads every logit and writes its gradient
    /// (<see cref="LossBytesPerLogit"/>) at HBM bandwidth: with a 256K vocabulary that is a few layers' element-wise work.</remarks>
    public static double LogitSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster)
    {
        double tokens = (double)layout.MicroBatch * shape.SeqLen / layout.Context;
        double logits = (double)shape.Vocab / layout.Tp;
        Precision outer = GemmModel.OutsideLayers(precision);
        return 3.0 * GemmModel.Seconds(tokens, logits, shape.Hidden, 1, hw, GemmModel.SustainedPeak(hw, outer, cluster),
            GemmModel.OperandBytes(outer), cluster.GemmDepthOverhead)
            + LossBytesPerLogit * tokens * logits / hw.MemoryBandwidthBytesPerSecond;
    }

    /// <summary>HBM bytes the loss moves per logit: the softmax reads the 16-bit logits twice (maximum, then the sum of exponentials)
    /// and writes fp32 probabilities; the backward reads them and writes the 16-bit gradient (Megatron-Core vocab-parallel cross-entropy).</summary>
    public const double LossBytesPerLogit = 14.0;

    /// <summary>Seconds of one chunk slot's point-to-point sends that the software does not overlap (none with pipeline-send overlap).</summary>
    /// <remarks>Depends on t, c, p and the micro-batch only.</remarks>
    public static double ExposedSendSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, in ClusterSpec cluster) =>
        cluster.PipelineSendOverlap != 0 ? 0.0 : PipelineSendSeconds(shape, layout, hw, cluster);

    private static double PipelineSendSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        if (layout.Pp == 1)
            return 0.0;
        double message = ActivationBytes * layout.MicroBatch * shape.SeqLen / layout.Context * shape.Hidden / layout.Tp;
        bool sameNode = layout.Tp * layout.Context * layout.Pp <= cluster.GpusPerNode;
        // Activations forward and gradients backward.
        return 2.0 * (message / Links.Bandwidth(sameNode, hw, cluster) + Links.Latency(sameNode, cluster));
    }

    /// <summary>Seconds of the data-parallel gradient (and ZeRO-3 parameter) traffic of one step, before any of it is hidden.</summary>
    public static double DataParallelSeconds(in TransformerShape shape, in Layout layout, double microBatches, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        double replicas = (double)layout.Dp * layout.Context;
        double expertReplicas = MemoryModel.ExpertReplicas(layout);
        if (replicas == 1 && expertReplicas == 1)
            return 0.0;
        double experts = MemoryModel.ExpertParametersPerGpu(shape, layout);
        double dense = MemoryModel.DenseParametersPerGpu(shape, layout);
        bool sameNode = layout.Gpus <= cluster.GpusPerNode;
        double latency = Links.Latency(sameNode, cluster);
        // Data-parallel ranks follow the tensor- and context-parallel ones (Megatron's tp-cp-dp-pp order), so a node holds
        // gpusPerNode/(t·c) ranks of a group; NCCL runs one ring per NIC, and each rank's NIC carries its share.
        double perNode = Math.Max(1.0, cluster.GpusPerNode / ((double)layout.Tp * layout.Context));
        double bw = DataParallelBusBytesPerSecond(sameNode, Math.Min(replicas, perNode), hw, cluster);
        double expertBw = DataParallelBusBytesPerSecond(sameNode, Math.Min(expertReplicas, Math.Max(1.0, cluster.GpusPerNode / (double)layout.Expert)), hw, cluster);
        double seconds = GradientSyncSeconds(dense, replicas, layout.Zero, bw, latency, cluster)
            + GradientSyncSeconds(experts, expertReplicas, layout.Zero, expertBw, latency, cluster);
        // ZeRO 3 gathers each micro-batch's weights for the forward and again for the backward, the experts' from their own replicas.
        if (layout.Zero >= 3)
            seconds += microBatches * 2.0 * (Collectives.AllGatherSeconds(ActivationBytes * dense, replicas, bw, latency)
                + (experts > 0 ? Collectives.AllGatherSeconds(ActivationBytes * experts, expertReplicas, expertBw, latency) : 0.0));
        return seconds;
    }

    // Inside a node the scale-up link; across nodes, the NICs of the group's ranks in each node, at most the scale-up link's rate.
    private static double DataParallelBusBytesPerSecond(bool sameNode, double ranksPerNode, in AcceleratorSpec hw, in ClusterSpec cluster) =>
        sameNode ? Links.Bandwidth(true, hw, cluster) : Math.Min(hw.ScaleUpBusBytesPerSecond, ranksPerNode * Links.Bandwidth(false, hw, cluster));

    // Plain data parallelism all-reduces the gradients; a sharded optimizer (ZeRO ≥ 1, Megatron's distributed optimizer)
    // reduce-scatters them and all-gathers the updated 16-bit weights (ZeRO §7.2, Megatron-Core distrib_optimizer.md).
    private static double GradientSyncSeconds(double parameters, double ranks, int zero, double bw, double latency, in ClusterSpec cluster)
    {
        if (ranks <= 1 || parameters <= 0)
            return 0.0;
        if (zero == 0)
            return Collectives.AllReduceSeconds(cluster.GradientReduceBytes * parameters, ranks, bw, latency);
        return Collectives.AllGatherSeconds(cluster.GradientReduceBytes * parameters, ranks, bw, latency)
            + Collectives.AllGatherSeconds(ActivationBytes * parameters, ranks, bw, latency);
    }

    /// <summary>Seconds of the optimizer update: the first stage's parameters (sharded from ZeRO 1) at HBM bandwidth.</summary>
    public static double OptimizerSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision,
        in ClusterSpec cluster) =>
        MemoryModel.OptimizerParametersPerGpu(shape, layout) * OptimizerTrafficBytesPerParam
            * (MemoryModel.States(precision, cluster) == ParameterStates.Bf16 ? 0.5 : 1.0) / hw.MemoryBandwidthBytesPerSecond;
}

/// <summary>The two links a GPU talks over: the scale-up link inside a node, the network between nodes.</summary>
public static class Links
{
    /// <summary>Bus bandwidth of the scale-up link when <paramref name="inNode"/>, else the network's per-GPU rate, bytes/s.</summary>
    public static double Bandwidth(bool inNode, in AcceleratorSpec hw, in ClusterSpec cluster) =>
        inNode ? hw.ScaleUpBusBytesPerSecond : cluster.ScaleOutBytesPerSecond;

    /// <summary>Per-step latency of the link <paramref name="inNode"/> selects, s.</summary>
    public static double Latency(bool inNode, in ClusterSpec cluster) =>
        inNode ? cluster.ScaleUpLatencySeconds : cluster.ScaleOutLatencySeconds;
}

/// <summary>Ring collectives: bandwidth-latency model (Thakur, Rabenseifner and Gropp 2005; nccl-tests busbw).</summary>
public static class Collectives
{
    /// <summary>Ring all-reduce of <paramref name="bytes"/> over <paramref name="ranks"/> at bus bandwidth <paramref name="busBytesPerSecond"/>.</summary>
    public static double AllReduceSeconds(double bytes, double ranks, double busBytesPerSecond, double latencySeconds) =>
        2.0 * (ranks - 1.0) / ranks * bytes / busBytesPerSecond + 2.0 * (ranks - 1.0) * latencySeconds;

    /// <summary>
    /// Seconds a step or layer pays for <paramref name="communication"/> seconds of collectives overlapped with
    /// <paramref name="hidingSeconds"/> of compute: what the compute cannot hide, and at least <paramref name="leastExposed"/>,
    /// is exposed; what it hides still slows the compute by <paramref name="slowdown"/> of its time
    /// (<see cref="L2Calibration.OverlapSlowdown"/>: the collectives' kernels take SMs and HBM bandwidth).
    /// </summary>
    public static double OverlappedSeconds(double communication, double hidingSeconds, double leastExposed, double slowdown)
    {
        double exposed = Math.Max(leastExposed, communication - hidingSeconds);
        return exposed + slowdown * (communication - exposed);
    }

    /// <summary>Ring all-gather (or reduce-scatter) of <paramref name="bytes"/> in total.</summary>
    public static double AllGatherSeconds(double bytes, double ranks, double busBytesPerSecond, double latencySeconds) =>
        (ranks - 1.0) / ranks * bytes / busBytesPerSecond + (ranks - 1.0) * latencySeconds;
}
