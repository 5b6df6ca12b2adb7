using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>How much memory a job needs, and how many chips (and dollars of chips) hold it.</summary>
/// <param name="WeightsBytes">Bytes to hold the weights.</param>
/// <param name="TrainingStateBytes">Bytes of training state (weights, gradients, optimizer).</param>
/// <param name="MinGpusForWeights">Fewest GPUs whose memory holds the weights.</param>
/// <param name="MinGpusForTrainingState">Fewest GPUs whose memory holds the training state.</param>
/// <param name="ChipCostForWeightsUsd">Purchase cost of those GPUs, or null if the profile has no price.</param>
/// <param name="ChipCostForTrainingStateUsd">Same for the training state.</param>
public sealed record MemoryEstimate(
    double WeightsBytes, double TrainingStateBytes, double MinGpusForWeights, double MinGpusForTrainingState,
    double? ChipCostForWeightsUsd, double? ChipCostForTrainingStateUsd);

/// <summary>One job priced on one accelerator.</summary>
/// <param name="Profile">The accelerator.</param>
/// <param name="Settings">The job as given.</param>
/// <param name="Row">The priced point (cost is NaN, printed as n/a, when no price is known).</param>
/// <param name="PeakFlops">Dense peak for the precision, FLOP/s.</param>
/// <param name="PriceBasis">Where the price came from.</param>
/// <param name="Memory">Memory and chips.</param>
/// <param name="Predicted">The L2 layout and step, when utilisation was predicted.</param>
/// <param name="MfuNote">Why a predicted MFU is low (<see cref="Api.MfuNote"/>), or null.</param>
/// <param name="Accuracy">The model's record on the published runs most like a prediction (<see cref="ModelAccuracy"/>), or null.</param>
/// <param name="StepParts">Where the predicted step's seconds go (<see cref="StepBreakdown"/>), or null.</param>
/// <param name="Cluster">The cluster profile a prediction ran on (<see cref="LayoutRequest.ClusterName"/>), or null.</param>
public sealed record Estimate(HardwareProfile Profile, JobSettings Settings, PointRow Row, double PeakFlops, string PriceBasis, MemoryEstimate Memory,
    LayoutChoice? Predicted = null, string? MfuNote = null, AccuracyBand? Accuracy = null, StepParts? StepParts = null, string? Cluster = null)
{
    /// <summary>Days one GPU would take at its dense peak.</summary>
    public double SingleGpuDaysAtPeak => TrainingCost.WallClockSeconds(Row.Result.TotalFlops, 1, PeakFlops) / TrainingCost.SecondsPerDay;
}

/// <summary>Prices one job on one accelerator with the model's formulas (host side).</summary>
public static class Estimation
{
    /// <summary>Runs the estimate; <see cref="InputException"/> if the chip lacks the precision or the throughput exceeds its peak.</summary>
    /// <param name="profile">The accelerator.</param>
    /// <param name="s">The job.</param>
    /// <param name="parallel">L2 settings when the utilisation is predicted (<see cref="JobSettings.Predict"/>).</param>
    public static Estimate Run(HardwareProfile profile, JobSettings s, ParallelSettings? parallel = null)
    {
        if (!profile.Supports(s.Precision))
        {
            throw new InputException("precision", $"{profile.Name} has no {PrecisionNames.Name(s.Precision)} peak; it supports "
                + string.Join(", ", profile.SupportedPrecisions.Select(PrecisionNames.Name)));
        }
        double peak = profile.Spec.PeakFlops(s.Precision);
        if (parallel is ParallelSettings p)
            return Predict(profile, s, p, peak, out InputException? noFit) ?? throw noFit!;
        double utilization = s.Utilization ?? s.AchievedTflops!.Value * TrainingCost.FlopsPerTflop / peak;
        if (utilization > 1)
            throw new InputException("achieved_tflops", $"{s.AchievedTflops} exceeds the {PrecisionNames.Name(s.Precision)} dense peak of {profile.Name} ({peak / TrainingCost.FlopsPerTflop} TFLOP/s)");

        double? price = s.PricePerGpuHourUsd ?? profile.PricePerGpuHourUsd;
        string basis = PriceBasis(profile, s);
        var job = new TrainingJob
        {
            Parameters = s.Parameters,
            Tokens = s.Tokens,
            Gpus = s.Gpus,
            Hardware = 0,
            Precision = s.Precision,
            Utilization = utilization,
            PricePerGpuHourUsd = price ?? 0.0,
        };
        PointResult r = CostModel.Evaluate(job, profile.Spec, s.Assumptions);
        if (price is null)
            r.CostUsd = double.NaN;
        var row = new PointRow(0, profile.Name, job, r);
        return new Estimate(profile, s, row, peak, basis, Memory(profile, s));
    }

