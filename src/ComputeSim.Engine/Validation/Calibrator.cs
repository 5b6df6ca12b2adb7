using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>The L2 model's fitted constants (see <see cref="L2Calibration"/>).</summary>
/// <param name="SustainedGemmShare">Share of the measured GEMM maximum sustained in training.</param>
/// <param name="GemmDepthOverhead">Tile start and drain, elements of k.</param>
/// <param name="AttentionShare">Fused attention throughput over the measured GEMM efficiency.</param>
/// <param name="ElementwiseTraffic">Element-wise bytes per stored activation byte, per pass.</param>
/// <param name="KernelOverheadSeconds">Fixed cost per kernel of an eager expert layer, where the host stalls, s.</param>
/// <param name="ExpertImbalance">Busiest expert over the mean.</param>
/// <param name="OverlapSlowdown">Compute seconds lost per second of communication hidden under compute.</param>
/// <param name="DenseKernelSeconds">Fixed cost per kernel of a dense layer, whose host runs ahead of the GPU, s.</param>
public sealed record CalibrationConstants(double SustainedGemmShare, double GemmDepthOverhead, double AttentionShare, double ElementwiseTraffic,
    double KernelOverheadSeconds, double ExpertImbalance, double OverlapSlowdown, double DenseKernelSeconds)
{
    /// <summary>The constants the model ships with.</summary>
    public static CalibrationConstants Shipped => new(L2Calibration.SustainedGemmShare, L2Calibration.GemmDepthOverhead, L2Calibration.AttentionShare,
        L2Calibration.ElementwiseTraffic, L2Calibration.KernelOverheadSeconds, L2Calibration.ExpertImbalance, L2Calibration.OverlapSlowdown,
        L2Calibration.DenseKernelSeconds);

    /// <summary>The constants <paramref name="cluster"/> carries (the shipped ones, or a cluster profile's fitted ones).</summary>
    public static CalibrationConstants Of(in ClusterSpec cluster) => new(cluster.FrameworkEfficiency, cluster.GemmDepthOverhead, cluster.AttentionShare,
        cluster.ElementwiseTraffic, cluster.KernelOverheadSeconds, cluster.ExpertImbalance, cluster.OverlapSlowdown, cluster.DenseKernelSeconds);

    /// <summary>The constants in <see cref="Calibrator.ConstantNames"/> order, in the units the names give (kernel costs in µs).</summary>
    public IReadOnlyList<double> Values => [SustainedGemmShare, GemmDepthOverhead, AttentionShare, ElementwiseTraffic, KernelOverheadSeconds * 1e6, ExpertImbalance,
        OverlapSlowdown, DenseKernelSeconds * 1e6];

    /// <summary><paramref name="cluster"/> with these constants.</summary>
    public ClusterSpec Apply(in ClusterSpec cluster) => cluster with
    {
        FrameworkEfficiency = SustainedGemmShare,
        GemmDepthOverhead = GemmDepthOverhead,
        AttentionShare = AttentionShare,
        ElementwiseTraffic = ElementwiseTraffic,
        KernelOverheadSeconds = KernelOverheadSeconds,
        ExpertImbalance = ExpertImbalance,
        OverlapSlowdown = OverlapSlowdown,
        DenseKernelSeconds = DenseKernelSeconds,
    };

    // The fit works on logarithms, so every constant stays positive; the imbalance is 1 + exp(x).
    internal double[] ToVector() =>
        [Math.Log(SustainedGemmShare), Math.Log(GemmDepthOverhead), Math.Log(AttentionShare), Math.Log(ElementwiseTraffic), Math.Log(KernelOverheadSeconds),
            Math.Log(Math.Max(ExpertImbalance - 1.0, MinExcess)), Math.Log(Math.Max(OverlapSlowdown, MinExcess)), Math.Log(DenseKernelSeconds)];

    // An imbalance of exactly 1 (perfect routing) or a slowdown of 0 has no logarithm; the fit starts just above it.
    private const double MinExcess = 1e-6;

    internal static CalibrationConstants FromVector(double[] x) =>
        new(Math.Exp(x[0]), Math.Exp(x[1]), Math.Exp(x[2]), Math.Exp(x[3]), Math.Exp(x[4]), 1.0 + Math.Exp(x[5]), Math.Exp(x[6]), Math.Exp(x[7]));
}

/// <summary>Fits the L2 constants to published runs, and checks the fit on sources it did not see.</summary>
/// <remarks>
/// The loss is the mean |ln(predicted / published)| over runs (a run no layout fits counts as
/// ln 2), so every run weighs the same whatever its metric, and an outlier pulls less than
/// under squares; each source family weighs as the square root of its runs (<see cref="WeightedLoss"/>).
/// </remarks>
public sealed class Calibrator(Func<string, AcceleratorSpec> hardware, Func<string, ClusterSpec> clusters)
{
    private static readonly double NoFitPenalty = Math.Log(2.0);
    /// <summary>Model evaluations one fit may spend.</summary>
    public const int Evaluations = 400;

