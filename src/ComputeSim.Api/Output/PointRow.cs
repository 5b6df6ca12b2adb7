using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>One output column: its external name (with units) and how to read it off a point.</summary>
/// <param name="Name">Column name, e.g. <c>cost_usd</c>.</param>
/// <param name="Type">What <paramref name="Value"/> returns when not null: double, long, int, bool or string (typed files need it up front).</param>
/// <param name="Value">Reads the value; null where a column does not apply (L2 columns of an L0 point).</param>
public sealed record Column(string Name, Type Type, Func<PointRow, object?> Value);

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
    private object? L2(object value) => Predicted && double.IsFinite(Result.StepTimeSeconds) ? value : null;

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
        new("index", typeof(long), r => r.Index),
        new("hardware", typeof(string), r => r.Hardware),
        new("precision", typeof(string), r => PrecisionNames.Name(r.Job.Precision)),
        new("params", typeof(double), r => r.Job.Parameters),
        new("tokens", typeof(double), r => r.Job.Tokens),
        new("gpus", typeof(double), r => r.Job.Gpus),
        // A predicted point ran at its predicted MFU (empty where no layout fits), not at the axis' placeholder of 1.
        new("utilization", typeof(double), r => r.Result.StepTimeSeconds != 0.0 ? r.L2(r.Result.Mfu) : r.Job.Utilization),
        // No price is 0 inside the model (it cannot be given: prices are > 0); outside it is empty, never 0.
        new("price_per_gpu_hour_usd", typeof(double), r => r.Job.PricePerGpuHourUsd > 0.0 ? r.Job.PricePerGpuHourUsd : null),
        new("total_flops", typeof(double), r => r.Result.TotalFlops),
        new("pf_days", typeof(double), r => TrainingCost.PfDays(r.Result.TotalFlops)),
        new("achieved_tflops_per_gpu", typeof(double), r => r.Result.AchievedFlopsPerGpu / TrainingCost.FlopsPerTflop),
        new("wall_clock_days", typeof(double), r => r.Result.WallClockDays),
        new("gpu_hours", typeof(double), r => r.Result.GpuHours),
        new("gpu_days", typeof(double), r => r.GpuDays),
        new("gpu_years", typeof(double), r => r.GpuDays / TrainingCost.DaysPerYear),
        new("cost_usd", typeof(double), r => r.Result.CostUsd),
        new("energy_mwh", typeof(double), r => r.Result.EnergyMwh),
        new("min_gpus_for_training_state", typeof(double), r => r.Result.MinGpusForTrainingState),
        new("fits_memory", typeof(bool), r => r.FitsMemory),
        new("precision_supported", typeof(bool), r => r.PrecisionSupported),
        new("overflow", typeof(bool), r => r.Overflow),
        new("mfu", typeof(double), r => r.L2(r.Result.Mfu)),
        new("step_time_s", typeof(double), r => r.L2(r.Result.StepTimeSeconds)),
        new("tokens_per_s", typeof(double), r => r.L2(r.TokensPerSecond)),
        new("memory_per_gpu_bytes", typeof(double), r => r.L2(r.Result.MemoryPerGpuBytes)),
        new("tp", typeof(int), r => r.L2(r.Result.Layout.Tp)),
        new("cp", typeof(int), r => r.L2(r.Result.Layout.Context)),
        new("pp", typeof(int), r => r.L2(r.Result.Layout.Pp)),
        new("dp", typeof(int), r => r.L2(r.Result.Layout.Dp)),
        new("ep", typeof(int), r => r.L2(r.Result.Layout.Expert)),
        new("micro_batch", typeof(int), r => r.L2(r.Result.Layout.MicroBatch)),
        new("interleave", typeof(int), r => r.L2(r.Result.Layout.Interleave)),
        new("recompute", typeof(string), r => r.L2(LayoutJson.Name(r.Result.Layout.Recompute))),
        new("sequence_parallel", typeof(bool), r => r.L2(r.Result.Layout.SequenceParallel != 0)),
        new("zero", typeof(int), r => r.L2(r.Result.Layout.Zero)),
        new("ettr", typeof(double), r => r.Plan?.Ettr),
        new("wall_clock_days_with_failures", typeof(double), r => r.Plan?.WallClockDays),
        new("gpu_hours_with_failures", typeof(double), r => r.Plan?.GpuHours),
        new("cost_usd_with_failures", typeof(double), r => r.Plan?.CostUsd),
        new("energy_mwh_with_failures", typeof(double), r => r.Plan?.EnergyMwh),
        new("co2e_t", typeof(double), r => r.Plan?.Co2eTonnes),
    ];
}
