using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>Why a prediction's MFU is low, read off the step's parts: the pipeline bubble, exposed communication, or small GEMMs.</summary>
public static class MfuNote
{
    /// <summary>MFU below which a prediction explains itself.</summary>
    public const double Threshold = 0.15;

    /// <summary>The note for a predicted step, or null when the MFU is at least <see cref="Threshold"/>.</summary>
    public static string? For(in TransformerShape shape, in Layout l, double globalBatch, in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster,
        double stepSeconds, double mfu)
    {
        if (!(mfu < Threshold) || !(stepSeconds > 0))
            return null;
        double microBatches = globalBatch / ((double)l.MicroBatch * l.Dp);
        double chunk = StepModel.ChunkSeconds(shape, l, hw, precision, cluster);
        LayerTime layer = LayerModel.Evaluate(shape, l, hw, precision, cluster, shape.IsMoe);
        double layerComm = layer.Total > 0 ? layer.CommunicationSeconds / layer.Total : 0.0;
        double work = microBatches * l.Interleave * chunk;
        double bubble = (l.Pp - 1.0) * chunk;
        // Whatever is neither work nor bubble is exposed traffic: pipeline sends, data-parallel reduction, the optimizer step.
        double communication = Math.Max(0.0, stepSeconds - work - bubble) + work * layerComm;
        string head = $"note: MFU {Pct(mfu)} is under {Pct(Threshold)}: ";
        if (bubble >= communication && bubble / stepSeconds >= 0.2)
        {
            return head + $"the pipeline bubble takes {Pct(bubble / stepSeconds)} of the step ({Whole(microBatches)} micro-batches for {l.Pp} stages); "
                + "the global batch is small for this cluster: raise --global-batch, or use fewer stages";
        }
        if (communication / stepSeconds >= 0.2)
            return head + $"exposed communication takes {Pct(communication / stepSeconds)} of the step; a faster network, overlapping software or fewer GPUs would help";
        double tokensPerGpu = (double)l.MicroBatch * shape.SeqLen / l.Context;
        return head + $"the GEMMs are small: each GPU works on {Whole(tokensPerGpu)} tokens of a {Whole(shape.Hidden / (double)l.Tp)}-wide slice per micro-batch; "
            + "the batch or the model is small for this cluster: raise --global-batch, or use fewer GPUs";
    }

    private static string Pct(double f) => (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Whole(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
