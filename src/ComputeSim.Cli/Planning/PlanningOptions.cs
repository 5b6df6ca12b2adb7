using System.CommandLine;
using System.Globalization;
using ComputeSim.Cli.Options;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Planning;

/// <summary>
/// Flags for failures and checkpoints, energy and carbon, price tiers and buying, and the Monte Carlo;
/// any command can add them (<see cref="AddTo"/>) and turn them into <see cref="PlanningSettings"/>.
/// </summary>
internal sealed class PlanningOptions
{
    public TypedOption<double?> FailureRate { get; } = TypedOptions.OptionalNumber("--failures-per-1000-node-days", $"Node failure rate (default: the cluster profile's, else {Defaults.FailuresPer1000NodeDays.Text} per {Defaults.FailureRateGpusPerNode} GPUs of a node, Meta RSC-1, scaled to the cluster's GPUs per node)");
    public TypedOption<double?> Storage { get; } = TypedOptions.OptionalNumber("--storage-gb-per-s-per-gpu", $"Checkpoint write bandwidth per GPU of the job, GB/s (default: the cluster profile's, else {Defaults.StorageGbPerSPerGpu.Text}: Llama 3's 2 TB/s over 16K GPUs)");
    public TypedOption<double> Restart { get; } = TypedOptions.Number("--restart-minutes", "Restart overhead per failure (detect, reschedule, reload), minutes", Defaults.RestartMinutes.Text);
    public Option<string> Interval { get; } = new("--checkpoint-interval") { Description = "daly (Daly 2006 Eq. 37), young (Young 1974), or minutes", DefaultValueFactory = _ => "daly" };
    public Option<string?> GridRegion { get; } = new("--grid-region") { Description = $"Grid region for carbon intensity: {string.Join(", ", GridIntensity.Regions.Keys)}", HelpName = "region" };
    public TypedOption<double?> GridIntensityOption { get; } = TypedOptions.OptionalNumber("--grid-gco2e-per-kwh", $"Grid carbon intensity, gCO2e/kWh (default {Defaults.GridGco2ePerKwh.Text}: Patterson et al. 2021's figure for GPT-3)");
    public Option<string> Tier { get; } = new("--price-tier") { Description = "on-demand, reserved-1y, reserved-3y or spot", DefaultValueFactory = _ => "on-demand" };
    public TypedOption<double> Reserved1y { get; } = TypedOptions.Number("--reserved-1y-multiplier", "1-year reserved price over on demand (Azure V100 $2.24/$3.06)", Defaults.Reserved1yMultiplier.Text);
    public TypedOption<double> Reserved3y { get; } = TypedOptions.Number("--reserved-3y-multiplier", "3-year reserved price over on demand (Azure V100 $1.63/$3.06)", Defaults.Reserved3yMultiplier.Text);
    public TypedOption<double> Spot { get; } = TypedOptions.Number("--spot-multiplier", "Spot price over on demand (AWS V100 $1.09/$3.06)", Defaults.SpotMultiplier.Text);
    public TypedOption<double> Amortization { get; } = TypedOptions.Number("--amortization-years", "Years over which bought GPUs are written off", Defaults.AmortizationYears.Text);
    public TypedOption<double> Electricity { get; } = TypedOptions.Number("--electricity-usd-per-kwh", "Electricity price for bought GPUs (0.08: US industrial average, EIA 2023)", Defaults.ElectricityUsdPerKwh.Text);
    public Option<string?> MfuDist { get; } = new("--mfu-dist") { Description = $"Monte Carlo over MFU: {DistributionParser.Syntax}" };
    public Option<string?> MatmulDist { get; } = new("--matmul-efficiency-factor-dist") { Description = "Monte Carlo over a factor on each accelerator's measured GEMM efficiency, for predicted runs (the chosen layout's step is re-run per sample; capped at 1; same syntax)" };
    public Option<string?> FailureDist { get; } = new("--failure-rate-dist") { Description = "Monte Carlo over failures per 1,000 node-days (same syntax)" };
    public Option<string?> PriceDist { get; } = new("--price-factor-dist") { Description = "Monte Carlo over a factor on the price (same syntax)" };
    public Option<int> Samples { get; } = new("--mc-samples") { Description = "Monte-Carlo samples per point", DefaultValueFactory = _ => (int)Defaults.MonteCarloSamples.Value };
    public Option<string> Seed { get; } = new("--seed") { Description = "Monte-Carlo seed (the same seed gives the same percentiles on every backend)", DefaultValueFactory = _ => Defaults.Seed.Text };
    public TypedOption<BackendKind> McBackend { get; } = TypedOptions.Backend("--mc-backend", "Where samples are drawn (auto: as --backend)", BackendKind.Cpu);

    /// <summary>Options for a command.</summary>
    public PlanningOptions()
    {
        Tier.AcceptOnlyFromAmong(PriceTiers.Names);
    }

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { FailureRate, Storage, Restart, Interval, GridRegion, GridIntensityOption, Tier, Reserved1y,
                     Reserved3y, Spot, Amortization, Electricity, MfuDist, MatmulDist, FailureDist, PriceDist, Samples, Seed, McBackend })
            command.Add(o);
    }

    /// <summary>The planning request the flags describe.</summary>
    public PlanningRequest ToRequest(ParseResult parse)
    {
        string seedText = parse.GetValue(Seed)!.Trim();
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InputException($"--seed: '{seedText}' is not a whole number from 0 to {ulong.MaxValue}");
        return new PlanningRequest
        {
            FailuresPer1000NodeDays = parse.GetValue(FailureRate),
            StorageGbPerSPerGpu = parse.GetValue(Storage),
            RestartMinutes = parse.GetValue(Restart),
            CheckpointInterval = parse.GetValue(Interval)!,
            GridRegion = parse.GetValue(GridRegion),
            GridGco2ePerKwh = parse.GetValue(GridIntensityOption),
            PriceTier = parse.GetValue(Tier)!,
            Reserved1yMultiplier = parse.GetValue(Reserved1y),
            Reserved3yMultiplier = parse.GetValue(Reserved3y),
            SpotMultiplier = parse.GetValue(Spot),
            AmortizationYears = parse.GetValue(Amortization),
            ElectricityUsdPerKwh = parse.GetValue(Electricity),
            MfuDist = parse.GetValue(MfuDist),
            MatmulEfficiencyFactorDist = parse.GetValue(MatmulDist),
            FailureRateDist = parse.GetValue(FailureDist),
            PriceFactorDist = parse.GetValue(PriceDist),
            McSamples = parse.GetValue(Samples),
            Seed = seed,
            McBackend = parse.GetValue(McBackend),
        };
    }

    /// <summary>Resolves the flags against the cluster (failure rate, storage, GPUs per node) and the job's assumptions (PUE, energy scope, state bytes).</summary>
    public PlanningSettings Resolve(ParseResult parse, ClusterProfile cluster, int gpusPerNode, in Assumptions job) =>
        ToRequest(parse).Resolve(cluster, gpusPerNode, job);
}