    /// <summary><see cref="Run"/> at level L2, or null where no layout fits the job on the accelerator, with the error
    /// <see cref="Run"/> would throw in <paramref name="noFit"/> (compare leaves such an accelerator out and says why).</summary>
    internal static Estimate? RunIfAnyFits(HardwareProfile profile, JobSettings s, ParallelSettings parallel, out InputException? noFit)
    {
        noFit = null;
        return profile.Supports(s.Precision) ? Predict(profile, s, parallel, profile.Spec.PeakFlops(s.Precision), out noFit) : Run(profile, s, parallel);
    }

    private static Estimate? Predict(HardwareProfile profile, JobSettings s, ParallelSettings p, double peak, out InputException? noFit)
    {
        noFit = null;
        if (profile.File.MatmulEfficiency is null)
            throw new InputException("hardware", $"{profile.Name} has no measured matmul_efficiency in its profile, so utilisation cannot be predicted; give --utilization");
        TransformerShape shape = p.ShapeFor(s.Parameters);
        double batch = p.BatchFor(s.Gpus, shape);
        LayoutChoice choice = LayoutSearch.Best(shape, (int)s.Gpus, batch, profile.Spec, s.Precision, p.Cluster, p.Space);
        if (choice.Found == 0)
        {
            if (choice.Evaluated == 0 && LayoutChecks.NoValidLayout(p.Space, s.Gpus, batch, shape.SeqLen) is (string field, string detail))
                throw new InputException(field, detail);
            LayoutSpace fixedBy = p.Space;
            string? relax = LimitAdvice.Relax("relax",
                (fixedBy.Tp > 0, "--tp", null), (fixedBy.Cp > 0, "--cp", null), (fixedBy.Pp > 0, "--pp", null), (fixedBy.Ep > 0, "--ep", null), (fixedBy.MicroBatch > 0, "--micro-batch", null),
                (fixedBy.Interleave > 0, "--interleave", null), (fixedBy.Recompute >= 0, "--recompute", null),
                (fixedBy.SequenceParallel >= 0, "--sequence-parallel", null), (fixedBy.Zero >= 0, "--zero", null));
            noFit = new InputException($"no layout fits {Format.Count(shape.Parameters)} params on {s.Gpus} x {profile.Name} with global batch {batch} "
                + (choice.Evaluated == 0 ? "(no valid layout: every data-parallel rank must run whole micro-batches of the global batch, and tp and ep must "
                    + "divide the heads and experts)" : $"({choice.Evaluated} valid layouts tried)")
                + $"; add GPUs{(relax is null ? "" : ", or " + relax)}");
            return null;
        }
        double? price = s.PricePerGpuHourUsd ?? profile.PricePerGpuHourUsd;
        var job = new TrainingJob
        {
            Parameters = s.Parameters, Tokens = s.Tokens, Gpus = s.Gpus, Hardware = 0, Precision = s.Precision, Utilization = 0, PricePerGpuHourUsd = price ?? 0.0,
        };
        PointResult r = CostModel.EvaluatePredicted(job, profile.Spec, s.Assumptions, p);
        if (price is null)
            r.CostUsd = double.NaN;
        var row = new PointRow(0, profile.Name, job with { Utilization = r.Mfu }, r);
        StepParts parts = StepBreakdown.Of(shape, choice.Layout, batch, profile.Spec, s.Precision, p.Cluster);
        string? note = MfuNote.For(shape, choice.Layout, batch, profile.Spec, p.Cluster, parts, r.Mfu);
        AccuracyBand? accuracy = ModelAccuracy.For(profile.Name, shape, s.Precision, p.Cluster, p.Space.SplitSearched);
        return new Estimate(profile, s with { Shape = shape }, row, peak, PriceBasis(profile, s), Memory(profile, s), choice, note, accuracy, parts);
    }

    private static string PriceBasis(HardwareProfile profile, JobSettings s) =>
        s.PricePerGpuHourUsd is not null ? "--price-per-gpu-hour"
        : profile.HasPrice ? $"{profile.File.PriceSource} ({profile.File.PriceDate}; {profile.PriceClassText})"
        : profile.PriceSetAside ? $"the profile's {profile.File.PriceClass} price is not of --price-source; give --price-per-gpu-hour"
        : "no public price in the profile; give --price-per-gpu-hour";

    /// <summary>Memory to hold the weights and the training state, and the chips for each.</summary>
    public static MemoryEstimate Memory(HardwareProfile profile, JobSettings s)
    {
        double weights = TrainingCost.MemoryBytes(s.Parameters, s.Assumptions.WeightBytesPerParam);
        double state = TrainingCost.MemoryBytes(s.Parameters, s.Assumptions.StateBytesPerParam);
        double gpusWeights = TrainingCost.MinDevices(weights, profile.Spec.MemoryBytes);
        double gpusState = TrainingCost.MinDevices(state, profile.Spec.MemoryBytes);
        double? chip = profile.File.PurchasePriceUsd;
        return new MemoryEstimate(weights, state, gpusWeights, gpusState, gpusWeights * chip, gpusState * chip);
    }
}
