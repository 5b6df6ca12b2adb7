using System.Globalization;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// Failures and checkpoints, energy and carbon, price tiers and buying, and the Monte Carlo. Unset fields take the
/// cluster profile's figure where it has one, else <see cref="Defaults"/>.
/// </summary>
public sealed record PlanningRequest
{
    /// <summary>Node failures per 1,000 node-days, or null for the cluster's (else the default).</summary>
    public double? FailuresPer1000NodeDays { get; init; }
    /// <summary>Checkpoint write bandwidth per GPU, GB/s, or null for the cluster's (else the default).</summary>
    public double? StorageGbPerSPerGpu { get; init; }
    /// <summary>Restart overhead per failure, minutes.</summary>
    public double RestartMinutes { get; init; } = Defaults.RestartMinutes.Value;
    /// <summary>Checkpoint interval: "daly" (Daly 2006 Eq. 37), "young" (Young 1974), or minutes.</summary>
    public string CheckpointInterval { get; init; } = "daly";
    /// <summary>Grid region for carbon intensity (<see cref="GridIntensity.Regions"/>), or null.</summary>
    public string? GridRegion { get; init; }
    /// <summary>Grid carbon intensity, gCO2e/kWh, or null (the region's, else the default).</summary>
    public double? GridGco2ePerKwh { get; init; }
    /// <summary>Price tier: one of <see cref="PriceTiers.Names"/>.</summary>
    public string PriceTier { get; init; } = "on-demand";
    /// <summary>1-year reserved price over on demand.</summary>
    public double Reserved1yMultiplier { get; init; } = Defaults.Reserved1yMultiplier.Value;
    /// <summary>3-year reserved price over on demand.</summary>
    public double Reserved3yMultiplier { get; init; } = Defaults.Reserved3yMultiplier.Value;
    /// <summary>Spot price over on demand.</summary>
    public double SpotMultiplier { get; init; } = Defaults.SpotMultiplier.Value;
    /// <summary>Years over which bought GPUs are written off.</summary>
    public double AmortizationYears { get; init; } = Defaults.AmortizationYears.Value;
    /// <summary>Electricity price for bought GPUs, USD per kWh.</summary>
    public double ElectricityUsdPerKwh { get; init; } = Defaults.ElectricityUsdPerKwh.Value;
    /// <summary>Monte Carlo over MFU (<see cref="DistributionParser.Syntax"/>), or null.</summary>
    public string? MfuDist { get; init; }
    /// <summary>Monte Carlo over a factor on each accelerator's measured GEMM efficiency (predicted runs), or null.</summary>
    public string? MatmulEfficiencyFactorDist { get; init; }
    /// <summary>Monte Carlo over failures per 1,000 node-days, or null.</summary>
    public string? FailureRateDist { get; init; }
    /// <summary>Monte Carlo over a factor on the price, or null.</summary>
    public string? PriceFactorDist { get; init; }
    /// <summary>Monte-Carlo samples per point.</summary>
    public int McSamples { get; init; } = (int)Defaults.MonteCarloSamples.Value;
    /// <summary>Monte-Carlo seed: the same seed gives the same percentiles on every backend.</summary>
    public ulong Seed { get; init; } = (ulong)Defaults.Seed.Value;
    /// <summary>Where samples are drawn; <see cref="BackendKind.Auto"/> follows the sweeps' <see cref="DevicePolicy"/>.</summary>
    public BackendKind McBackend { get; init; } = BackendKind.Cpu;

    private const double BytesPerGb = 1e9;
    private const double SecondsPerMinute = 60.0;

