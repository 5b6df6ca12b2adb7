using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// A planning question: on these accelerators, within these limits, which model size, tokens, accelerator and
/// cluster minimise the predicted loss — or, with <see cref="TargetLoss"/>, reach it cheapest or fastest.
/// </summary>
public sealed record PlanGrid
{
    /// <summary>Accelerators to choose from, in axis order.</summary>
    public required IReadOnlyList<AcceleratorSpec> Hardware { get; init; }
    /// <summary>Their names, same order.</summary>
    public required IReadOnlyList<string> HardwareNames { get; init; }
    /// <summary>Candidate parameter counts.</summary>
    public required IReadOnlyList<double> Parameters { get; init; }
    /// <summary>Candidate training tokens per parameter.</summary>
    public required IReadOnlyList<double> TokensPerParam { get; init; }
    /// <summary>Candidate cluster sizes (already capped by any GPU limit).</summary>
    public required IReadOnlyList<double> Gpus { get; init; }
    /// <summary>Matrix precision.</summary>
    public Precision Precision { get; init; } = Precision.Bf16;
    /// <summary>Utilisation axis at L0 (one placeholder value at L2, where it is predicted).</summary>
    public IReadOnlyList<double> Utilizations { get; init; } = [0.4];
    /// <summary>Price axis, USD per GPU-hour, or null for each accelerator's own price.</summary>
    public IReadOnlyList<double>? Prices { get; init; }
    /// <summary>Job-wide assumptions.</summary>
    public required Assumptions Assumptions { get; init; }
    /// <summary>L2 settings (default: L0, utilisation from the axis).</summary>
    public ParallelSettings Parallel { get; init; }
    /// <summary>The cluster each accelerator runs on at L2, same order as <see cref="Hardware"/>, or null for
    /// <see cref="Parallel"/>'s for all.</summary>
    public IReadOnlyList<ClusterSpec>? Clusters { get; init; }
    /// <summary>The law that predicts loss.</summary>
    public required ScalingLaw Law { get; init; }
    /// <summary>Budget for training, USD (+Infinity for none).</summary>
    public double MaxCostUsd { get; init; } = double.PositiveInfinity;
    /// <summary>Deadline, wall-clock days (+Infinity for none).</summary>
    public double MaxDays { get; init; } = double.PositiveInfinity;
    /// <summary>Loss to reach (0 for none: then the lowest predicted loss is sought).</summary>
    public double TargetLoss { get; init; }
    /// <summary>With a target loss: minimise cost (training + inference) or wall-clock time.</summary>
    public ObjectiveKind TargetObjective { get; init; } = ObjectiveKind.Cost;
    /// <summary>Tokens the model will serve (0 for none; needs a target loss and the cost objective).</summary>
    public double InferenceTokens { get; init; }
    /// <summary>How many runner-up configurations to report.</summary>
    public int RunnerUps { get; init; } = 5;

    /// <summary>What the sweep minimises.</summary>
    public ObjectiveKind Objective => TargetLoss <= 0.0 ? ObjectiveKind.Loss
        : TargetObjective == ObjectiveKind.Cost ? ObjectiveKind.CostWithInference : TargetObjective;
}
