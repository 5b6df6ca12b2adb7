namespace ComputeSim.Model;

/// <summary>The per-point planning step: predicted loss and lifetime inference cost, added to a priced point.</summary>
public static class LossModel
{
    /// <summary>Inference FLOPs per active parameter per token: one forward pass.</summary>
    public const double InferenceFlopsPerActiveParam = TrainingCost.ForwardFlopsPerActiveParam;

    /// <summary>Adds the loss the law predicts and the inference cost to <paramref name="r"/>.</summary>
    /// <remarks>
    /// Sardana et al. 2024 ("Beyond Chinchilla-Optimal"): inference costs 2·N·D_inference FLOPs. It is priced at the
    /// point's own dollars per training FLOP (inference on the same accelerators at the same utilisation and price),
    /// so at L0 training + inference cost is proportional to Sardana's 6·N·D_train + 2·N·D_inference on each accelerator
    /// (at L2 the training FLOPs also count attention and logits).
    /// </remarks>
    public static PointResult Annotate(PointResult r, in TrainingJob job, in Assumptions assumptions, in ScalingSettings scaling)
    {
        r.PredictedLoss = ComputeOptimal.Loss(scaling.Law, job.Parameters, job.Tokens);
        // Zero demand adds exactly 0, even where the training cost is +Infinity (no layout), so the ranking is the plain one.
        r.InferenceCostUsd = scaling.InferenceTokens > 0.0
            ? r.CostUsd / r.TotalFlops * InferenceFlops(job.Parameters, scaling.InferenceTokens, assumptions.ActiveFraction)
            : 0.0;
        return r;
    }

    /// <summary>Inference FLOPs: 2 × active parameters × tokens served.</summary>
    public static double InferenceFlops(double parameters, double tokens, double activeFraction) =>
        InferenceFlopsPerActiveParam * activeFraction * parameters * tokens;
}
