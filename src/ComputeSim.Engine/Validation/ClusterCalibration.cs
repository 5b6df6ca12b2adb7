using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>A cluster's constants fitted to its own runs, with the errors before and after and out of sample.</summary>
/// <param name="Start">The cluster's constants before the fit.</param>
/// <param name="Fitted">The fitted constants.</param>
/// <param name="Free">Indices (into <see cref="Calibrator.ConstantNames"/>) of the constants the fit moved; the others keep their start values.</param>
/// <param name="Before">Each run predicted with <paramref name="Start"/>.</param>
/// <param name="After">Each run predicted with <paramref name="Fitted"/>.</param>
/// <param name="LeaveOneOut">Each run predicted by a fit to all the others (empty with a single run).</param>
public sealed record ClusterCalibrationResult(CalibrationConstants Start, CalibrationConstants Fitted, IReadOnlyList<int> Free,
    IReadOnlyList<ValidationRow> Before, IReadOnlyList<ValidationRow> After, IReadOnlyList<ValidationRow> LeaveOneOut);

/// <summary>Fits the L2 model's efficiency constants to one cluster's measured runs (<c>computesim calibrate</c>).</summary>
/// <remarks>
/// Every run is predicted on the one cluster, with its own software switches. A constant moves only
/// when some run can tell it apart: the expert imbalance needs an MoE run, the fused-attention share
/// a run with FlashAttention, the overlap slowdown a run whose software overlaps its communication, the dense kernel cost a run
/// with dense layers, the eager expert kernel cost an MoE run without CUDA graphs. At most n − 1 constants
/// move for n runs (1 for a single run), in order
/// of how much of the step each governs, so a few runs cannot be fitted exactly by constants they say
/// nothing about; the leave-one-out error (each run predicted by a fit to the others) says how well
/// the fit carries to a run it did not see.
/// </remarks>
public static class ClusterCalibration
{
    // Constant indices in the order they are freed: GEMM share, dense kernel cost, eager expert kernel cost, attention share,
    // element-wise traffic, tile depth, expert imbalance, overlap slowdown.
    private static readonly int[] Priority = [0, 7, 4, 2, 3, 1, 5, 6];
    private const int AttentionIndex = 2;
    private const int EagerExpertKernelIndex = 4;
    private const int DenseKernelIndex = 7;
    private const int ImbalanceIndex = 5;
    private const int SlowdownIndex = 6;

    /// <summary>Fits <paramref name="runs"/> on <paramref name="cluster"/>; <paramref name="hardware"/> maps accelerator names to specs.</summary>
    public static ClusterCalibrationResult Fit(IReadOnlyList<PublishedRun> runs, ClusterSpec cluster, Func<string, AcceleratorSpec> hardware, int evaluations)
    {
        var calibrator = new Calibrator(hardware, _ => cluster);
        CalibrationConstants start = CalibrationConstants.Of(cluster);
        IReadOnlyList<int> free = FreeConstants(runs);
        CalibrationConstants fitted = calibrator.Fit(runs, start, free, evaluations);
        var held = new List<ValidationRow>();
        if (runs.Count > 1)
        {
            for (int i = 0; i < runs.Count; i++)
            {
                var others = runs.Where((_, j) => j != i).ToList();
                CalibrationConstants c = calibrator.Fit(others, start, FreeConstants(others), evaluations);
                held.Add(calibrator.Predict([runs[i]], c)[0]);
            }
        }
        return new ClusterCalibrationResult(start, fitted, free, calibrator.Predict(runs, start), calibrator.Predict(runs, fitted), held);
    }

    /// <summary>The constants <paramref name="runs"/> can inform, at most n − 1 of them (at least 1).</summary>
    public static IReadOnlyList<int> FreeConstants(IReadOnlyList<PublishedRun> runs)
    {
        bool moe = runs.Any(r => r.Shape.IsMoe);
        bool fused = runs.Any(r => r.Software != Software.Megatron);
        // Software that overlaps its communication is the software with fused attention (TrainingSoftware.WithSoftware).
        // Only an MoE run's expert layers in an eager run pay the eager expert kernel cost.
        bool eagerExperts = runs.Any(r => r.Shape.IsMoe && r.ClusterFor(default).CudaGraphs == 0);
        // Only a dense layer pays the dense kernel cost: every layer of a model without experts, an MoE model's leading dense ones.
        bool denseLayers = runs.Any(r => r.Shape.DenseMlpLayers > 0);
        var eligible = Priority.Where(i => (i != ImbalanceIndex || moe) && (i != AttentionIndex || fused) && (i != SlowdownIndex || fused)
            && (i != EagerExpertKernelIndex || eagerExperts) && (i != DenseKernelIndex || denseLayers)).ToList();
        return [.. eligible.Take(Math.Max(1, runs.Count - 1)).Order()];
    }

    /// <summary>Mean |relative error| of the runs that have a prediction, NaN if none has.</summary>
    public static double MeanAbsError(IEnumerable<ValidationRow> rows)
    {
        var errors = rows.Where(r => double.IsFinite(r.Predicted)).Select(r => Math.Abs(r.RelativeError)).ToList();
        return errors.Count == 0 ? double.NaN : errors.Average();
    }
}
