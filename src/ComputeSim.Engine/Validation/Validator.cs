using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>A published figure next to the model's prediction.</summary>
/// <param name="Run">The run.</param>
/// <param name="Predicted">The prediction, in the run's metric.</param>
/// <param name="Choice">The layout the search picked within the published constraints.</param>
public sealed record ValidationRow(PublishedRun Run, double Predicted, LayoutChoice Choice)
{
    /// <summary>(predicted − published) / published.</summary>
    public double RelativeError => (Predicted - Run.Published) / Run.Published;
}

/// <summary>Predicts every published run with the L2 model and the layout search.</summary>
public static class Validator
{
    /// <summary>Every run the project knows.</summary>
    public static IReadOnlyList<PublishedRun> AllRuns =>
        [.. NarayananTable1.Rows, .. NarayananTable1.Projections, .. OtherRuns.Megatron, .. OtherRuns.MtNlg, .. FoundryRuns.Rows];

    /// <summary>Predicts one run; <paramref name="hardware"/> and <paramref name="clusters"/> map profile names to specs.</summary>
    public static ValidationRow Predict(PublishedRun run, Func<string, AcceleratorSpec> hardware, Func<string, ClusterSpec> clusters)
    {
        AcceleratorSpec hw = hardware(run.Hardware);
        LayoutChoice c = LayoutSearch.Best(run.Shape, run.Gpus, run.GlobalBatch, hw, Precision.Bf16, clusters(run.Cluster), run.Space);
        if (c.Found == 0)
            return new ValidationRow(run, double.NaN, c);
        double peak = hw.PeakFlops(Precision.Bf16);
        double predicted = run.Metric switch
        {
            ThroughputMetric.HardwareTflopsPerGpu => c.Step.Hfu(run.Gpus, peak) * peak / TrainingCost.FlopsPerTflop,
            ThroughputMetric.MfuPercent => 100 * c.Step.Mfu(run.Gpus, peak),
            _ => Days(run, hw, clusters(run.Cluster)),
        };
        return new ValidationRow(run, predicted, c);
    }

    // Days through the same path a sweep takes, so the projection is priced as every L2 point is.
    private static double Days(PublishedRun run, in AcceleratorSpec hw, in ClusterSpec cluster)
    {
        var job = new TrainingJob { Parameters = run.Shape.Parameters, Tokens = run.Tokens, Gpus = run.Gpus, Precision = Precision.Bf16 };
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = run.Shape, SeqLen = run.Shape.SeqLen, Vocab = run.Shape.Vocab, GlobalBatch = run.GlobalBatch, Cluster = cluster, Space = run.Space,
        };
        return CostModel.EvaluatePredicted(job, hw, default, parallel).WallClockDays;
    }
}
