namespace ComputeSim.Model;

/// <summary>How the checkpoint interval is chosen.</summary>
public static class IntervalRule
{
    /// <summary>Daly 2006 Eq. 37.</summary>
    public const int Daly = 0;
    /// <summary>Young 1974.</summary>
    public const int Young = 1;
    /// <summary>A fixed interval (<see cref="PlanningAssumptions.FixedIntervalSeconds"/>).</summary>
    public const int Fixed = 2;
}

/// <summary>What a plan assumes beyond the cost model: failures, checkpoints, power, carbon, money. SI units.</summary>
/// <remarks>A value type with only numbers, so kernels take it by value. The CLI fills it from flags,
/// cluster profiles and sourced defaults, and prints each with the result.</remarks>
public readonly struct PlanningAssumptions
{
    /// <summary>Failures per node per day (Kokolis et al. 2025, RSC-1: 6.50 per 1,000 node-days).</summary>
    public double FailuresPerNodeDay { get; init; }
    /// <summary>GPUs per node: failures are counted per node.</summary>
    public double GpusPerNode { get; init; }
    /// <summary>Checkpoint write bandwidth per GPU of the job, bytes/s (writes are sharded over every GPU).</summary>
    public double StorageBytesPerSecondPerGpu { get; init; }
    /// <summary>Bytes written per checkpoint per parameter (the training state: 16 for mixed-precision Adam).</summary>
    public double CheckpointBytesPerParam { get; init; }
    /// <summary>Restart overhead per failure, s (u0).</summary>
    public double RestartSeconds { get; init; }
    /// <summary>One of <see cref="IntervalRule"/>.</summary>
    public int Interval { get; init; }
    /// <summary>Checkpoint interval when <see cref="Interval"/> is <see cref="IntervalRule.Fixed"/>, s.</summary>
    public double FixedIntervalSeconds { get; init; }
    /// <summary>Which power energy and carbon count: one of <see cref="EnergyScope"/>.</summary>
    public int EnergyScope { get; init; }
    /// <summary>Average GPU draw over board power while training.</summary>
    public double AveragePowerFraction { get; init; }
    /// <summary>Extra server watts per GPU watt.</summary>
    public double ServerOverhead { get; init; }
    /// <summary>Power usage effectiveness.</summary>
    public double Pue { get; init; }
    /// <summary>Grid carbon intensity, gCO2e/kWh.</summary>
    public double GridGramsCo2ePerKwh { get; init; }
    /// <summary>Multiplier on the on-demand price for the chosen tier.</summary>
    public double PriceTierMultiplier { get; init; }
    /// <summary>Years over which bought GPUs are written off.</summary>
    public double AmortizationYears { get; init; }
    /// <summary>Electricity price for owned hardware, USD/kWh.</summary>
    public double ElectricityUsdPerKwh { get; init; }
}
