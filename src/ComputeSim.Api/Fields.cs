namespace ComputeSim.Api;

/// <summary>
/// The request fields an <see cref="Model.InputException"/> can be about (its subject), as snake_case names:
/// the JSON names of the requests and the sweep spec's keys (and, with dashes, the command line's flags).
/// </summary>
public static class Fields
{
#pragma warning disable CS1591 // The names say what they are.
    public const string Hardware = "hardware";
    public const string Model = "model";
    public const string Parameters = "params";
    public const string Tokens = "tokens";
    public const string TokensPerParam = "tokens_per_param";
    public const string Shape = "shape";
    public const string Gpus = "gpus";
    public const string Precision = "precision";
    public const string Utilization = "utilization";
    public const string AchievedTflops = "achieved_tflops";
    public const string PricePerGpuHourUsd = "price_per_gpu_hour";
    public const string PriceSource = "price_source";
    public const string Pue = "pue";
    public const string WeightBytesPerParam = "weight_bytes_per_param";
    public const string StateBytesPerParam = "state_bytes_per_param";
    public const string ActiveFraction = "active_fraction";
    public const string EnergyScope = "energy_scope";
    public const string GpuPowerFraction = "gpu_power_fraction";
    public const string ServerOverhead = "server_overhead";
    public const string Layouts = "layouts";
    public const string SeqLen = "seq_len";
    public const string Vocab = "vocab";
    public const string GlobalBatch = "global_batch";
    public const string Tp = "tp";
    public const string Cp = "cp";
    public const string Pp = "pp";
    public const string Ep = "ep";
    public const string Dp = "dp";
    public const string MicroBatch = "micro_batch";
    public const string Interleave = "interleave";
    public const string Recompute = "recompute";
    public const string SequenceParallel = "sequence_parallel";
    public const string Zero = "zero";
    public const string Cluster = "cluster";
    public const string GpusPerNode = "gpus_per_node";
    public const string ScaleOutGbps = "scale_out_gbps";
    public const string Software = "software";
    /// <summary>Software switches set otherwise than the software's preset (<see cref="Model.SoftwareSwitches"/>).</summary>
    public const string Switches = "switches";
    public const string FailuresPer1000NodeDays = "failures_per_1000_node_days";
    public const string StorageGbPerSPerGpu = "storage_gb_per_s_per_gpu";
    public const string RestartMinutes = "restart_minutes";
    public const string CheckpointInterval = "checkpoint_interval";
    public const string GridRegion = "grid_region";
    public const string GridGco2ePerKwh = "grid_gco2e_per_kwh";
    public const string PriceTier = "price_tier";
    public const string Reserved1yMultiplier = "reserved_1y_multiplier";
    public const string Reserved3yMultiplier = "reserved_3y_multiplier";
    public const string SpotMultiplier = "spot_multiplier";
    public const string AmortizationYears = "amortization_years";
    public const string ElectricityUsdPerKwh = "electricity_usd_per_kwh";
    public const string MfuDistribution = "mfu_dist";
    public const string MatmulEfficiencyFactorDistribution = "matmul_efficiency_factor_dist";
    public const string FailureRateDistribution = "failure_rate_dist";
    public const string PriceFactorDistribution = "price_factor_dist";
    public const string MonteCarloSamples = "mc_samples";
    public const string MonteCarloBackend = "mc_backend";
#pragma warning restore CS1591
}
