using System.Text.Json.Serialization;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>A cluster description exactly as written in <c>cluster-profiles/NAME.json</c>.</summary>
public sealed class ClusterFile
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("gpus_per_node")] public required int GpusPerNode { get; init; }
    [JsonPropertyName("scale_out_gbit_per_s_per_gpu")] public required double ScaleOutGbitPerSPerGpu { get; init; }
    [JsonPropertyName("scale_out_efficiency")] public required double ScaleOutEfficiency { get; init; }
    [JsonPropertyName("scale_up_latency_us")] public required double ScaleUpLatencyUs { get; init; }
    [JsonPropertyName("scale_out_latency_us")] public required double ScaleOutLatencyUs { get; init; }
    [JsonPropertyName("software")] public required string Software { get; init; }
    /// <summary>Hardware profiles whose runs this cluster hosts when none is named (their vendor's reference system), or null.</summary>
    [JsonPropertyName("reference_for")] public string[]? ReferenceFor { get; init; }
    /// <summary>Measured failures per 1,000 node-days, or null when not measured (the CLI default applies and says so).</summary>
    [JsonPropertyName("failures_per_1000_node_days")] public required double? FailuresPer1000NodeDays { get; init; }
    /// <summary>Sustained checkpoint write bandwidth per GPU, GB/s, or null when not measured.</summary>
    [JsonPropertyName("storage_write_gb_per_s_per_gpu")] public required double? StorageWriteGbPerSPerGpu { get; init; }
    [JsonPropertyName("sources")] public required string[] Sources { get; init; }

    // Optional: the L2 model's efficiency constants fitted to this cluster's own runs ('computesim calibrate');
    // absent, the shipped fit (L2Calibration) applies. Any of them needs calibration_source.

    /// <summary>Share of the measured GEMM maximum sustained in training (<see cref="L2Calibration.SustainedGemmShare"/>), or null.</summary>
    [JsonPropertyName("sustained_gemm_share")] public double? SustainedGemmShare { get; init; }
    /// <summary>GEMM tile start and drain, elements of k, or null.</summary>
    [JsonPropertyName("gemm_depth_overhead")] public double? GemmDepthOverhead { get; init; }
    /// <summary>Fused-attention throughput over the measured GEMM efficiency, or null.</summary>
    [JsonPropertyName("attention_share")] public double? AttentionShare { get; init; }
    /// <summary>Element-wise bytes per stored activation byte, per pass, or null.</summary>
    [JsonPropertyName("elementwise_traffic")] public double? ElementwiseTraffic { get; init; }
    /// <summary>Fixed cost per kernel of an eager expert layer, µs, or null.</summary>
    [JsonPropertyName("kernel_overhead_us")] public double? KernelOverheadUs { get; init; }
    /// <summary>Fixed cost per kernel of a dense layer, whose host runs ahead of the GPU, µs, or null.</summary>
    [JsonPropertyName("dense_kernel_us")] public double? DenseKernelUs { get; init; }
    /// <summary>Busiest expert's tokens over the mean, or null.</summary>
    [JsonPropertyName("expert_imbalance")] public double? ExpertImbalance { get; init; }
    /// <summary>Compute seconds lost per second of communication hidden under compute, or null.</summary>
    [JsonPropertyName("overlap_slowdown")] public double? OverlapSlowdown { get; init; }
    /// <summary>Where the fitted constants come from (runs, date, residuals), or null when none is fitted.</summary>
    [JsonPropertyName("calibration_source")] public string? CalibrationSource { get; init; }

    /// <summary>True if any fitted constant is given.</summary>
    [JsonIgnore]
    public bool IsCalibrated => SustainedGemmShare is not null || GemmDepthOverhead is not null || AttentionShare is not null
        || ElementwiseTraffic is not null || KernelOverheadUs is not null || ExpertImbalance is not null || OverlapSlowdown is not null
        || DenseKernelUs is not null;
}

/// <summary>A validated cluster profile.</summary>
/// <param name="Name">Profile name (the file stem).</param>
/// <param name="File">As written.</param>
/// <param name="Spec">SI units, for the model.</param>
public sealed record ClusterProfile(string Name, ClusterFile File, ClusterSpec Spec);
