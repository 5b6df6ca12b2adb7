using System.Text.Json.Serialization;

namespace ComputeSim.Profiles;

// The on-disk shape of a hardware profile. Every member is required and unknown members are
// rejected (see ProfileLoader), so a profile never gets a silent default. Units are in the names.

/// <summary>Dense peak throughput per precision, TFLOP/s; null means the chip lacks that precision.</summary>
public sealed class PeakDenseTflops
{
    [JsonPropertyName("fp64")] public required double? Fp64 { get; init; }
    [JsonPropertyName("fp32")] public required double? Fp32 { get; init; }
    [JsonPropertyName("tf32")] public required double? Tf32 { get; init; }
    [JsonPropertyName("fp16")] public required double? Fp16 { get; init; }
    [JsonPropertyName("bf16")] public required double? Bf16 { get; init; }
    [JsonPropertyName("fp8")] public required double? Fp8 { get; init; }
    [JsonPropertyName("mxfp8")] public required double? Mxfp8 { get; init; }
    [JsonPropertyName("nvfp4")] public required double? Nvfp4 { get; init; }
    [JsonPropertyName("mxfp4")] public required double? Mxfp4 { get; init; }
}

/// <summary>The scale-up link between GPUs of one node.</summary>
public sealed class ScaleUpLink
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("bandwidth_gb_per_s")] public required double BandwidthGbPerS { get; init; }
}

/// <summary>A hardware profile exactly as written in <c>hardware-profiles/NAME.json</c>.</summary>
public sealed class ProfileFile
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("display_name")] public required string DisplayName { get; init; }
    [JsonPropertyName("vendor")] public required string Vendor { get; init; }
    [JsonPropertyName("form_factor")] public required string FormFactor { get; init; }
    [JsonPropertyName("launch_year")] public required int LaunchYear { get; init; }
    [JsonPropertyName("peak_dense_tflops")] public required PeakDenseTflops PeakDenseTflops { get; init; }
    [JsonPropertyName("memory_gb")] public required double MemoryGb { get; init; }
    [JsonPropertyName("memory_bandwidth_gb_per_s")] public required double MemoryBandwidthGbPerS { get; init; }
    [JsonPropertyName("scale_up_link")] public required ScaleUpLink ScaleUpLink { get; init; }
    [JsonPropertyName("board_power_w")] public required double BoardPowerW { get; init; }
    [JsonPropertyName("price_per_gpu_hour_usd")] public required double? PricePerGpuHourUsd { get; init; }
    [JsonPropertyName("price_source")] public required string? PriceSource { get; init; }
    [JsonPropertyName("price_date")] public required string? PriceDate { get; init; }
    /// <summary>What kind of offer the price is (<see cref="PriceClasses"/>); null exactly when there is no price.</summary>
    [JsonPropertyName("price_class")] public required string? PriceClass { get; init; }
    /// <summary>Who offers it (for a hyperscaler, which one); null exactly when there is no price.</summary>
    [JsonPropertyName("price_provider")] public required string? PriceProvider { get; init; }
    [JsonPropertyName("purchase_price_usd")] public required double? PurchasePriceUsd { get; init; }
    [JsonPropertyName("purchase_price_source")] public required string? PurchasePriceSource { get; init; }
    [JsonPropertyName("matmul_efficiency")] public required double? MatmulEfficiency { get; init; }
    [JsonPropertyName("matmul_efficiency_source")] public required string? MatmulEfficiencySource { get; init; }
    [JsonPropertyName("flash_attention_2_speed")] public required double? FlashAttention2Speed { get; init; }
    [JsonPropertyName("flash_attention_2_speed_source")] public required string? FlashAttention2SpeedSource { get; init; }
    [JsonPropertyName("fp8_attention_speed")] public required double? Fp8AttentionSpeed { get; init; }
    [JsonPropertyName("fp8_attention_speed_source")] public required string? Fp8AttentionSpeedSource { get; init; }
    [JsonPropertyName("compute_units")] public required int ComputeUnits { get; init; }
    [JsonPropertyName("compute_units_source")] public required string ComputeUnitsSource { get; init; }
    [JsonPropertyName("scale_up_busbw_gb_per_s")] public required double ScaleUpBusbwGbPerS { get; init; }
    [JsonPropertyName("scale_up_busbw_source")] public required string ScaleUpBusbwSource { get; init; }
    [JsonPropertyName("sources")] public required string[] Sources { get; init; }
}
