using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>One output column: its external name (with units) and how to read it off a point.</summary>
/// <param name="Name">Column name, e.g. <c>cost_usd</c>.</param>
/// <param name="Type">What <paramref name="Value"/> returns when not null: double, long, int, bool or string (typed files need it up front).</param>
/// <param name="Value">Reads the value; null where a column does not apply (L2 columns of an L0 point).</param>
public sealed record Column(string Name, Type Type, Func<PointRow, object?> Value)
{
    /// <summary>A double column's value without boxing (null where <see cref="Value"/> is null); null for other columns.</summary>
    public Func<PointRow, double?>? Number { get; private init; }

    /// <summary>An int or long column's value without boxing (null where <see cref="Value"/> is null); null for other columns.</summary>
    public Func<PointRow, long?>? Integer { get; private init; }

    /// <summary>A bool column's value without boxing (null where <see cref="Value"/> is null); null for other columns.</summary>
    public Func<PointRow, bool?>? Flag { get; private init; }

    /// <summary>A double column, readable boxed (<see cref="Value"/>) and not (<see cref="Number"/>).</summary>
    public static Column OfNumber(string name, Func<PointRow, double?> value) => new(name, typeof(double), r => value(r)) { Number = value };

    /// <summary>A long column, readable boxed (<see cref="Value"/>) and not (<see cref="Integer"/>).</summary>
    public static Column OfInt64(string name, Func<PointRow, long?> value) => new(name, typeof(long), r => value(r)) { Integer = value };

    /// <summary>An int column (<see cref="Value"/> boxes an int), readable without boxing as a long (<see cref="Integer"/>).</summary>
    public static Column OfInt32(string name, Func<PointRow, int?> value) => new(name, typeof(int), r => value(r)) { Integer = r => value(r) };

    /// <summary>A bool column, readable boxed (<see cref="Value"/>) and not (<see cref="Flag"/>).</summary>
    public static Column OfFlag(string name, Func<PointRow, bool?> value) => new(name, typeof(bool), r => value(r)) { Flag = value };
}

/// <summary>A priced point with the axis values that produced it: what every sink and table prints.</summary>
/// <param name="Index">Flat grid index.</param>
/// <param name="Hardware">Hardware name.</param>
/// <param name="Job">The axis values.</param>
/// <param name="Result">The model's result.</param>
public sealed record PointRow(long Index, string Hardware, TrainingJob Job, PointResult Result)
{
    private const double HoursPerDay = 24.0;

    /// <summary>The row of a sweep point.</summary>
    public static PointRow Of(SweepProblem problem, long index, in PointResult result)
    {
        TrainingJob job = problem.Job(index);
        return new PointRow(index, problem.HardwareNames[job.Hardware], job, result);
    }

    /// <summary>The planned run (failures, energy, carbon, money), or null where none was planned.</summary>
    public PlanResult? Plan { get; init; }

    /// <summary>The row with its plan under <paramref name="assumptions"/> (the point's own price and accelerator).</summary>
    public PointRow Planned(in AcceleratorSpec hardware, in PlanningAssumptions assumptions)
    {
        PlanResult plan = RunOverheads.Evaluate(RunOverheads.InputOf(Job, Result, hardware), assumptions);
        // A row without a known price keeps its cost unknown with failures too.
        if (double.IsNaN(Result.CostUsd))
            plan.CostUsd = double.NaN;
        return this with { Plan = plan };
    }

    /// <summary>True if the precision is supported (the point has a finite time).</summary>
    public bool PrecisionSupported => (Result.Status & PointStatus.PrecisionUnsupported) == 0;

    /// <summary>True if the training state fits in the cluster's memory.</summary>
    public bool FitsMemory => (Result.Status & PointStatus.DoesNotFit) == 0;

    /// <summary>True if a result overflowed the range of double (its numbers are left blank).</summary>
    public bool Overflow => (Result.Status & PointStatus.Overflow) != 0;

    /// <summary>GPU-days.</summary>
    public double GpuDays => Result.GpuHours / HoursPerDay;

    /// <summary>True if the L2 model predicted this point (it has a step time and a layout).</summary>
    public bool Predicted => Result.StepTimeSeconds > 0;

    /// <summary>Training tokens per second of wall-clock time.</summary>
    public double TokensPerSecond => Job.Tokens / (Result.WallClockDays * TrainingCost.SecondsPerDay);

    // L2 columns are empty (null) for L0 points and for points where no layout fits.
    private bool HasLayout => Predicted && double.IsFinite(Result.StepTimeSeconds);

    private double? L2(double value) => HasLayout ? value : null;

    private int? L2(int value) => HasLayout ? value : null;

    private bool? L2(bool value) => HasLayout ? value : null;

    private string? L2(string value) => HasLayout ? value : null;

