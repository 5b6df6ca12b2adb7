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

/// <summary>Step time of a layout: compute at an achievable GEMM efficiency, memory-bound work, collectives, pipeline bubble.</summary>
/// <remarks>
/// <para>Per micro-batch and layer, each GPU runs its 1/t share of the layer's GEMMs at
/// peak × profile GEMM efficiency (ml-engineering MAMF) × framework efficiency, plus a fixed cost per
/// kernel, plus memory-bound work (the layer's activation bytes through HBM once per pass), plus
/// tensor-parallel all-reduces (2 per forward pass, 2 per backward; Narayanan et al. 2021 §3.2) on the
/// scale-up link. Collectives use the ring bandwidth-latency model (Thakur et al. 2005):
/// all-reduce 2(n−1)/n · S / busbw + 2(n−1)·α.</para>
/// <para>The pipeline runs (m + (p−1)/v) micro-batch slots (bubble (p−1)/(v·m), Narayanan §2.2),
/// each with its point-to-point sends (scatter/gather: S/t per GPU, Narayanan §4.1). The data-parallel
/// gradient reduction (2(d−1)/d of the gradients at the software's wire precision; ZeRO-3 adds parameter all-gathers per
/// micro-batch) runs once per step; up to a configurable share of the pipeline's time hides it.</para>
/// </remarks>
public static class StepModel
{
    private const double ActivationBytes = 2.0;
    private const double OptimizerTrafficBytesPerParam = 32.0;
    /// <summary>GEMMs and element-wise kernels launched per layer per pass (QKV, scores, softmax, AV, projection, MLP, norms, dropouts).</summary>
    public const double KernelsPerLayerPass = 16.0;

    /// <summary>Predicts one step of training with a layout.</summary>
    public static StepResult Evaluate(in TransformerShape shape, in Layout layout, double globalBatch,
        in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster)
    {
        double microBatches = globalBatch / ((double)layout.MicroBatch * layout.Dp);
        var r = new StepResult
        {
            ModelFlopsPerStep = shape.ModelFlopsPerSequence * globalBatch,
            HardwareFlopsPerStep = shape.HardwareFlopsPerSequence(layout.Recompute) * globalBatch,
            Valid = IsValid(shape, layout, microBatches, cluster) ? 1 : 0,
        };
        r.Memory = MemoryModel.PerGpu(shape, layout, microBatches, precision == Precision.Fp32 || precision == Precision.Fp64, cluster.FlashAttention);
        r.Fits = r.Memory.TotalBytes <= hw.MemoryBytes ? 1 : 0;
        double flopsPerSecond = hw.PeakFlops(precision) * hw.MatmulEfficiency * cluster.FrameworkEfficiency;
        double slot = MicroBatchStageSeconds(shape, layout, hw, flopsPerSecond, cluster) + PipelineSendSeconds(shape, layout, hw, cluster);
        double pipeline = (microBatches + (layout.Pp - 1.0) / layout.Interleave) * slot;
        // Data-parallel traffic hides behind compute up to the overlapped share of the pipeline's time.
        double exposed = Math.Max(0.0, DataParallelSeconds(shape, layout, microBatches, hw, cluster) - cluster.DpOverlap * pipeline);
        r.StepTimeSeconds = pipeline + exposed + OptimizerSeconds(shape, layout, hw);
        return r;
    }

    /// <summary>True if the layout divides the model, batch and cluster as frameworks require.</summary>
    public static bool IsValid(in TransformerShape shape, in Layout layout, double microBatches, in ClusterSpec cluster) =>
        layout.Tp >= 1 && layout.Pp >= 1 && layout.Dp >= 1 && layout.MicroBatch >= 1 && layout.Interleave >= 1
        && shape.Heads % layout.Tp == 0 && shape.KvHeads % layout.Tp == 0 && layout.Tp <= cluster.GpusPerNode
        && shape.Layers >= layout.Pp && (layout.Interleave == 1 || shape.Layers % (layout.Pp * layout.Interleave) == 0)
        && microBatches >= 1 && microBatches == Math.Floor(microBatches)
        && (layout.Interleave == 1 || (layout.Pp > 1 && microBatches % layout.Pp == 0))
        && (layout.SequenceParallel == 0 || layout.Tp > 1)
        && (layout.Zero == 0 || layout.Dp > 1);

