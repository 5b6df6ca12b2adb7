using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Why a prediction's MFU is low, read off the step's parts: the pipeline bubble, exposed communication, or small GEMMs.</summary>
public static class MfuNote
{
    /// <summary>MFU below which a prediction explains itself.</summary>
    public const double Threshold = 0.15;

    /// <summary>The note for a predicted step split into its <paramref name="parts"/> (<see cref="StepBreakdown"/>), or null when the MFU is at
    /// least <see cref="Threshold"/>.</summary>
    public static string? For(in TransformerShape shape, in Layout l, double globalBatch, in AcceleratorSpec hw, in ClusterSpec cluster, in StepParts parts,
        double mfu)
    {
        double stepSeconds = parts.Total;
        if (!(mfu < Threshold) || !(stepSeconds > 0))
            return null;
        double microBatches = globalBatch / ((double)l.MicroBatch * l.Dp);
        double computing = parts.ComputeSeconds / stepSeconds;
        // While computing, the GPUs could reach the chip's measured GEMM efficiency at the sustained share; small GEMMs fall short of it.
        double ceiling = hw.MatmulEfficiency * cluster.FrameworkEfficiency;
        double whileComputing = computing > 0 ? mfu / computing : 0.0;
        double smallGemms = ceiling > 0 ? computing * Math.Max(0.0, 1.0 - whileComputing / ceiling) : 0.0;
        double bubbleShare = parts.PipelineBubbleSeconds / stepSeconds, communicationShare = parts.CommunicationSeconds / stepSeconds;
        string shares = $"pipeline bubble {Pct(bubbleShare)} of the step ({Whole(microBatches)} micro-batches for {l.Pp} stages), "
            + $"exposed communication {Pct(communicationShare)}, MFU while computing {Pct(whileComputing)}";
        string head = $"note: MFU {Pct(mfu)} is under {Pct(Threshold)}; ";
        if (bubbleShare >= communicationShare && bubbleShare >= smallGemms)
            return head + $"mostly the pipeline bubble: the global batch is small for this cluster (raise --global-batch, or use fewer stages); {shares}";
        if (communicationShare >= smallGemms)
            return head + $"mostly communication (a faster network, overlapping software or fewer GPUs would help); {shares}";
        double tokensPerGpu = (double)l.MicroBatch * shape.SeqLen / l.Context;
        // Small micro-batches leave the kernels' fixed costs and the HBM-bound work beside the GEMMs as the larger part.
        string what = parts.ElementwiseSeconds > parts.GemmSeconds ? "element-wise work and per-kernel costs beside small GEMMs" : "small GEMMs";
        return head + $"mostly {what}: each GPU works on {Whole(tokensPerGpu)} tokens of a {Whole(shape.Hidden / (double)l.Tp)}-wide slice per micro-batch, "
            + $"so the batch or the model is small for this cluster (raise --global-batch, or use fewer GPUs); {shares}";
    }

    private static string Pct(double f) => (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Whole(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