    /// <summary>The columns only the L2 model fills.</summary>
    public static readonly IReadOnlySet<string> L2ColumnNames = new HashSet<string>
    {
        "mfu", "step_time_s", "tokens_per_s", "memory_per_gpu_bytes", "tp", "cp", "pp", "dp", "ep", "micro_batch", "interleave", "recompute", "sequence_parallel", "zero",
    };

    /// <summary>The columns only a planned row fills (an estimate nests them in its "plan" object instead).</summary>
    public static readonly IReadOnlySet<string> PlanColumnNames = new HashSet<string>
    {
        "ettr", "wall_clock_days_with_failures", "gpu_hours_with_failures", "cost_usd_with_failures", "energy_mwh_with_failures", "co2e_t",
    };

    /// <summary>Every column, in output order. One list serves CSV, JSON and tables.</summary>
    public static readonly IReadOnlyList<Column> Columns =
    [
        Column.OfInt64("index", r => r.Index),
        new("hardware", typeof(string), r => r.Hardware),
        new("precision", typeof(string), r => PrecisionNames.Name(r.Job.Precision)),
        Column.OfNumber("params", r => r.Job.Parameters),
        Column.OfNumber("tokens", r => r.Job.Tokens),
        Column.OfNumber("gpus", r => r.Job.Gpus),
        // A predicted point ran at its predicted MFU (empty where no layout fits), not at the axis' placeholder of 1.
        Column.OfNumber("utilization", r => r.Predicted ? r.L2(r.Result.Mfu) : r.Job.Utilization),
        // No price is 0 inside the model (it cannot be given: prices are > 0); outside it is empty, never 0.
        Column.OfNumber("price_per_gpu_hour_usd", r => r.Job.PricePerGpuHourUsd > 0.0 ? r.Job.PricePerGpuHourUsd : null),
        Column.OfNumber("total_flops", r => r.Result.TotalFlops),
        Column.OfNumber("pf_days", r => TrainingCost.PfDays(r.Result.TotalFlops)),
        Column.OfNumber("achieved_tflops_per_gpu", r => r.Result.AchievedFlopsPerGpu / TrainingCost.FlopsPerTflop),
        Column.OfNumber("wall_clock_days", r => r.Result.WallClockDays),
        Column.OfNumber("gpu_hours", r => r.Result.GpuHours),
        Column.OfNumber("gpu_days", r => r.GpuDays),
        Column.OfNumber("gpu_years", r => r.GpuDays / TrainingCost.DaysPerYear),
        Column.OfNumber("cost_usd", r => r.Result.CostUsd),
        Column.OfNumber("energy_mwh", r => r.Result.EnergyMwh),
        Column.OfNumber("min_gpus_for_training_state", r => r.Result.MinGpusForTrainingState),
        Column.OfFlag("fits_memory", r => r.FitsMemory),
        Column.OfFlag("precision_supported", r => r.PrecisionSupported),
        Column.OfFlag("overflow", r => r.Overflow),
        Column.OfNumber("mfu", r => r.L2(r.Result.Mfu)),
        Column.OfNumber("step_time_s", r => r.L2(r.Result.StepTimeSeconds)),
        Column.OfNumber("tokens_per_s", r => r.L2(r.TokensPerSecond)),
        Column.OfNumber("memory_per_gpu_bytes", r => r.L2(r.Result.MemoryPerGpuBytes)),
        Column.OfInt32("tp", r => r.L2(r.Result.Layout.Tp)),
        Column.OfInt32("cp", r => r.L2(r.Result.Layout.Context)),
        Column.OfInt32("pp", r => r.L2(r.Result.Layout.Pp)),
        Column.OfInt32("dp", r => r.L2(r.Result.Layout.Dp)),
        Column.OfInt32("ep", r => r.L2(r.Result.Layout.Expert)),
        Column.OfInt32("micro_batch", r => r.L2(r.Result.Layout.MicroBatch)),
        Column.OfInt32("interleave", r => r.L2(r.Result.Layout.Interleave)),
        new("recompute", typeof(string), r => r.L2(LayoutJson.Short(r.Result.Layout))),
        Column.OfFlag("sequence_parallel", r => r.L2(r.Result.Layout.SequenceParallel != 0)),
        Column.OfInt32("zero", r => r.L2(r.Result.Layout.Zero)),
        Column.OfNumber("ettr", r => r.Plan?.Ettr),
        Column.OfNumber("wall_clock_days_with_failures", r => r.Plan?.WallClockDays),
        Column.OfNumber("gpu_hours_with_failures", r => r.Plan?.GpuHours),
        Column.OfNumber("cost_usd_with_failures", r => r.Plan?.CostUsd),
        Column.OfNumber("energy_mwh_with_failures", r => r.Plan?.EnergyMwh),
        Column.OfNumber("co2e_t", r => r.Plan?.Co2eTonnes),
    ];
}
