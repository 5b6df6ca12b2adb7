using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>How a run's published throughput is counted.</summary>
public enum ThroughputMetric
{
    /// <summary>TFLOP/s per GPU counting recomputation (Narayanan Eq. 3: hardware FLOPs with full recompute).</summary>
    HardwareTflopsPerGpu,
    /// <summary>Model FLOPs utilisation, percent (PaLM Appendix B).</summary>
    MfuPercent,
    /// <summary>Wall-clock days to train on a number of tokens.</summary>
    Days,
    /// <summary>Training tokens per second per GPU: counted the same way by everyone.</summary>
    TokensPerSecondPerGpu,
    /// <summary>Seconds per optimizer step.</summary>
    StepTimeSeconds,
    /// <summary>Model TFLOP/s per GPU: the model's FLOPs per step (no recomputation) over the step time, as the model counts them
    /// (docs/model.md); a source that counts attention otherwise differs by that much.</summary>
    ModelTflopsPerGpu,
    /// <summary>Training tokens per second over the whole cluster.</summary>
    TokensPerSecond,
}

/// <summary>A published training run or benchmark with the layout its source gives.</summary>
/// <param name="Group">Source group (one publication or table), for per-source and leave-one-source-out statistics.</param>
/// <param name="Name">Row id.</param>
/// <param name="Shape">Model shape.</param>
/// <param name="Hardware">Profile name.</param>
/// <param name="Gpus">GPUs.</param>
/// <param name="GlobalBatch">Sequences per step.</param>
/// <param name="Space">The layout as published; open choices are searched.</param>
/// <param name="Cluster">Cluster profile name (cluster-profiles/); empty where a runs file names none (the CLI then takes the
/// accelerator's reference cluster).</param>
/// <param name="Metric">What is published.</param>
/// <param name="Published">The published value.</param>
/// <param name="Tokens">Training tokens (for <see cref="ThroughputMetric.Days"/>).</param>
/// <param name="Source">Paper and table.</param>
/// <param name="Precision">GEMM precision.</param>
/// <param name="Software">The training software's switches.</param>
/// <param name="Switches">Switches the run's recipe sets otherwise than <paramref name="Software"/>'s preset
/// (<see cref="SoftwareSwitches"/>; empty when none).</param>
/// <param name="Model">The model's name as the source gives it (<c>llama3-70b</c>, <c>gpt-oss-120b</c>); empty where not given.</param>
public sealed record PublishedRun(
    string Group, string Name, TransformerShape Shape, string Hardware, int Gpus, double GlobalBatch,
    LayoutSpace Space, string Cluster, ThroughputMetric Metric, double Published, double Tokens, string Source,
    Precision Precision, Software Software, string Switches = "", string Model = "")
{
    /// <summary>The source the group is a release of: the group without a trailing version or date
    /// (<c>mbridge-perf-26.04.01</c>, <c>dgxc-bench-v25.04</c> and <c>torchtitan-bench-2024-12</c> belong to <c>mbridge-perf</c>,
    /// <c>dgxc-bench</c> and <c>torchtitan-bench</c>). Releases of one table repeat its layouts, so fits weigh, and hold out,
    /// whole families.</summary>
    public string Family => SourceFamily.Of(Group);

    /// <summary>The run's cluster profile running its software, with its own switches.</summary>
    public ClusterSpec ClusterFor(in ClusterSpec profile) =>
        SoftwareSwitches.Apply(TrainingSoftware.WithSoftware(profile, Software), Switches, $"{Name}: switches");
}