    private static double MicroBatchStageSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, double flopsPerSecond, in ClusterSpec cluster)
    {
        double b = layout.MicroBatch;
        double passes = layout.Recompute == Recompute.Full ? 4.0 : 3.0;
        double layerFlops = b * (shape.HardwareFlopsPerSequence(layout.Recompute) - 3.0 * shape.LogitForwardFlops) / shape.Layers / layout.Tp;
        double gemm = layerFlops / flopsPerSecond + passes * KernelsPerLayerPass * cluster.KernelOverheadSeconds;
        double memoryBound = passes * MemoryModel.LayerWorkingSetBytes(shape, layout, cluster.FlashAttention) / (4.0 * hw.MemoryBandwidthBytesPerSecond);
        double allReduces = layout.Recompute == Recompute.Full ? 6.0 : 4.0;
        double message = ActivationBytes * b * shape.SeqLen * shape.Hidden;
        double tp = layout.Tp > 1 ? allReduces * Collectives.AllReduceSeconds(message, layout.Tp, hw.ScaleUpBusBytesPerSecond, cluster.ScaleUpLatencySeconds) : 0.0;
        // The logit layer (forward + backward) is charged evenly to the stages: Megatron balances stages by layers, so this is an approximation.
        double logits = b * 3.0 * shape.LogitForwardFlops / layout.Tp / flopsPerSecond / layout.Pp;
        return (gemm + memoryBound + tp) * MemoryModel.StageLayers(shape, layout) + logits;
    }

    private static double PipelineSendSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        if (layout.Pp == 1)
            return 0.0;
        double message = ActivationBytes * layout.MicroBatch * shape.SeqLen * shape.Hidden / layout.Tp;
        bool sameNode = layout.Tp * layout.Pp <= cluster.GpusPerNode;
        double bw = sameNode ? hw.ScaleUpBusBytesPerSecond : cluster.ScaleOutBytesPerSecond;
        double latency = sameNode ? cluster.ScaleUpLatencySeconds : cluster.ScaleOutLatencySeconds;
        // Activations forward and gradients backward, once per model chunk.
        return 2.0 * layout.Interleave * (message / bw + latency);
    }

    private static double DataParallelSeconds(in TransformerShape shape, in Layout layout, double microBatches, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        if (layout.Dp == 1)
            return 0.0;
        double psi = MemoryModel.ParametersPerGpu(shape, layout);
        bool sameNode = layout.Gpus <= cluster.GpusPerNode;
        double bw = sameNode ? hw.ScaleUpBusBytesPerSecond : cluster.ScaleOutBytesPerSecond;
        double latency = sameNode ? cluster.ScaleUpLatencySeconds : cluster.ScaleOutLatencySeconds;
        // ZeRO-2 and -3 reduce-scatter + all-gather the same volume as an all-reduce (ZeRO §7.2).
        double seconds = Collectives.AllReduceSeconds(cluster.GradientReduceBytes * psi, layout.Dp, bw, latency);
        if (layout.Zero >= 3)
            seconds += microBatches * 2.0 * Collectives.AllGatherSeconds(ActivationBytes * psi, layout.Dp, bw, latency);
        return seconds;
    }

    private static double OptimizerSeconds(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw)
    {
        double psi = MemoryModel.ParametersPerGpu(shape, layout) / (layout.Zero >= 1 ? layout.Dp : 1.0);
        return psi * OptimizerTrafficBytesPerParam / hw.MemoryBandwidthBytesPerSecond;
    }
}

/// <summary>Ring collectives: bandwidth-latency model (Thakur, Rabenseifner and Gropp 2005; nccl-tests busbw).</summary>
public static class Collectives
{
    /// <summary>Ring all-reduce of <paramref name="bytes"/> over <paramref name="ranks"/> at bus bandwidth <paramref name="busBytesPerSecond"/>.</summary>
    public static double AllReduceSeconds(double bytes, double ranks, double busBytesPerSecond, double latencySeconds) =>
        2.0 * (ranks - 1.0) / ranks * bytes / busBytesPerSecond + 2.0 * (ranks - 1.0) * latencySeconds;

    /// <summary>Ring all-gather (or reduce-scatter) of <paramref name="bytes"/> in total.</summary>
    public static double AllGatherSeconds(double bytes, double ranks, double busBytesPerSecond, double latencySeconds) =>
        (ranks - 1.0) / ranks * bytes / busBytesPerSecond + (ranks - 1.0) * latencySeconds;
}
