using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>
/// One training job: what is trained (a preset, a size or a shape), on how many GPUs, at what precision and
/// throughput, at what price. Unset fields take <see cref="Defaults"/>; a throughput left unset is predicted
/// by the L2 model for decoders.
/// </summary>
public sealed record JobRequest
{
    /// <summary>A preset name (GPT-3 Table D.1 rows and the L2 shape presets), or null.</summary>
    public string? Model { get; init; }
    /// <summary>Parameters, or null for the preset's or the shape's.</summary>
    public double? Parameters { get; init; }
    /// <summary>Training tokens, or null for <see cref="TokensPerParam"/> or the preset's.</summary>
    public double? Tokens { get; init; }
    /// <summary>Training tokens as a multiple of the parameters (20 for Chinchilla's rule), or null.</summary>
    public double? TokensPerParam { get; init; }
    /// <summary>An explicit transformer shape (from a config or given layer by layer), or null.</summary>
    public TransformerShape? Shape { get; init; }
    /// <summary>GPUs in the cluster.</summary>
    public double Gpus { get; init; } = Defaults.Gpus.Value;
    /// <summary>Matrix precision.</summary>
    public Precision Precision { get; init; } = Defaults.JobPrecision;
    /// <summary>Model FLOPs utilisation 0..1, or null (predicted, or <see cref="Defaults.Utilization"/> for encoder presets).</summary>
    public double? Utilization { get; init; }
    /// <summary>Sustained TFLOP/s per GPU instead of a utilisation, or null.</summary>
    public double? AchievedTflops { get; init; }
    /// <summary>USD per GPU-hour, or null for the profile's dated price.</summary>
    public double? PricePerGpuHourUsd { get; init; }
    /// <summary>PUE, bytes per parameter, active fraction and energy scope.</summary>
    public AssumptionsRequest Assumptions { get; init; } = new();
}

/// <summary>Job-wide assumptions: PUE, memory per parameter, active fraction, and which power energy counts.</summary>
public sealed record AssumptionsRequest
{
    /// <summary>Data-centre power usage effectiveness, 1..5.</summary>
    public double Pue { get; init; } = Defaults.Pue.Value;
    /// <summary>Bytes per parameter to hold the weights.</summary>
    public double WeightBytesPerParam { get; init; } = Defaults.WeightBytesPerParam.Value;
    /// <summary>Bytes per parameter of training state.</summary>
    public double StateBytesPerParam { get; init; } = Defaults.StateBytesPerParam.Value;
    /// <summary>Fraction of parameters active per token at L0, or null (1, or the preset's or shape's).</summary>
    public double? ActiveFraction { get; init; }
    /// <summary>What energy and carbon count: <see cref="Model.EnergyScope"/> (gpu, server or facility).</summary>
    public int EnergyScope { get; init; } = Defaults.EnergyScopeValue;
    /// <summary>Average GPU draw over board power while training (server and facility scopes).</summary>
    public double GpuPowerFraction { get; init; } = Defaults.GpuPowerFraction.Value;
    /// <summary>Extra server watts per GPU watt (server and facility scopes).</summary>
    public double ServerOverhead { get; init; } = Defaults.ServerOverhead.Value;

    /// <summary>Scope names, in <see cref="Model.EnergyScope"/> order.</summary>
    public static readonly IReadOnlyList<string> ScopeNames = ["gpu", "server", "facility"];

    /// <summary>The validated assumptions; <paramref name="presetActiveFraction"/> applies when none was given.</summary>
    public Assumptions Resolve(double? presetActiveFraction = null)
    {
        if (EnergyScope is < Model.EnergyScope.Gpu or > Model.EnergyScope.Facility)
            throw new InputException(Fields.EnergyScope, $"{EnergyScope} is not one of 0 (gpu), 1 (server), 2 (facility)");
        return new Assumptions
        {
            Pue = Check.InRange(Pue, Fields.Pue, 1, 5, minInclusive: true),
            WeightBytesPerParam = Check.InRange(WeightBytesPerParam, Fields.WeightBytesPerParam, 0, 64),
            StateBytesPerParam = Check.InRange(StateBytesPerParam, Fields.StateBytesPerParam, 0, 64),
            ActiveFraction = ActiveFraction is double a ? Check.InRange(a, Fields.ActiveFraction, 0, 1) : presetActiveFraction ?? 1.0,
            EnergyScope = EnergyScope,
            GpuPowerFraction = Check.InRange(GpuPowerFraction, Fields.GpuPowerFraction, 0, 1),
            ServerOverhead = Check.InRange(ServerOverhead, Fields.ServerOverhead, 0, 10, minInclusive: true),
        };
    }
}
