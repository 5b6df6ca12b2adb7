namespace ComputeSim.Model;

/// <summary>
/// What holds for every point of an L0 row (<see cref="L0Row.At(double)"/> over GPU counts), declared next to the formulas
/// that make it true: the cpu row shortcut classifies rows in bulk on these and nothing else, and
/// <c>L0RowInvariantTests</c> checks them as properties.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Cost and energy do not depend on the GPU count: cost = flops / (gpus × achieved) × gpus × price, and the
/// GPU count cancels up to rounding. A point's cost is at most 5 roundings from the exact value, the row's nominal
/// cost (the job on one GPU) at most 3: they differ by under 10 × 2^-53 ≈ 1.1e-15 relative, so every point lies
/// within <see cref="Band"/> (1e-12, a wide margin) of the nominal value.</item>
/// <item>Wall-clock days never rise with the GPU count, and the memory fit is a threshold on it, so the points
/// that meet a deadline and fit are a suffix of the GPU axis in ascending order.</item>
/// <item>Both need every intermediate to stay a normal, finite double: <see cref="IsModerate"/> is the window
/// (GPU counts in [<see cref="MinGpus"/>, <see cref="MaxGpus"/>]); rows outside it are priced point by point.</item>
/// </list>
/// Kernel-safe: comparisons only.
/// </remarks>
public static class L0RowInvariants
{
    /// <summary>Relative band around the nominal cost and energy that holds every point of a moderate row.</summary>
    public const double Band = 1e-12;

    /// <summary>Fewest GPUs the window covers.</summary>
    public const double MinGpus = 1.0;

    /// <summary>Most GPUs the window covers.</summary>
    public const double MaxGpus = 1e12;

    /// <summary>
    /// True where every intermediate of <see cref="L0Row.At(double)"/> stays a normal, finite double for GPU counts in
    /// [<see cref="MinGpus"/>, <see cref="MaxGpus"/>]: then no point overflows and each is within <see cref="Band"/>
    /// of the row's nominal cost and energy.
    /// </summary>
    public static bool IsModerate(in L0Row row)
    {
        double secondsPerGpu = row.Flops / row.Achieved;
        return row.Peak > 0.0
            && Within(row.Achieved, 1e-100, 1e100)
            && Within(secondsPerGpu, 1e-150, 1e280)
            && row.MinGpus <= 1e300
            && ZeroOrWithin(row.PricePerGpuHourUsd)
            && ZeroOrWithin(row.BoardPowerWatts)
            && ZeroOrWithin(row.WattsPerBoardWatt);
    }

    /// <summary>True if a GPU count lies in the window <see cref="IsModerate"/> covers.</summary>
    public static bool InGpuWindow(double gpus) => gpus >= MinGpus && gpus <= MaxGpus;

    /// <summary>The row's job on one GPU, USD: by the model's own formulas, what every GPU count costs up to rounding.</summary>
    public static double NominalCostUsd(in L0Row row) =>
        TrainingCost.CostUsd(TrainingCost.GpuHours(row.Seconds(1.0), 1.0), row.PricePerGpuHourUsd);

    /// <summary>The row's job on one GPU, MWh: what every GPU count uses up to rounding.</summary>
    public static double NominalEnergyMwh(in L0Row row) =>
        TrainingCost.EnergyMwh(row.BoardPowerWatts * row.WattsPerBoardWatt, 1.0, row.Seconds(1.0), 1.0);

    private static bool Within(double x, double lo, double hi) => x >= lo && x <= hi;

    private static bool ZeroOrWithin(double x) => x == 0.0 || Within(x, 1e-10, 1e10);
}
