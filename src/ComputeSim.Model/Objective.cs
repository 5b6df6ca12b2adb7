using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// <see cref="Admits(in PointResult)"/> lane by lane, for four L0 points (all bits set where admitted). An L0
    /// point predicts no loss: its <see cref="PointResult.PredictedLoss"/> is 0, so a target admits it unless NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<long> Admits(in L0Lanes r)
    {
        const long unusable = PointStatus.PrecisionUnsupported | PointStatus.Overflow | PointStatus.ModelInputMissing;
        const double predictedLoss = 0.0;
        if (!(MaxLoss <= 0.0 || predictedLoss <= MaxLoss))
            return Vector256<long>.Zero;
        Vector256<long> admitted = Vector256.Equals(r.Status & Vector256.Create(unusable), Vector256<long>.Zero)
            & Vector256.LessThan(r.WallClockDays, Vector256.Create(double.PositiveInfinity)).AsInt64()
            & Vector256.LessThanOrEqual(r.WallClockDays, Vector256.Create(MaxDays)).AsInt64()
            & Vector256.LessThanOrEqual(r.CostUsd, Vector256.Create(MaxCostUsd)).AsInt64();
        return MustFit == 0 ? admitted : admitted & Vector256.Equals(r.Status & Vector256.Create((long)PointStatus.DoesNotFit), Vector256<long>.Zero);
    }

    /// <summary>The objective's value, lower is better.</summary>
    public double Value(in PointResult r) => Objective switch
    {
        ObjectiveKind.Cost => r.CostUsd,
        ObjectiveKind.Time => r.WallClockDays,
        ObjectiveKind.Energy => r.EnergyMwh,
        ObjectiveKind.Loss => r.PredictedLoss,
        _ => r.TotalCostUsd,
    };

    /// <summary><see cref="Value(in PointResult)"/> lane by lane, for four L0 points (no loss, no inference cost: both 0).</summary>
    public Vector256<double> Value(in L0Lanes r) => Objective switch
    {
        ObjectiveKind.Cost => r.CostUsd,
        ObjectiveKind.Time => r.WallClockDays,
        ObjectiveKind.Energy => r.EnergyMwh,
        ObjectiveKind.Loss => Vector256<double>.Zero,
        // Training plus inference cost, as TotalCostUsd adds them.
        _ => r.CostUsd + Vector256<double>.Zero,
    };

    /// <summary>The objective if admitted, else +Infinity (never NaN: GPU backends order NaN differently).</summary>
    public double Score(in PointResult r) => Admits(r) ? Value(r) : double.PositiveInfinity;
}
