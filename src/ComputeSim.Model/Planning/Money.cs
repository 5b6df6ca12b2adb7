namespace ComputeSim.Model;

/// <summary>Renting at a price tier against buying the GPUs and paying for their power.</summary>
/// <remarks>Kernel-safe.</remarks>
public static class Money
{
    /// <summary>Seconds in the 365-day year used for amortisation.</summary>
    private const double SecondsPerYear = TrainingCost.DaysPerYear * TrainingCost.SecondsPerDay;
    /// <summary>kWh per MWh.</summary>
    private const double KwhPerMwh = 1_000.0;

    /// <summary>Rental cost, USD: GPU-hours × on-demand price × the tier's multiplier (1 on demand, &lt; 1 reserved or spot).</summary>
    public static double RentUsd(double gpuHours, double onDemandPricePerGpuHourUsd, double tierMultiplier) =>
        gpuHours * onDemandPricePerGpuHourUsd * tierMultiplier;

    /// <summary>
    /// Cost of owning, USD: the run's share of the purchase price amortised linearly over the
    /// hardware's life (it is assumed busy for all of it), plus the electricity the run draws.
    /// </summary>
    /// <param name="gpus">GPUs bought.</param>
    /// <param name="purchasePriceUsd">Price per GPU, its share of the server included.</param>
    /// <param name="seconds">Wall-clock time the run holds them.</param>
    /// <param name="lifeYears">Years over which the purchase is written off.</param>
    /// <param name="facilityMwh">Energy the run draws.</param>
    /// <param name="usdPerKwh">Electricity price.</param>
    public static double OwnUsd(double gpus, double purchasePriceUsd, double seconds, double lifeYears, double facilityMwh, double usdPerKwh) =>
        gpus * purchasePriceUsd * seconds / (lifeYears * SecondsPerYear) + facilityMwh * KwhPerMwh * usdPerKwh;
}
