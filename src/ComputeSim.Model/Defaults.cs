using System.Globalization;

namespace ComputeSim.Model;

/// <summary>A default value and where it comes from: printed in help and in a result's assumptions.</summary>
/// <param name="Value">The value.</param>
/// <param name="Source">Why this value: a citation, or the convention it follows.</param>
public sealed record Sourced(double Value, string Source)
{
    /// <summary>The value as a command line would type it.</summary>
    public string Text => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Every sourced default of a job and of planning, in one place. Requests start from these, the command line
/// shows them in its help, and tests and examples read them here instead of restating them.
/// </summary>
public static class Defaults
{
    /// <summary>Cluster size of a single job.</summary>
    public static readonly Sourced Gpus = new(1024, "a common large-job allocation (a round power of two)");
    /// <summary>Model FLOPs utilisation when it is neither given nor predicted.</summary>
    public static readonly Sourced Utilization = new(0.4, "large dense runs report 35-45 % MFU on A100/H100 (PaLM Table 3, llm-foundry)");
    /// <summary>Data-centre power usage effectiveness.</summary>
    public static readonly Sourced Pue = new(1.1, "hyperscale data centres; Patterson et al. 2021 use 1.1 for GPT-3");
    /// <summary>Bytes per parameter to hold the weights.</summary>
    public static readonly Sourced WeightBytesPerParam = new(2, "bf16 weights (the seed report uses 4)");
    /// <summary>Bytes per parameter of training state.</summary>
    public static readonly Sourced StateBytesPerParam = new(16, "mixed-precision Adam: 2 weights + 2 grads + 12 fp32 master and moments (Rajbhandari et al. 2020, ZeRO)");
    /// <summary>Average GPU draw over board power while training (server and facility energy scopes).</summary>
    public static readonly Sourced GpuPowerFraction = new(0.76, "an 8 x H100 node measured under compute-heavy training drew ~76 % of its 10.2 kW rating");
    /// <summary>Extra server watts per GPU watt (server and facility energy scopes).</summary>
    public static readonly Sourced ServerOverhead = new(0.82, "DGX H100: 10.2 kW rating over 8 x 700 W of GPUs = 1.82 (NVIDIA DGX H100 datasheet)");
    /// <summary>Node failures per 1,000 node-days, measured on nodes of <see cref="FailureRateGpusPerNode"/> GPUs.</summary>
    public static readonly Sourced FailuresPer1000NodeDays = new(6.50, "Kokolis et al. 2025 (Meta, HPCA), RSC-1");
    /// <summary>GPUs in a node of the cluster <see cref="FailuresPer1000NodeDays"/> was measured on (RSC-1: 8 A100 a node).</summary>
    public const int FailureRateGpusPerNode = 8;

    /// <summary>The default failure rate for nodes of <paramref name="gpusPerNode"/> GPUs: failures scale with the GPUs (and their
    /// hosts and NICs) a node holds, so a 72-GPU NVLink domain fails nine times as often as an 8-GPU node.</summary>
    public static Sourced FailuresPer1000NodeDaysFor(int gpusPerNode) => gpusPerNode == FailureRateGpusPerNode
        ? FailuresPer1000NodeDays
        : new(FailuresPer1000NodeDays.Value * gpusPerNode / FailureRateGpusPerNode,
            $"{FailuresPer1000NodeDays.Source}, {FailuresPer1000NodeDays.Text} per 1,000 days of an {FailureRateGpusPerNode}-GPU node scaled to {gpusPerNode} GPUs a node");
    /// <summary>Checkpoint write bandwidth per GPU, GB/s.</summary>
    public static readonly Sourced StorageGbPerSPerGpu = new(0.122, "Llama 3 paper (Dubey et al. 2024, section 3.3.1): 2 TB/s sustained for 16K GPUs");
    /// <summary>Restart overhead per failure, minutes.</summary>
    public static readonly Sourced RestartMinutes = new(5, "detect, reschedule and reload one failed job");
    /// <summary>Grid carbon intensity, gCO2e/kWh.</summary>
    public static readonly Sourced GridGco2ePerKwh = new(429, "US average used for GPT-3 (Patterson et al. 2021, Table 4)");
    /// <summary>1-year reserved price over on demand.</summary>
    public static readonly Sourced Reserved1yMultiplier = new(0.73, "Azure V100 1-yr $2.24 vs $3.06 on demand (2025-03)");
    /// <summary>3-year reserved price over on demand.</summary>
    public static readonly Sourced Reserved3yMultiplier = new(0.53, "Azure V100 3-yr $1.63 vs $3.06 on demand (2025-03)");
    /// <summary>Spot price over on demand.</summary>
    public static readonly Sourced SpotMultiplier = new(0.36, "AWS p3.2xlarge (V100) spot $1.09 vs $3.06 on demand (2025); providers quote 50-90 % off");
    /// <summary>Years over which bought GPUs are written off.</summary>
    public static readonly Sourced AmortizationYears = new(4, "a common depreciation period for accelerators");
    /// <summary>Electricity price for bought GPUs, USD per kWh.</summary>
    public static readonly Sourced ElectricityUsdPerKwh = new(0.08, "US industrial average (EIA 2023)");
    /// <summary>Monte-Carlo samples per point.</summary>
    public static readonly Sourced MonteCarloSamples = new(1000, "1,000 draws per point for P10/P50/P90");
    /// <summary>Monte-Carlo seed.</summary>
    public static readonly Sourced Seed = new(1, "any fixed seed: the same seed gives the same percentiles on every backend");
    /// <summary>Sequence length of derived shapes.</summary>
    public static readonly Sourced SeqLen = new(2048, "GPT-3 (Brown et al. 2020)");
    /// <summary>Vocabulary of derived shapes.</summary>
    public static readonly Sourced Vocab = new(51200, "GPT-2/3's 50,257 padded to a multiple of 1,024 (Megatron-LM)");

    /// <summary>Matrix precision of a single job.</summary>
    public const Precision JobPrecision = Precision.Fp16;
    /// <summary>Matrix precision of a plan.</summary>
    public const Precision PlanPrecision = Precision.Bf16;
    /// <summary>Energy scope: what the site draws from the grid, which carbon and the power bill follow.</summary>
    public const int EnergyScopeValue = Model.EnergyScope.Facility;
    /// <summary>The default accelerator of a single job.</summary>
    public const string Hardware = "a100-sxm4-80gb";
    /// <summary>The default cluster: DGX H100 nodes with one 400 Gb/s NDR port per GPU.</summary>
    public const string Cluster = "dgx-h100-ndr400";
}
