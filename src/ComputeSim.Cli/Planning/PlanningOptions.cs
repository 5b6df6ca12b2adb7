using System.CommandLine;
using System.Globalization;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Planning;

/// <summary>
/// Flags for failures and checkpoints, energy and carbon, price tiers and buying, and the Monte Carlo;
/// any command can add them (<see cref="AddTo"/>) and turn them into <see cref="PlanningSettings"/>.
/// </summary>
public sealed class PlanningOptions
{
    /// <summary>Kokolis et al. 2025 (Meta, HPCA), RSC-1: 6.50 failures per 1,000 node-days.</summary>
    public const double DefaultFailuresPer1000NodeDays = 6.50;
    /// <summary>Llama 3 paper (Dubey et al. 2024, §3.3.1): storage sustains 2 TB/s for 16K GPUs = 0.122 GB/s per GPU.</summary>
    public const double DefaultStorageGbPerSPerGpu = 0.122;
    private const double BytesPerGb = 1e9;
    private const double SecondsPerMinute = 60.0;

    public Option<string?> FailureRate { get; } = new("--failures-per-1000-node-days") { Description = $"Node failure rate (default: the cluster profile's, else {DefaultFailuresPer1000NodeDays}, Meta RSC-1)" };
    public Option<string?> Storage { get; } = new("--storage-gb-per-s-per-gpu") { Description = $"Checkpoint write bandwidth per GPU of the job, GB/s (default: the cluster profile's, else {DefaultStorageGbPerSPerGpu}: Llama 3's 2 TB/s over 16K GPUs)" };
    public Option<string> Restart { get; } = new("--restart-minutes") { Description = "Restart overhead per failure (detect, reschedule, reload), minutes", DefaultValueFactory = _ => "5" };
    public Option<string> Interval { get; } = new("--checkpoint-interval") { Description = "daly (Daly 2006 Eq. 37), young (Young 1974), or minutes", DefaultValueFactory = _ => "daly" };
    public Option<string?> GridRegion { get; } = new("--grid-region") { Description = $"Grid region for carbon intensity: {string.Join(", ", GridIntensity.Regions.Keys)}", HelpName = "region" };
    public Option<string?> GridIntensityOption { get; } = new("--grid-gco2e-per-kwh") { Description = $"Grid carbon intensity, gCO2e/kWh (default {GridIntensity.DefaultGramsPerKwh}: Patterson et al. 2021's figure for GPT-3)" };
    public Option<string> Tier { get; } = new("--price-tier") { Description = "on-demand, reserved-1y, reserved-3y or spot", DefaultValueFactory = _ => "on-demand" };
    public Option<string> Reserved1y { get; } = new("--reserved-1y-multiplier") { Description = "1-year reserved price over on demand (Azure V100 $2.24/$3.06)", DefaultValueFactory = _ => PriceTiers.DefaultReserved1y };
    public Option<string> Reserved3y { get; } = new("--reserved-3y-multiplier") { Description = "3-year reserved price over on demand (Azure V100 $1.63/$3.06)", DefaultValueFactory = _ => PriceTiers.DefaultReserved3y };
    public Option<string> Spot { get; } = new("--spot-multiplier") { Description = "Spot price over on demand (AWS V100 $1.09/$3.06)", DefaultValueFactory = _ => PriceTiers.DefaultSpot };
    public Option<string> Amortization { get; } = new("--amortization-years") { Description = "Years over which bought GPUs are written off", DefaultValueFactory = _ => "4" };
    public Option<string> Electricity { get; } = new("--electricity-usd-per-kwh") { Description = "Electricity price for bought GPUs (0.08: US industrial average, EIA 2023)", DefaultValueFactory = _ => "0.08" };
    public Option<string?> MfuDist { get; } = new("--mfu-dist") { Description = $"Monte Carlo over MFU: {DistributionParser.Syntax}" };
    public Option<string?> MatmulDist { get; } = new("--matmul-efficiency-factor-dist") { Description = "Monte Carlo over a factor on each accelerator's measured GEMM efficiency, for predicted runs (the chosen layout's step is re-run per sample; capped at 1; same syntax)" };
    public Option<string?> FailureDist { get; } = new("--failure-rate-dist") { Description = "Monte Carlo over failures per 1,000 node-days (same syntax)" };
    public Option<string?> PriceDist { get; } = new("--price-factor-dist") { Description = "Monte Carlo over a factor on the price (same syntax)" };
    public Option<int> Samples { get; } = new("--mc-samples") { Description = "Monte-Carlo samples per point", DefaultValueFactory = _ => 1000 };
    public Option<string> Seed { get; } = new("--seed") { Description = "Monte-Carlo seed (the same seed gives the same percentiles on every backend)", DefaultValueFactory = _ => "1" };
    public Option<string> McBackend { get; } = new("--mc-backend") { Description = $"Where samples are drawn: {string.Join(", ", Engine.MonteCarloRunner.BackendNames)}", DefaultValueFactory = _ => "cpu" };

