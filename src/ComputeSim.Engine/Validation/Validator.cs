using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>A published figure next to the model's prediction.</summary>
/// <param name="Run">The run.</param>
/// <param name="Predicted">The prediction, in the run's metric (NaN if no layout fits).</param>
/// <param name="Choice">The layout the search picked within the published constraints.</param>
public sealed record ValidationRow(PublishedRun Run, double Predicted, LayoutChoice Choice)
{
    /// <summary>(predicted − published) / published.</summary>
    public double RelativeError => (Predicted - Run.Published) / Run.Published;

    /// <summary>Predicted over published speed, minus one (<see cref="Speed.Error"/>): negative where the model is slow.</summary>
    public double SpeedError => Speed.Error(Run.Metric, RelativeError);
}

/// <summary>Errors in one sense whatever a run publishes: speed, not time.</summary>
public static class Speed
{
    /// <summary>Predicted over published speed, minus one, from a run's <paramref name="relativeError"/> in its own
    /// <paramref name="metric"/>: a throughput metric's error as it is, a time metric's (step time, days) inverted, so that negative
    /// always means the model is slow. Its own inverse: the same call turns a speed error back into the metric's.</summary>
    public static double Error(ThroughputMetric metric, double relativeError) =>
        metric is ThroughputMetric.StepTimeSeconds or ThroughputMetric.Days ? 1.0 / (1.0 + relativeError) - 1.0 : relativeError;
}

/// <summary>Predicts published runs with the L2 model and the layout search.</summary>
public static class Validator
{
    /// <summary>Every run of the public calibration set.</summary>
    public static IReadOnlyList<PublishedRun> AllRuns => CalibrationFile.Public;

    /// <summary>The runs of one source group.</summary>
    public static IReadOnlyList<PublishedRun> Group(string group) => [.. AllRuns.Where(r => r.Group == group)];

    /// <summary>Predicts one run; <paramref name="hardware"/> and <paramref name="clusters"/> map profile names to specs.</summary>
    public static ValidationRow Predict(PublishedRun run, Func<string, AcceleratorSpec> hardware, Func<string, ClusterSpec> clusters) =>
        Predict(run, hardware(run.Hardware), run.ClusterFor(clusters(run.Cluster)));

    /// <summary>Predicts one run on <paramref name="hw"/> in <paramref name="cluster"/> (software switches already applied).</summary>
    public static ValidationRow Predict(PublishedRun run, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        LayoutChoice c = LayoutSearch.Best(run.Shape, run.Gpus, run.GlobalBatch, hw, run.Precision, cluster, run.Space);
        if (c.Found == 0)
            return new ValidationRow(run, double.NaN, c);
        // Utilisation is quoted against the BF16 peak even for FP8 runs (NeMo, Megatron-Core, Llama 3).
        double peak = hw.PeakFlops(Precision.Bf16);
        double step = c.Step.StepTimeSeconds;
        double predicted = run.Metric switch
        {
            ThroughputMetric.HardwareTflopsPerGpu => c.Step.Hfu(run.Gpus, peak) * peak / TrainingCost.FlopsPerTflop,
            ThroughputMetric.MfuPercent => 100 * c.Step.Mfu(run.Gpus, peak),
            ThroughputMetric.ModelTflopsPerGpu => c.Step.Mfu(run.Gpus, peak) * peak / TrainingCost.FlopsPerTflop,
            ThroughputMetric.TokensPerSecondPerGpu => run.GlobalBatch * run.Shape.SeqLen / step / run.Gpus,
            ThroughputMetric.TokensPerSecond => run.GlobalBatch * run.Shape.SeqLen / step,
            ThroughputMetric.StepTimeSeconds => step,
            _ => Days(run, hw, cluster),
        };
        return new ValidationRow(run, predicted, c);
    }

    // Days through the same path a sweep takes, so the projection is priced as every L2 point is.
    private static double Days(PublishedRun run, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        var job = new TrainingJob { Parameters = run.Shape.Parameters, Tokens = run.Tokens, Gpus = run.Gpus, Precision = run.Precision };
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = run.Shape, SeqLen = run.Shape.SeqLen, Vocab = run.Shape.Vocab, GlobalBatch = run.GlobalBatch, Cluster = cluster, Space = run.Space,
        };
        return CostModel.EvaluatePredicted(job, hw, default, parallel).WallClockDays;
    }
}