    /// <summary>Resolves against the cluster (failure rate, storage, GPUs per node) and the job's assumptions (PUE, energy scope, state bytes).</summary>
    public PlanningSettings Resolve(ClusterProfile cluster, int gpusPerNode, in Assumptions job)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var notes = new List<string>();
        double rate = FromClusterOrDefault(FailuresPer1000NodeDays, Fields.FailuresPer1000NodeDays, cluster, cluster.File.FailuresPer1000NodeDays,
            Defaults.FailuresPer1000NodeDaysFor(gpusPerNode), 1000, "failures per 1,000 node-days", notes);
        double storage = FromClusterOrDefault(StorageGbPerSPerGpu, Fields.StorageGbPerSPerGpu, cluster, cluster.File.StorageWriteGbPerSPerGpu,
            Defaults.StorageGbPerSPerGpu, 1e4, "GB/s per GPU checkpoint write", notes);
        double restart = Check.InRange(RestartMinutes, Fields.RestartMinutes, 0, 1e5, minInclusive: true);
        (int rule, double fixedSeconds) = ResolveInterval(CheckpointInterval);
        var tiers = new Dictionary<string, double>
        {
            ["on-demand"] = 1.0,
            ["reserved-1y"] = Check.InRange(Reserved1yMultiplier, Fields.Reserved1yMultiplier, 0, 1),
            ["reserved-3y"] = Check.InRange(Reserved3yMultiplier, Fields.Reserved3yMultiplier, 0, 1),
            ["spot"] = Check.InRange(SpotMultiplier, Fields.SpotMultiplier, 0, 1),
        };
        string tier = PriceTier.Trim().ToLowerInvariant();
        if (!tiers.ContainsKey(tier))
            throw new InputException(Fields.PriceTier, $"'{PriceTier}' is not one of {string.Join(", ", PriceTiers.Names)}");
        if (!Enum.IsDefined(McBackend))
            throw new InputException(Fields.MonteCarloBackend, $"unknown backend {(int)McBackend}; expected one of {string.Join(", ", Backends.Names)}");
        var a = new PlanningAssumptions
        {
            FailuresPerNodeDay = rate / 1000.0,
            GpusPerNode = gpusPerNode,
            StorageBytesPerSecondPerGpu = storage * BytesPerGb,
            CheckpointBytesPerParam = job.StateBytesPerParam,
            RestartSeconds = restart * SecondsPerMinute,
            Interval = rule,
            FixedIntervalSeconds = fixedSeconds,
            EnergyScope = job.EnergyScope,
            AveragePowerFraction = job.GpuPowerFraction,
            ServerOverhead = job.ServerOverhead,
            Pue = job.Pue,
            GridGramsCo2ePerKwh = ResolveGrid(notes),
            PriceTierMultiplier = tiers[tier],
            AmortizationYears = Check.InRange(AmortizationYears, Fields.AmortizationYears, 0, 100),
            ElectricityUsdPerKwh = Check.InRange(ElectricityUsdPerKwh, Fields.ElectricityUsdPerKwh, 0, 100, minInclusive: true),
        };
        AddNotes(notes, a, tier);
        notes.Insert(notes.Count - 2, EnergyScopes.Describe(job) + "; energy and carbon use this scope");
        return new PlanningSettings(a, tier, tiers, notes, ResolveMonteCarlo(a.FailuresPerNodeDay), McBackend);
    }

    /// <summary>The assumptions that have no field-or-file origin to report, in words.</summary>
    private static void AddNotes(List<string> notes, in PlanningAssumptions a, string tier)
    {
        string interval = a.Interval switch
        {
            IntervalRule.Fixed => $"{Show(a.FixedIntervalSeconds / SecondsPerMinute)} min",
            IntervalRule.Young => "by Young 1974",
            _ => "by Daly 2006 Eq. 37",
        };
        notes.Add($"checkpoint: {Show(a.CheckpointBytesPerParam)} bytes/param (the training state), written by every GPU in parallel; "
            + $"interval {interval}; restart {Show(a.RestartSeconds / SecondsPerMinute)} min; ETTR by Kokolis et al. 2025");
        notes.Add($"price tier {tier} (x{Show(a.PriceTierMultiplier)}); {PriceTiers.Sources}; spot preemptions are not counted as failures");
        notes.Add($"buying: purchase price over {Show(a.AmortizationYears)} years (busy all the time), facility power at ${Show(a.ElectricityUsdPerKwh)}/kWh; networking, storage, staff and the building not included");
    }

    private static double FromClusterOrDefault(double? given, string field, ClusterProfile cluster, double? fromCluster, Sourced fallback,
        double max, string what, List<string> notes)
    {
        (double value, string source) = given is double g ? (Check.InRange(g, field, 0, max), field)
            : fromCluster is double c ? (c, $"cluster profile {cluster.Name}")
            : (fallback.Value, $"default: {fallback.Source}");
        notes.Add($"{Show(value)} {what} ({source})");
        return value;
    }

    private static (int Rule, double FixedSeconds) ResolveInterval(string text) => text.Trim().ToLowerInvariant() switch
    {
        "daly" => (IntervalRule.Daly, 0.0),
        "young" => (IntervalRule.Young, 0.0),
        _ => (IntervalRule.Fixed, Check.InRange(Minutes(text), Fields.CheckpointInterval, 0, 1e7) * SecondsPerMinute),
    };

    private static double Minutes(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw new InputException(Fields.CheckpointInterval, $"'{text.Trim()}' is not daly, young or a number of minutes");

    private double ResolveGrid(List<string> notes)
    {
        if (GridRegion is not null && GridGco2ePerKwh is not null)
            throw new InputException(Fields.GridRegion, "give a grid region or an intensity, not both");
        (double g, string source) = GridRegion is string region ? (GridIntensity.Of(region, Fields.GridRegion), $"{region.Trim().ToLowerInvariant()}, {GridIntensity.RegionSource}")
            : GridGco2ePerKwh is double value ? (Check.InRange(value, Fields.GridGco2ePerKwh, 0, 5000, minInclusive: true), Fields.GridGco2ePerKwh)
            : (Defaults.GridGco2ePerKwh.Value, "default: Patterson et al. 2021, GPT-3");
        notes.Add($"grid {Show(g)} gCO2e/kWh ({source})");
        return g;
    }

    private MonteCarloSpec? ResolveMonteCarlo(double failuresPerNodeDay)
    {
        if (MfuDist is null && MatmulEfficiencyFactorDist is null && FailureRateDist is null && PriceFactorDist is null)
            return null;
        if (MfuDist is not null && MatmulEfficiencyFactorDist is not null)
            throw new InputException(Fields.MatmulEfficiencyFactorDistribution, "give a matmul-efficiency or an MFU distribution, not both");
        if (McSamples is < 1 or > 1_000_000)
            throw new InputException(Fields.MonteCarloSamples, $"{McSamples} is out of range 1..1000000");
        return new MonteCarloSpec
        {
            Seed = Seed,
            Samples = McSamples,
            // Without an MFU distribution each point keeps its own throughput (given or predicted).
            VaryMfu = MfuDist is null ? 0 : 1,
            Mfu = MfuDist is null ? Distribution.Constant(0) : DistributionParser.Parse(MfuDist, Fields.MfuDistribution, 0, 1),
            VaryMatmulEfficiency = MatmulEfficiencyFactorDist is null ? 0 : 1,
            MatmulEfficiencyFactor = MatmulEfficiencyFactorDist is null ? Distribution.Constant(1)
                : DistributionParser.Parse(MatmulEfficiencyFactorDist, Fields.MatmulEfficiencyFactorDistribution, 0, 10),
            FailuresPerNodeDay = FailureRateDist is null ? Distribution.Constant(failuresPerNodeDay)
                : DistributionParser.Parse(FailureRateDist, Fields.FailureRateDistribution, 0, 1000, scale: 1e-3),
            PriceFactor = PriceFactorDist is null ? Distribution.Constant(1.0) : DistributionParser.Parse(PriceFactorDist, Fields.PriceFactorDistribution, 0, 100),
        };
    }

    private static string Show(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
