namespace ComputeSim.Model;

/// <summary>Where one predicted step's seconds go. The parts add up to <see cref="StepResult.StepTimeSeconds"/>.</summary>
public struct StepParts
{
    /// <summary>The layers' GEMMs (projections, MLP or experts, router; attention products without a fused kernel).</summary>
    public double GemmSeconds;
    /// <summary>Fused attention, forward and backward, and a hybrid's Mamba-2 scans.</summary>
    public double AttentionSeconds;
    /// <summary>Element-wise kernels at HBM bandwidth, and the fixed cost of every kernel.</summary>
    public double ElementwiseSeconds;
    /// <summary>The output layer's GEMMs and the loss over the logits (and any multi-token-prediction heads).</summary>
    public double LogitsSeconds;
    /// <summary>Tensor-, context- and expert-parallel communication the layers leave exposed.</summary>
    public double LayerCommunicationSeconds;
    /// <summary>The pipeline's fill and drain: p − 1 chunk slots in which some stages wait.</summary>
    public double PipelineBubbleSeconds;
    /// <summary>Point-to-point sends between stages that the software does not overlap.</summary>
    public double PipelineSendSeconds;
    /// <summary>Data-parallel gradient and parameter traffic not hidden behind compute, and the slowdown of what is.</summary>
    public double DataParallelSeconds;
    /// <summary>The optimizer's update.</summary>
    public double OptimizerSeconds;
    /// <summary>Waiting for the slowest GPU at each step's collectives (<see cref="StepModel.SynchronisationFactor"/>).</summary>
    public double SynchronisationSeconds;
    /// <summary>What a production run adds to the tuned step (<see cref="StepModel.ProductionFactor"/>); 0 for a benchmark's step.</summary>
    public double ProductionSeconds;

    /// <summary>The step: every part.</summary>
    public readonly double Total => GemmSeconds + AttentionSeconds + ElementwiseSeconds + LogitsSeconds + LayerCommunicationSeconds
        + PipelineBubbleSeconds + PipelineSendSeconds + DataParallelSeconds + OptimizerSeconds + SynchronisationSeconds + ProductionSeconds;

    /// <summary>Seconds the GPUs spend computing: GEMMs, attention, element-wise work and the logits.</summary>
    public readonly double ComputeSeconds => GemmSeconds + AttentionSeconds + ElementwiseSeconds + LogitsSeconds;

    /// <summary>Seconds of exposed communication: the layers', the pipeline's sends and the data-parallel traffic.</summary>
    public readonly double CommunicationSeconds => LayerCommunicationSeconds + PipelineSendSeconds + DataParallelSeconds;
}

/// <summary>Splits a step that <see cref="StepModel.Evaluate(in TransformerShape, in Layout, double, in AcceleratorSpec, Precision, in ClusterSpec)"/>
/// predicts into its parts, from the same functions (host side: one configuration, not the sweep kernels).</summary>
/// <remarks>The pipeline's m·v busy slots are split in the proportions of one micro-batch's work over the whole model (every layer by
/// kind of work, and the logits); where stages are uneven the slowest sets each slot, and its idle share on the other stages is
/// counted in those proportions too.</remarks>
public static class StepBreakdown
{
    /// <summary>The parts of one step of <paramref name="layout"/>.</summary>
    public static StepParts Of(in TransformerShape shape, in Layout layout, double globalBatch, in AcceleratorSpec hw, Precision precision,
        in ClusterSpec cluster)
    {
        double microBatches = globalBatch / ((double)layout.MicroBatch * layout.Dp);
        double chunk = StepModel.ChunkSeconds(shape, layout, hw, precision, cluster);
        double pipeline = StepModel.PipelineSeconds(shape, layout, microBatches, hw, cluster, chunk);
        LayerTime layer = AverageLayer(shape, layout, hw, precision, cluster);
        // One micro-batch over the whole model: its layers and multi-token-prediction modules, and the heads (StepModel.ChunkSeconds).
        double layers = shape.Layers + shape.MtpLayers * shape.MtpLayerSpan;
        double logits = (1.0 + shape.MtpLayers) * StepModel.LogitSeconds(shape, layout, hw, precision, cluster);
        double work = layers * layer.Total + logits;
        double busy = microBatches * layout.Interleave * chunk;
        double scale = work > 0 ? busy / work : 0.0;
        var parts = new StepParts
        {
            GemmSeconds = scale * layers * layer.GemmSeconds,
            AttentionSeconds = scale * layers * layer.AttentionSeconds,
            ElementwiseSeconds = scale * layers * layer.ElementwiseSeconds,
            LogitsSeconds = scale * logits,
            LayerCommunicationSeconds = scale * layers * layer.CommunicationSeconds,
            PipelineBubbleSeconds = (layout.Pp - 1.0) * chunk,
            PipelineSendSeconds = StepModel.PipelineSlots(layout, microBatches) * StepModel.ExposedSendSeconds(shape, layout, hw, cluster),
            DataParallelSeconds = StepModel.ExposedDataParallelSeconds(shape, layout, microBatches, hw, cluster, pipeline),
            OptimizerSeconds = StepModel.OptimizerSeconds(shape, layout, hw, precision, cluster),
        };
        parts.SynchronisationSeconds = (StepModel.SynchronisationFactor(layout.Gpus) - 1.0) * parts.Total;
        parts.ProductionSeconds = (StepModel.ProductionFactor(cluster) - 1.0) * parts.Total;
        return parts;
    }

    // The average layer by kind of work: dense and expert layers in their proportion (StepModel.AverageLayer, part by part).
    private static LayerTime AverageLayer(in TransformerShape shape, in Layout layout, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster)
    {
        LayerTime dense = LayerModel.Evaluate(shape, layout, hw, precision, cluster, false);
        if (!shape.IsMoe)
            return dense;
        LayerTime moe = LayerModel.Evaluate(shape, layout, hw, precision, cluster, true);
        return new LayerTime
        {
            GemmSeconds = StepModel.AverageLayer(shape, dense.GemmSeconds, moe.GemmSeconds),
            AttentionSeconds = StepModel.AverageLayer(shape, dense.AttentionSeconds, moe.AttentionSeconds),
            ElementwiseSeconds = StepModel.AverageLayer(shape, dense.ElementwiseSeconds, moe.ElementwiseSeconds),
            CommunicationSeconds = StepModel.AverageLayer(shape, dense.CommunicationSeconds, moe.CommunicationSeconds),
        };
    }
}
