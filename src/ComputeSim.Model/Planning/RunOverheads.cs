namespace ComputeSim.Model;

/// <summary>One run as the planner sees it: failure-free compute time and what it runs on.</summary>
public struct PlanInput
{
    /// <summary>Failure-free wall-clock seconds (the cost model's answer).</summary>
    public double ComputeSeconds;
    /// <summary>GPUs.</summary>
    public double Gpus;
    /// <summary>Model parameters (sets the checkpoint size).</summary>
    public double Parameters;
    /// <summary>GPU board power, W.</summary>
    public double BoardPowerWatts;
    /// <summary>On-demand price per GPU-hour, USD (0 if unknown).</summary>
    public double PricePerGpuHourUsd;
    /// <summary>Purchase price per GPU, USD (0 if unknown).</summary>
    public double PurchasePriceUsd;
}

/// <summary>A run with failures, checkpoints and restarts, its energy, carbon and money.</summary>
public struct PlanResult
{
    /// <summary>Seconds to write one checkpoint (δ, w_cp).</summary>
    public double CheckpointWriteSeconds;
    /// <summary>Mean time between job failures, s.</summary>
    public double JobMtbfSeconds;
    /// <summary>Young 1974 interval, s.</summary>
    public double YoungIntervalSeconds;
    /// <summary>Daly 2006 interval, s.</summary>
    public double DalyIntervalSeconds;
    /// <summary>The interval used, s.</summary>
    public double IntervalSeconds;
    /// <summary>Expected effective-training-time ratio.</summary>
    public double Ettr;
    /// <summary>Wall-clock days including lost work, restarts and checkpoint writes.</summary>
    public double WallClockDays;
    /// <summary>GPU-hours paid for, lost work included.</summary>
    public double GpuHours;
    /// <summary>Rental cost at the price tier, USD.</summary>
    public double CostUsd;
    /// <summary>Energy in the assumptions' scope (<see cref="EnergyScope"/>), MWh.</summary>
    public double EnergyMwh;
    /// <summary>Operational emissions, tonnes CO2e.</summary>
    public double Co2eTonnes;
    /// <summary>Cost if the GPUs were bought instead (amortised purchase + electricity), USD.</summary>
    public double OwnCostUsd;
}

/// <summary>Turns a failure-free run into a planned one: the one place the planning formulas are combined.</summary>
/// <remarks>Kernel-safe: the Monte-Carlo kernel, the cpu and the reference paths call <see cref="Evaluate"/>.</remarks>
public static class RunOverheads
{
    /// <summary>The planner's view of a job the cost model priced (its failure-free time, recomputed as the model computes it).</summary>
    public static PlanInput InputOf(in TrainingJob job, in PointResult result, in AcceleratorSpec hardware) => new()
    {
        ComputeSeconds = TrainingCost.WallClockSeconds(result.TotalFlops, job.Gpus, result.AchievedFlopsPerGpu),
        Gpus = job.Gpus,
        Parameters = job.Parameters,
        BoardPowerWatts = hardware.BoardPowerWatts,
        PricePerGpuHourUsd = job.PricePerGpuHourUsd,
        PurchasePriceUsd = hardware.PurchasePriceUsd,
    };

    /// <summary>Plans one run under the assumptions, with the failure rate and price given separately (the Monte Carlo varies them).</summary>
    public static PlanResult Evaluate(in PlanInput run, in PlanningAssumptions a, double failuresPerNodeDay, double pricePerGpuHourUsd)
    {
        var r = new PlanResult();
        double nodes = Goodput.Nodes(run.Gpus, a.GpusPerNode);
        r.JobMtbfSeconds = Goodput.JobMtbfSeconds(nodes, failuresPerNodeDay);
        double stateBytes = TrainingCost.MemoryBytes(run.Parameters, a.CheckpointBytesPerParam);
        r.CheckpointWriteSeconds = Goodput.CheckpointWriteSeconds(stateBytes, a.StorageBytesPerSecondPerGpu * run.Gpus);
        r.YoungIntervalSeconds = Goodput.YoungIntervalSeconds(r.CheckpointWriteSeconds, r.JobMtbfSeconds);
        r.DalyIntervalSeconds = Goodput.DalyIntervalSeconds(r.CheckpointWriteSeconds, r.JobMtbfSeconds);
        r.IntervalSeconds = a.Interval == IntervalRule.Young ? r.YoungIntervalSeconds
            : a.Interval == IntervalRule.Fixed ? a.FixedIntervalSeconds : r.DalyIntervalSeconds;
        r.Ettr = Goodput.Ettr(1.0 / r.JobMtbfSeconds, a.RestartSeconds, r.IntervalSeconds, r.CheckpointWriteSeconds);
        // ETTR 0 (no progress) gives +Infinity, never NaN.
        double seconds = r.Ettr > 0.0 ? run.ComputeSeconds / r.Ettr : double.PositiveInfinity;
        r.WallClockDays = seconds / TrainingCost.SecondsPerDay;
        r.GpuHours = TrainingCost.GpuHours(seconds, run.Gpus);
        r.CostUsd = Money.RentUsd(r.GpuHours, pricePerGpuHourUsd, a.PriceTierMultiplier);
        double scoped = Energy.WattsPerBoardWatt(a.EnergyScope, a.AveragePowerFraction, a.ServerOverhead, a.Pue);
        // GPUs draw power through lost work and restarts too: energy follows the whole wall-clock time.
        r.EnergyMwh = TrainingCost.EnergyMwh(run.BoardPowerWatts * scoped, run.Gpus, seconds, 1.0);
        // Carbon always counts the same power as the energy figure beside it.
        r.Co2eTonnes = Energy.Co2eTonnes(r.EnergyMwh, a.GridGramsCo2ePerKwh);
        // The owner pays for what the site draws, whatever scope is reported.
        double facility = Energy.FacilityMwh(Energy.ItPowerPerGpuWatts(run.BoardPowerWatts, a.AveragePowerFraction, a.ServerOverhead), run.Gpus, seconds, a.Pue);
        r.OwnCostUsd = Money.OwnUsd(run.Gpus, run.PurchasePriceUsd, seconds, a.AmortizationYears, facility, a.ElectricityUsdPerKwh);
        return r;
    }

    /// <summary>Plans one run with the assumptions' own failure rate and the run's own price.</summary>
    public static PlanResult Evaluate(in PlanInput run, in PlanningAssumptions a) =>
        Evaluate(run, a, a.FailuresPerNodeDay, run.PricePerGpuHourUsd);
}
