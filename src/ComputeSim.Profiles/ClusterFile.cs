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
    /// <summary>Measured failures per 1,000 node-days, or null when not measured (the CLI default applies and says so).</summary>
    [JsonPropertyName("failures_per_1000_node_days")] public required double? FailuresPer1000NodeDays { get; init; }
    /// <summary>Sustained checkpoint write bandwidth per GPU, GB/s, or null when not measured.</summary>
    [JsonPropertyName("storage_write_gb_per_s_per_gpu")] public required double? StorageWriteGbPerSPerGpu { get; init; }
    [JsonPropertyName("sources")] public required string[] Sources { get; init; }
}

/// <summary>A validated cluster profile.</summary>
/// <param name="Name">Profile name (the file stem).</param>
/// <param name="File">As written.</param>
/// <param name="Spec">SI units, for the model.</param>
public sealed record ClusterProfile(string Name, ClusterFile File, ClusterSpec Spec);