    /// <summary>Options for a command.</summary>
    public PlanningOptions()
    {
        Tier.AcceptOnlyFromAmong(PriceTiers.Names);
        McBackend.AcceptOnlyFromAmong(Engine.MonteCarloRunner.BackendNames);
    }

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { FailureRate, Storage, Restart, Interval, GridRegion, GridIntensityOption, Tier, Reserved1y,
                     Reserved3y, Spot, Amortization, Electricity, MfuDist, MatmulDist, FailureDist, PriceDist, Samples, Seed, McBackend })
            command.Add(o);
    }

    /// <summary>Resolves the flags against the cluster (failure rate, storage, GPUs per node) and the job's assumptions (PUE, energy scope, state bytes).</summary>
    public PlanningSettings Resolve(ParseResult parse, ClusterProfile cluster, int gpusPerNode, in Assumptions job)
    {
        var notes = new List<string>();
        double rate = FromClusterOrDefault(parse, FailureRate, cluster, cluster.File.FailuresPer1000NodeDays, DefaultFailuresPer1000NodeDays, 1000,
            "Kokolis et al. 2025 (Meta), RSC-1", "failures per 1,000 node-days", notes);
        double storage = FromClusterOrDefault(parse, Storage, cluster, cluster.File.StorageWriteGbPerSPerGpu, DefaultStorageGbPerSPerGpu, 1e4,
            "Llama 3 paper: 2 TB/s sustained for 16K GPUs", "GB/s per GPU checkpoint write", notes);
        double restart = Validate.Number(parse.GetValue(Restart)!, Restart.Name, 0, 1e5, minInclusive: true);
        (int rule, double fixedSeconds) = ResolveInterval(parse.GetValue(Interval)!);
        var tiers = new Dictionary<string, double>
        {
            ["on-demand"] = 1.0,
            ["reserved-1y"] = Validate.Number(parse.GetValue(Reserved1y)!, Reserved1y.Name, 0, 1),
            ["reserved-3y"] = Validate.Number(parse.GetValue(Reserved3y)!, Reserved3y.Name, 0, 1),
            ["spot"] = Validate.Number(parse.GetValue(Spot)!, Spot.Name, 0, 1),
        };
        string tier = parse.GetValue(Tier)!;
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
            GridGramsCo2ePerKwh = ResolveGrid(parse, notes),
            PriceTierMultiplier = tiers[tier],
            AmortizationYears = Validate.Number(parse.GetValue(Amortization)!, Amortization.Name, 0, 100),
            ElectricityUsdPerKwh = Validate.Number(parse.GetValue(Electricity)!, Electricity.Name, 0, 100, minInclusive: true),
        };
        AddNotes(notes, a, tier);
        notes.Insert(notes.Count - 2, Commands.EnergyOptions.Describe(job) + "; energy and carbon use this scope");
        return new PlanningSettings(a, tier, tiers, notes, ResolveMonteCarlo(parse, a.FailuresPerNodeDay), parse.GetValue(McBackend)!);
    }

    /// <summary>The assumptions that have no flag-or-file origin to report, in words.</summary>
    private static void AddNotes(List<string> notes, in PlanningAssumptions a, string tier)
    {
        string interval = a.Interval switch
        {
            IntervalRule.Fixed => $"{Show(a.FixedIntervalSeconds / SecondsPerMinute)} min",
            IntervalRule.Young => "by Young 1974",
            _ => "by Daly 2006 Eq. 37",
        };
        notes.Add($"checkpoint: {Show(a.CheckpointBytesPerParam)} bytes/param (the training state, --state-bytes-per-param), written by every GPU in parallel; "
            + $"interval {interval}; restart {Show(a.RestartSeconds / SecondsPerMinute)} min; ETTR by Kokolis et al. 2025");
        notes.Add($"price tier {tier} (x{Show(a.PriceTierMultiplier)}); {PriceTiers.Sources}; spot preemptions are not counted as failures");
        notes.Add($"buying: purchase price over {Show(a.AmortizationYears)} years (busy all the time), facility power at ${Show(a.ElectricityUsdPerKwh)}/kWh; networking, storage, staff and the building not included");
    }

    private double FromClusterOrDefault(ParseResult parse, Option<string?> option, ClusterProfile cluster, double? fromCluster, double fallback,
        double max, string fallbackSource, string what, List<string> notes)
    {
        string? text = parse.GetValue(option);
        (double value, string source) = text is not null ? (Validate.Number(text, option.Name, 0, max), option.Name)
            : fromCluster is double c ? (c, $"cluster profile {cluster.Name}")
            : (fallback, $"default: {fallbackSource}");
        notes.Add($"{Show(value)} {what} ({source})");
        return value;
    }

    private (int Rule, double FixedSeconds) ResolveInterval(string text) => text.Trim().ToLowerInvariant() switch
    {
        "daly" => (IntervalRule.Daly, 0.0),
        "young" => (IntervalRule.Young, 0.0),
        _ => (IntervalRule.Fixed, Validate.Number(text, Interval.Name, 0, 1e7) * SecondsPerMinute),
    };

    private double ResolveGrid(ParseResult parse, List<string> notes)
    {
        string? region = parse.GetValue(GridRegion), value = parse.GetValue(GridIntensityOption);
        if (region is not null && value is not null)
            throw new InputException("--grid-region and --grid-gco2e-per-kwh: give one, not both");
        (double g, string source) = region is not null ? (GridIntensity.Of(region, GridRegion.Name), $"{region.Trim().ToLowerInvariant()}, {GridIntensity.RegionSource}")
            : value is not null ? (Validate.Number(value, GridIntensityOption.Name, 0, 5000, minInclusive: true), GridIntensityOption.Name)
            : (GridIntensity.DefaultGramsPerKwh, "default: Patterson et al. 2021, GPT-3");
        notes.Add($"grid {Show(g)} gCO2e/kWh ({source})");
        return g;
    }

    private MonteCarloSpec? ResolveMonteCarlo(ParseResult parse, double failuresPerNodeDay)
    {
        string? mfu = parse.GetValue(MfuDist), matmul = parse.GetValue(MatmulDist), failures = parse.GetValue(FailureDist), price = parse.GetValue(PriceDist);
        if (mfu is null && matmul is null && failures is null && price is null)
            return null;
        if (mfu is not null && matmul is not null)
            throw new InputException("--mfu-dist and --matmul-efficiency-factor-dist: give one, not both");
        int samples = parse.GetValue(Samples);
        if (samples is < 1 or > 1_000_000)
            throw new InputException($"--mc-samples: {samples} is out of range 1..1000000");
        string seedText = parse.GetValue(Seed)!.Trim();
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InputException($"--seed: '{seedText}' is not a whole number from 0 to {ulong.MaxValue}");
        return new MonteCarloSpec
        {
            Seed = seed,
            Samples = samples,
            // Without --mfu-dist each point keeps its own throughput (given or predicted).
            VaryMfu = mfu is null ? 0 : 1,
            Mfu = mfu is null ? Distribution.Constant(0) : DistributionParser.Parse(mfu, MfuDist.Name, 0, 1),
            VaryMatmulEfficiency = matmul is null ? 0 : 1,
            MatmulEfficiencyFactor = matmul is null ? Distribution.Constant(1) : DistributionParser.Parse(matmul, MatmulDist.Name, 0, 10),
            FailuresPerNodeDay = failures is null ? Distribution.Constant(failuresPerNodeDay) : DistributionParser.Parse(failures, FailureDist.Name, 0, 1000, scale: 1e-3),
            PriceFactor = price is null ? Distribution.Constant(1.0) : DistributionParser.Parse(price, PriceDist.Name, 0, 100),
        };
    }

    private static string Show(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