    /// <summary>Names of the constants, in <see cref="CalibrationConstants"/> order (the cluster-profile fields).</summary>
    public static readonly IReadOnlyList<string> ConstantNames =
        ["sustained_gemm_share", "gemm_depth_overhead", "attention_share", "elementwise_traffic", "kernel_overhead_us", "expert_imbalance", "overlap_slowdown",
            "dense_kernel_us"];

    private static readonly double[] Steps = [0.2, 0.5, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5];

    /// <summary>Predicts <paramref name="runs"/> with <paramref name="constants"/>, or each cluster's own constants when null.</summary>
    public IReadOnlyList<ValidationRow> Predict(IReadOnlyList<PublishedRun> runs, CalibrationConstants? constants)
    {
        var rows = new ValidationRow[runs.Count];
        Parallel.For(0, runs.Count, i =>
        {
            PublishedRun run = runs[i];
            ClusterSpec own = run.ClusterFor(clusters(run.Cluster));
            ClusterSpec cluster = constants is null ? own : constants.Apply(own);
            rows[i] = Validator.Predict(run, hardware(run.Hardware), cluster);
        });
        return rows;
    }

    /// <summary>Mean |ln(predicted / published)|, each source family (<see cref="PublishedRun.Family"/>) weighing as the square root of
    /// its runs.</summary>
    public double Loss(IReadOnlyList<PublishedRun> runs, CalibrationConstants constants) => WeightedLoss(Predict(runs, constants));

    /// <summary>The loss of predicted rows: within a family every run weighs the same; a family of n runs weighs √n, so a source
    /// that publishes many releases of one table (DGX Cloud's 204 runs in three releases, Megatron-Bridge's 205 in nine) counts more than a paper's
    /// three runs, but does not decide the fit alone.</summary>
    public static double WeightedLoss(IReadOnlyList<ValidationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double sum = 0.0, weights = 0.0;
        foreach (var family in rows.GroupBy(r => r.Run.Family))
        {
            double n = family.Count();
            sum += family.Sum(Error) / Math.Sqrt(n);
            weights += Math.Sqrt(n);
        }
        return weights > 0 ? sum / weights : 0.0;
        static double Error(ValidationRow r) => double.IsFinite(r.Predicted) && r.Predicted > 0 ? Math.Abs(Math.Log(r.Predicted / r.Run.Published)) : NoFitPenalty;
    }

    /// <summary>The constants that minimise the loss on <paramref name="runs"/>, starting from <paramref name="start"/>.</summary>
    public CalibrationConstants Fit(IReadOnlyList<PublishedRun> runs, CalibrationConstants start, int evaluations = Evaluations) =>
        Fit(runs, start, [0, 1, 2, 3, 4, 5, 6, 7], evaluations);

    /// <summary>As <see cref="Fit(IReadOnlyList{PublishedRun}, CalibrationConstants, int)"/>, moving only the constants at <paramref name="free"/> (indices into <see cref="ConstantNames"/>).</summary>
    public CalibrationConstants Fit(IReadOnlyList<PublishedRun> runs, CalibrationConstants start, IReadOnlyList<int> free, int evaluations)
    {
        double[] full = start.ToVector();
        double[] Expand(double[] v)
        {
            var x = (double[])full.Clone();
            for (int i = 0; i < free.Count; i++)
                x[free[i]] = v[i];
            return x;
        }
        double[] best = NelderMead.Minimize(v => Loss(runs, CalibrationConstants.FromVector(Expand(v))), [.. free.Select(i => full[i])], [.. free.Select(i => Steps[i])], evaluations);
        CalibrationConstants f = CalibrationConstants.FromVector(Expand(best));
        // The kept constants are the start's exactly, not their round trip through logarithms.
        return new(Pick(0, f.SustainedGemmShare, start.SustainedGemmShare), Pick(1, f.GemmDepthOverhead, start.GemmDepthOverhead),
            Pick(2, f.AttentionShare, start.AttentionShare), Pick(3, f.ElementwiseTraffic, start.ElementwiseTraffic),
            Pick(4, f.KernelOverheadSeconds, start.KernelOverheadSeconds), Pick(5, f.ExpertImbalance, start.ExpertImbalance),
            Pick(6, f.OverlapSlowdown, start.OverlapSlowdown), Pick(7, f.DenseKernelSeconds, start.DenseKernelSeconds));
        double Pick(int i, double fitted, double kept) => free.Contains(i) ? fitted : kept;
    }

    /// <summary>For each source family (a source with all its releases): fit on every other family, predict the held-out one.</summary>
    /// <remarks>Holding out one release while its siblings stay in the fit would test little: releases repeat their layouts.</remarks>
    public IReadOnlyList<ValidationRow> LeaveOneSourceOut(IReadOnlyList<PublishedRun> runs, CalibrationConstants start, int evaluations = Evaluations)
    {
        var held = new List<ValidationRow>();
        foreach (string family in runs.Select(r => r.Family).Distinct())
        {
            var train = runs.Where(r => r.Family != family).ToList();
            CalibrationConstants fitted = Fit(train, start, evaluations);
            held.AddRange(Predict([.. runs.Where(r => r.Family == family)], fitted));
        }
        return held;
    }
}
