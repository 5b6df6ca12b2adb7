using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>The L2 model's fitted constants (see <see cref="L2Calibration"/>).</summary>
/// <param name="SustainedGemmShare">Share of the measured GEMM maximum sustained in training.</param>
/// <param name="GemmDepthOverhead">Tile start and drain, elements of k.</param>
/// <param name="AttentionShare">Fused attention throughput over the measured GEMM efficiency.</param>
/// <param name="ElementwiseTraffic">Element-wise bytes per stored activation byte, per pass.</param>
/// <param name="KernelOverheadSeconds">Fixed cost per kernel, s.</param>
/// <param name="ExpertImbalance">Busiest expert over the mean.</param>
public sealed record CalibrationConstants(double SustainedGemmShare, double GemmDepthOverhead, double AttentionShare, double ElementwiseTraffic,
    double KernelOverheadSeconds, double ExpertImbalance)
{
    /// <summary>The constants the model ships with.</summary>
    public static CalibrationConstants Shipped => new(L2Calibration.SustainedGemmShare, L2Calibration.GemmDepthOverhead, L2Calibration.AttentionShare,
        L2Calibration.ElementwiseTraffic, L2Calibration.KernelOverheadSeconds, L2Calibration.ExpertImbalance);

    /// <summary><paramref name="cluster"/> with these constants.</summary>
    public ClusterSpec Apply(in ClusterSpec cluster) => cluster with
    {
        FrameworkEfficiency = SustainedGemmShare, GemmDepthOverhead = GemmDepthOverhead, AttentionShare = AttentionShare, ElementwiseTraffic = ElementwiseTraffic,
        KernelOverheadSeconds = KernelOverheadSeconds, ExpertImbalance = ExpertImbalance,
    };

    // The fit works on logarithms, so every constant stays positive; the imbalance is 1 + exp(x).
    internal double[] ToVector() =>
        [Math.Log(SustainedGemmShare), Math.Log(GemmDepthOverhead), Math.Log(AttentionShare), Math.Log(ElementwiseTraffic), Math.Log(KernelOverheadSeconds), Math.Log(ExpertImbalance - 1.0)];

    internal static CalibrationConstants FromVector(double[] x) =>
        new(Math.Exp(x[0]), Math.Exp(x[1]), Math.Exp(x[2]), Math.Exp(x[3]), Math.Exp(x[4]), 1.0 + Math.Exp(x[5]));
}

/// <summary>Fits the L2 constants to published runs, and checks the fit on sources it did not see.</summary>
/// <remarks>
/// The loss is the mean |ln(predicted / published)| over runs (a run no layout fits counts as
/// ln 2), so every run weighs the same whatever its metric, and an outlier pulls less than
/// under squares.
/// </remarks>
public sealed class Calibrator(Func<string, AcceleratorSpec> hardware, Func<string, ClusterSpec> clusters)
{
    private const double NoFitPenalty = 0.6931471805599453;
    /// <summary>Model evaluations one fit may spend.</summary>
    public const int Evaluations = 400;

    /// <summary>Predicts <paramref name="runs"/> with <paramref name="constants"/>.</summary>
    public IReadOnlyList<ValidationRow> Predict(IReadOnlyList<PublishedRun> runs, CalibrationConstants constants)
    {
        var rows = new ValidationRow[runs.Count];
        Parallel.For(0, runs.Count, i =>
        {
            PublishedRun run = runs[i];
            ClusterSpec cluster = constants.Apply(TrainingSoftware.WithSoftware(clusters(run.Cluster), run.Software));
            rows[i] = Validator.Predict(run, hardware(run.Hardware), cluster);
        });
        return rows;
    }

    /// <summary>Mean |ln(predicted / published)|.</summary>
    public double Loss(IReadOnlyList<PublishedRun> runs, CalibrationConstants constants) =>
        Predict(runs, constants).Average(r => double.IsFinite(r.Predicted) && r.Predicted > 0 ? Math.Abs(Math.Log(r.Predicted / r.Run.Published)) : NoFitPenalty);

    /// <summary>The constants that minimise the loss on <paramref name="runs"/>, starting from <paramref name="start"/>.</summary>
    public CalibrationConstants Fit(IReadOnlyList<PublishedRun> runs, CalibrationConstants start, int evaluations = Evaluations)
    {
        double[] x = NelderMead.Minimize(v => Loss(runs, CalibrationConstants.FromVector(v)), start.ToVector(), [0.2, 0.5, 0.2, 0.5, 0.5, 0.5], evaluations);
        return CalibrationConstants.FromVector(x);
    }

    /// <summary>For each source group: fit on every other group, predict the held-out one.</summary>
    public IReadOnlyList<ValidationRow> LeaveOneSourceOut(IReadOnlyList<PublishedRun> runs, CalibrationConstants start, int evaluations = Evaluations)
    {
        var held = new List<ValidationRow>();
        foreach (string group in runs.Select(r => r.Group).Distinct())
        {
            var train = runs.Where(r => r.Group != group).ToList();
            CalibrationConstants fitted = Fit(train, start, evaluations);
            held.AddRange(Predict([.. runs.Where(r => r.Group == group)], fitted));
        }
        return held;
    }
}
