namespace ComputeSim.Model;

/// <summary>
/// Scaling-law formulas: predicted loss for any (N, D), and the compute-optimal N and D for a budget of
/// C = 6·N·D training FLOPs in closed form. Kernel-safe (value types, <see cref="Math"/> only, no throws).
/// </summary>
public static class ComputeOptimal
{
    /// <summary>Training FLOPs per parameter per token in the budget C = 6·N·D (a dense model: every parameter active).</summary>
    public const double FlopsPerParamToken = TrainingCost.ForwardFlopsPerActiveParam * TrainingCost.BackwardMultiplier;

    /// <summary>Predicted loss at <paramref name="parameters"/> N and <paramref name="tokens"/> D.</summary>
    /// <remarks>Hoffmann et al. 2022 Eq. 2; Kaplan et al. 2020 Eq. 1.5. +Infinity where N or D is not positive.</remarks>
    public static double Loss(in ScalingLaw law, double parameters, double tokens)
    {
        if (!(parameters > 0.0 && tokens > 0.0))
            return double.PositiveInfinity;
        if (law.Form == LawForm.Kaplan)
            return Math.Pow(Math.Pow(law.A / parameters, law.Alpha / law.Beta) + law.B / tokens, law.Beta);
        return law.E + law.A / Math.Pow(parameters, law.Alpha) + law.B / Math.Pow(tokens, law.Beta);
    }

    /// <summary>The N that minimises <see cref="Loss"/> subject to 6·N·D = <paramref name="flops"/>.</summary>
    /// <remarks>
    /// Chinchilla form (planning facts; Hoffmann et al. 2022 App. D.2): N = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)).
    /// Kaplan form: setting dL/dN = 0 along D = C/(6N) gives N^(a+1) = a·N_c^a·C/(6·D_c), a = α_N/α_D. This is
    /// the optimum of Kaplan's L(N, D) at a fixed 6ND, not Kaplan's own C_min allocation (N ∝ C^0.73), which
    /// assumes early stopping. Computed in logarithms so that no intermediate overflows.
    /// </remarks>
    public static double OptimalParams(in ScalingLaw law, double flops)
    {
        double logBudget = Math.Log(flops / FlopsPerParamToken);
        if (law.Form == LawForm.Kaplan)
        {
            double a = law.Alpha / law.Beta;
            return Math.Exp((Math.Log(a) + a * Math.Log(law.A) + logBudget - Math.Log(law.B)) / (a + 1.0));
        }
        double sum = law.Alpha + law.Beta;
        double logG = Math.Log(law.Alpha * law.A / (law.Beta * law.B)) / sum;
        return Math.Exp(logG + law.Beta / sum * logBudget);
    }

    /// <summary>The compute-optimal tokens: D = C / (6·N_opt).</summary>
    public static double OptimalTokens(in ScalingLaw law, double flops) =>
        flops / FlopsPerParamToken / OptimalParams(law, flops);

    /// <summary>The loss of an infinite model on infinite data: E (Chinchilla form), 0 (Kaplan form). No (N, D) reaches it.</summary>
    public static double IrreducibleLoss(in ScalingLaw law) => law.Form == LawForm.Kaplan ? 0.0 : law.E;

    /// <summary>
    /// Tokens D at which a model of <paramref name="parameters"/> reaches <paramref name="loss"/>; +Infinity where
    /// no amount of data gets there (the target is at or below the loss of infinite data at this N).
    /// </summary>
    /// <remarks>Inverts Eq. 2 of Hoffmann et al. 2022 (or Eq. 1.5 of Kaplan et al. 2020) for D.</remarks>
    public static double TokensForLoss(in ScalingLaw law, double parameters, double loss)
    {
        double dataTerm = law.Form == LawForm.Kaplan
            ? Math.Pow(loss, 1.0 / law.Beta) - Math.Pow(law.A / parameters, law.Alpha / law.Beta)
            : loss - law.E - law.A / Math.Pow(parameters, law.Alpha);
        if (!(dataTerm > 0.0))
            return double.PositiveInfinity;
        return law.Form == LawForm.Kaplan ? law.B / dataTerm : Math.Pow(law.B / dataTerm, 1.0 / law.Beta);
    }

    /// <summary>Golden-section steps of <see cref="InferenceOptimalParams"/>: each shrinks the bracket by 0.618, 200 reach double precision.</summary>
    public const int GoldenSteps = 200;

    /// <summary>
    /// The N that reaches <paramref name="loss"/> with the fewest training plus inference FLOPs,
    /// 6·N·D(N) + 2·N·<paramref name="inferenceTokens"/>, where D(N) = <see cref="TokensForLoss"/> (Sardana et al. 2024,
    /// "Beyond Chinchilla-Optimal", Eq. 3, solved numerically as they do). +Infinity where no N reaches the loss.
    /// </summary>
    /// <remarks>
    /// Golden-section search over log N, from just above the smallest model that can reach the loss (where D(N) is
    /// infinite) to 10^8 times it; the objective falls then rises along that range. Fixed step count, no allocation.
    /// </remarks>
    public static double InferenceOptimalParams(in ScalingLaw law, double loss, double inferenceTokens)
    {
        double smallest = SmallestParamsFor(law, loss);
        if (!(smallest < double.PositiveInfinity))
            return double.PositiveInfinity;
        const double Ratio = 0.6180339887498949;
        double lo = Math.Log(smallest) + 1e-9, hi = lo + Math.Log(1e8);
        double a = hi - Ratio * (hi - lo), b = lo + Ratio * (hi - lo);
        double fa = TotalFlops(law, Math.Exp(a), loss, inferenceTokens), fb = TotalFlops(law, Math.Exp(b), loss, inferenceTokens);
        for (int i = 0; i < GoldenSteps; i++)
        {
            if (fa <= fb)
            {
                hi = b;
                b = a;
                fb = fa;
                a = hi - Ratio * (hi - lo);
                fa = TotalFlops(law, Math.Exp(a), loss, inferenceTokens);
            }
            else
            {
                lo = a;
                a = b;
                fa = fb;
                b = lo + Ratio * (hi - lo);
                fb = TotalFlops(law, Math.Exp(b), loss, inferenceTokens);
            }
        }
        return Math.Exp(0.5 * (lo + hi));
    }

    /// <summary>Training plus inference FLOPs of the model of <paramref name="parameters"/> trained to <paramref name="loss"/>.</summary>
    public static double TotalFlops(in ScalingLaw law, double parameters, double loss, double inferenceTokens) =>
        FlopsPerParamToken * parameters * TokensForLoss(law, parameters, loss) + LossModel.InferenceFlops(parameters, inferenceTokens, 1.0);

    /// <summary>The N below which no amount of data reaches <paramref name="loss"/> (+Infinity if none does).</summary>
    private static double SmallestParamsFor(in ScalingLaw law, double loss)
    {
        if (law.Form == LawForm.Kaplan)
            return loss > 0.0 ? law.A / Math.Pow(loss, 1.0 / law.Alpha) : double.PositiveInfinity;
        return loss > law.E ? Math.Pow(law.A / (loss - law.E), 1.0 / law.Alpha) : double.PositiveInfinity;
    }
}
