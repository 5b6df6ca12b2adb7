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
}

/// <summary>A published training run or projection with the layout its source gives.</summary>
/// <param name="Group">Source group, for per-group error statistics.</param>
/// <param name="Name">Row name.</param>
/// <param name="Shape">Model shape.</param>
/// <param name="Hardware">Profile name.</param>
/// <param name="Gpus">GPUs.</param>
/// <param name="GlobalBatch">Sequences per step.</param>
/// <param name="Space">The layout as published; open choices are searched.</param>
/// <param name="Cluster">Cluster profile name (cluster-profiles/).</param>
/// <param name="Metric">What is published.</param>
/// <param name="Published">The published value.</param>
/// <param name="Tokens">Training tokens (for <see cref="ThroughputMetric.Days"/>).</param>
/// <param name="Source">Paper and table.</param>
public sealed record PublishedRun(
    string Group, string Name, TransformerShape Shape, string Hardware, int Gpus, double GlobalBatch,
    LayoutSpace Space, string Cluster, ThroughputMetric Metric, double Published, double Tokens, string Source);
