namespace ComputeSim.Model;

/// <summary>What a sweep minimises.</summary>
public enum ObjectiveKind
{
    /// <summary>Rental cost, USD.</summary>
    Cost = 0,
    /// <summary>Wall-clock days.</summary>
    Time = 1,
    /// <summary>Energy, MWh.</summary>
    Energy = 2,
    /// <summary>Predicted loss (planning grids).</summary>
    Loss = 3,
    /// <summary>Training plus lifetime inference cost, USD (planning grids; Sardana et al. 2024).</summary>
    CostWithInference = 4,
}

/// <summary>Which points a sweep may return, and what it ranks them by.</summary>
/// <remarks>A GPU cap is applied to the GPUs axis before the sweep, so it costs nothing per point.</remarks>
public readonly struct Selection
{
    /// <summary>The objective to minimise.</summary>
    public ObjectiveKind Objective { get; init; }
    /// <summary>Deadline, wall-clock days (+Infinity for none).</summary>
    public double MaxDays { get; init; }
    /// <summary>Budget, USD (+Infinity for none).</summary>
    public double MaxCostUsd { get; init; }
    /// <summary>1 to require that the training state fits in the cluster's memory.</summary>
    public int MustFit { get; init; }
    /// <summary>Target: the highest predicted loss admitted; 0 (the default) for none.</summary>
    public double MaxLoss { get; init; }

    /// <summary>A selection with no constraints.</summary>
    public static Selection Unconstrained(ObjectiveKind objective) => new()
    {
        Objective = objective,
        MaxDays = double.PositiveInfinity,
        MaxCostUsd = double.PositiveInfinity,
    };

    /// <summary>True if the point is usable (supported, finite) and meets every constraint.</summary>
    public bool Admits(in PointResult r) =>
        (r.Status & (PointStatus.PrecisionUnsupported | PointStatus.Overflow | PointStatus.ModelInputMissing)) == 0
        && r.WallClockDays < double.PositiveInfinity
        && (MustFit == 0 || (r.Status & PointStatus.DoesNotFit) == 0)
        && r.WallClockDays <= MaxDays
        && r.CostUsd <= MaxCostUsd
        && (MaxLoss <= 0.0 || r.PredictedLoss <= MaxLoss);

    /// <summary>The objective's value, lower is better.</summary>
    public double Value(in PointResult r) => Objective switch
    {
        ObjectiveKind.Cost => r.CostUsd,
        ObjectiveKind.Time => r.WallClockDays,
        ObjectiveKind.Energy => r.EnergyMwh,
        ObjectiveKind.Loss => r.PredictedLoss,
        _ => r.TotalCostUsd,
    };

    /// <summary>The objective if admitted, else +Infinity (never NaN: GPU backends order NaN differently).</summary>
    public double Score(in PointResult r) => Admits(r) ? Value(r) : double.PositiveInfinity;
}
