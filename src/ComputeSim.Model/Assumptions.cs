namespace ComputeSim.Model;

/// <summary>Job-wide assumptions that are not swept: they hold for every point of a grid.</summary>
public readonly struct Assumptions
{
    /// <summary>Fraction of parameters active per token (1 for decoders, 0.5 for T5-style encoder-decoders).</summary>
    public double ActiveFraction { get; init; }
    /// <summary>Power usage effectiveness of the data centre (facility power / IT power).</summary>
    public double Pue { get; init; }
    /// <summary>Which power energy and carbon count: one of <see cref="EnergyScope"/> (0, the model-card convention, when unset).</summary>
    public int EnergyScope { get; init; }
    /// <summary>Average GPU draw over board power while training (server and facility scopes).</summary>
    public double GpuPowerFraction { get; init; }
    /// <summary>Extra server watts per GPU watt: CPUs, memory, NICs, fans (server and facility scopes).</summary>
    public double ServerOverhead { get; init; }
    /// <summary>Watts counted per watt of GPU board power in this scope, PUE included where the scope has it.</summary>
    public double WattsPerBoardWatt => Energy.WattsPerBoardWatt(EnergyScope, GpuPowerFraction, ServerOverhead, Pue);
    /// <summary>Bytes per parameter to hold the weights (the seed uses 4; bf16 weights are 2).</summary>
    public double WeightBytesPerParam { get; init; }
    /// <summary>Bytes per parameter of training state (mixed-precision Adam: 2 + 2 + 12 = 16).</summary>
    public double StateBytesPerParam { get; init; }
}

/// <summary>One configuration to price: the values of every swept axis at one grid point.</summary>
public readonly struct TrainingJob
{
    /// <summary>Model parameters.</summary>
    public double Parameters { get; init; }
    /// <summary>Training tokens.</summary>
    public double Tokens { get; init; }
    /// <summary>GPUs in the cluster.</summary>
    public double Gpus { get; init; }
    /// <summary>Index of the accelerator in the grid's hardware table.</summary>
    public int Hardware { get; init; }
    /// <summary>Matrix-multiply precision.</summary>
    public Precision Precision { get; init; }
    /// <summary>Model FLOPs utilisation: achieved / dense peak.</summary>
    public double Utilization { get; init; }
    /// <summary>Price per GPU-hour, USD.</summary>
    public double PricePerGpuHourUsd { get; init; }
}

/// <summary>Why a point cannot be used, as bit flags (0 = usable).</summary>
public static class PointStatus
{
    /// <summary>Usable.</summary>
    public const int Ok = 0;
    /// <summary>The accelerator has no peak for the requested precision.</summary>
    public const int PrecisionUnsupported = 1;
    /// <summary>The training state does not fit in the cluster's memory (L0: even fully sharded; L2: with any layout tried).</summary>
    public const int DoesNotFit = 2;
    /// <summary>
    /// A result is not a finite double: the inputs sit at an extreme edge (e.g. a utilisation of 1e-300
    /// makes the time overflow). Such a point is never admitted, and its numbers are not printed.
    /// </summary>
    public const int Overflow = 4;
    /// <summary>The accelerator's profile lacks a figure the L2 model needs (its measured GEMM efficiency).</summary>
    public const int ModelInputMissing = 8;
}

/// <summary>What the L0 model says about one configuration, SI or named units.</summary>
public struct PointResult
{
    /// <summary>Total training FLOPs.</summary>
    public double TotalFlops;
    /// <summary>Sustained FLOP/s per GPU.</summary>
    public double AchievedFlopsPerGpu;
    /// <summary>Wall-clock days.</summary>
    public double WallClockDays;
    /// <summary>GPU-hours.</summary>
    public double GpuHours;
    /// <summary>Rental cost, USD.</summary>
    public double CostUsd;
    /// <summary>Facility energy, MWh.</summary>
    public double EnergyMwh;
    /// <summary>Fewest GPUs whose memory holds the training state.</summary>
    public double MinGpusForTrainingState;
    /// <summary><see cref="PointStatus"/> flags.</summary>
    public int Status;

    // L2 only (zero at L0).
    /// <summary>Model FLOPs utilisation: model FLOP/s over the GPUs' dense peak.</summary>
    public double Mfu;
    /// <summary>Seconds per optimizer step.</summary>
    public double StepTimeSeconds;
    /// <summary>Memory per GPU of the most loaded stage, bytes.</summary>
    public double MemoryPerGpuBytes;
    /// <summary>The chosen layout.</summary>
    public Layout Layout;

    // L3 planning only (zero unless the grid plans).
    /// <summary>Loss the grid's scaling law predicts at the point's parameters and tokens.</summary>
    public double PredictedLoss;
    /// <summary>Cost of serving the grid's inference tokens with the trained model, USD.</summary>
    public double InferenceCostUsd;

    /// <summary>Training plus inference cost, USD: what the inference-aware objective minimises.</summary>
    public readonly double TotalCostUsd => CostUsd + InferenceCostUsd;
}
