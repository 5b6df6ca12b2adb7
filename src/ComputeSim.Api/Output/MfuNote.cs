using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

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
        double computing = work * (1.0 - layerComm) / stepSeconds;
        // While computing, the GPUs could reach the chip's measured GEMM efficiency at the sustained share; small GEMMs fall short of it.
        double ceiling = hw.MatmulEfficiency * cluster.FrameworkEfficiency;
        double whileComputing = computing > 0 ? mfu / computing : 0.0;
        double smallGemms = ceiling > 0 ? computing * Math.Max(0.0, 1.0 - whileComputing / ceiling) : 0.0;
        double bubbleShare = bubble / stepSeconds, communicationShare = communication / stepSeconds;
        string parts = $"pipeline bubble {Pct(bubbleShare)} of the step ({Whole(microBatches)} micro-batches for {l.Pp} stages), "
            + $"exposed communication {Pct(communicationShare)}, MFU while computing {Pct(whileComputing)}";
        string head = $"note: MFU {Pct(mfu)} is under {Pct(Threshold)}; ";
        if (bubbleShare >= communicationShare && bubbleShare >= smallGemms)
            return head + $"mostly the pipeline bubble: the global batch is small for this cluster (raise --global-batch, or use fewer stages); {parts}";
        if (communicationShare >= smallGemms)
            return head + $"mostly communication (a faster network, overlapping software or fewer GPUs would help); {parts}";
        double tokensPerGpu = (double)l.MicroBatch * shape.SeqLen / l.Context;
        return head + $"mostly small GEMMs: each GPU works on {Whole(tokensPerGpu)} tokens of a {Whole(shape.Hidden / (double)l.Tp)}-wide slice per micro-batch, "
            + $"so the batch or the model is small for this cluster (raise --global-batch, or use fewer GPUs); {parts}";
    }

    private static string Pct(double f) => (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Whole(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
