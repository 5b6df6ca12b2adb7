using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>One output column: its external name (with units) and how to read it off a point.</summary>
/// <param name="Name">Column name, e.g. <c>cost_usd</c>.</param>
/// <param name="Value">Reads the value; a string, a number or a bool.</param>
public sealed record Column(string Name, Func<PointRow, object?> Value);

/// <summary>A priced point with the axis values that produced it: what every sink and table prints.</summary>
/// <param name="Index">Flat grid index.</param>
/// <param name="Hardware">Hardware name.</param>
/// <param name="Job">The axis values.</param>
/// <param name="Result">The model's result.</param>
public sealed record PointRow(long Index, string Hardware, TrainingJob Job, PointResult Result)
{
    private const double HoursPerDay = 24.0;
    private const double FlopsPerTflop = 1e12;

    /// <summary>The row of a sweep point.</summary>
    public static PointRow Of(SweepProblem problem, long index, in PointResult result)
    {
        TrainingJob job = problem.Job(index);
        return new PointRow(index, problem.HardwareNames[job.Hardware], job, result);
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
        "mfu", "step_time_s", "tokens_per_s", "memory_per_gpu_bytes", "tp", "pp", "dp", "micro_batch", "interleave", "recompute", "sequence_parallel", "zero",
    };

    /// <summary>Every column, in output order. One list serves CSV, JSON and tables.</summary>
    public static readonly IReadOnlyList<Column> Columns =
    [
        new("index", r => r.Index),
        new("hardware", r => r.Hardware),
        new("precision", r => PrecisionNames.Name(r.Job.Precision)),
        new("params", r => r.Job.Parameters),
        new("tokens", r => r.Job.Tokens),
        new("gpus", r => r.Job.Gpus),
        new("utilization", r => r.Job.Utilization),
        new("price_per_gpu_hour_usd", r => r.Job.PricePerGpuHourUsd),
        new("total_flops", r => r.Result.TotalFlops),
        new("pf_days", r => TrainingCost.PfDays(r.Result.TotalFlops)),
        new("achieved_tflops_per_gpu", r => r.Result.AchievedFlopsPerGpu / FlopsPerTflop),
        new("wall_clock_days", r => r.Result.WallClockDays),
        new("gpu_hours", r => r.Result.GpuHours),
        new("gpu_days", r => r.GpuDays),
        new("gpu_years", r => r.GpuDays / TrainingCost.DaysPerYear),
        new("cost_usd", r => r.Result.CostUsd),
        new("energy_mwh", r => r.Result.EnergyMwh),
        new("min_gpus_for_training_state", r => r.Result.MinGpusForTrainingState),
        new("fits_memory", r => r.FitsMemory),
        new("precision_supported", r => r.PrecisionSupported),
        new("overflow", r => r.Overflow),
        new("mfu", r => r.L2(r.Result.Mfu)),
        new("step_time_s", r => r.L2(r.Result.StepTimeSeconds)),
        new("tokens_per_s", r => r.L2(r.TokensPerSecond)),
        new("memory_per_gpu_bytes", r => r.L2(r.Result.MemoryPerGpuBytes)),
        new("tp", r => r.L2(r.Result.Layout.Tp)),
        new("pp", r => r.L2(r.Result.Layout.Pp)),
        new("dp", r => r.L2(r.Result.Layout.Dp)),
        new("micro_batch", r => r.L2(r.Result.Layout.MicroBatch)),
        new("interleave", r => r.L2(r.Result.Layout.Interleave)),
        new("recompute", r => r.L2(LayoutJson.Name(r.Result.Layout.Recompute))),
        new("sequence_parallel", r => r.L2(r.Result.Layout.SequenceParallel != 0)),
        new("zero", r => r.L2(r.Result.Layout.Zero)),
    ];
}
