using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli.Planning;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>What <c>sweep</c> prints: the grid, the speed, the best points, the best per hardware, the front.</summary>
/// <param name="Problem">The sweep.</param>
/// <param name="Result">Its result.</param>
/// <param name="Backend">What ran it.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds of the sweep itself.</param>
/// <param name="OutPath">File with every point, or null.</param>
internal sealed record SweepSummary(SweepProblem Problem, SweepResult Result, string Backend, double ElapsedSeconds, string? OutPath)
{
    /// <summary>What <c>--verify</c> found, or null.</summary>
    public VerifyReport? Verify { get; init; }

    /// <summary>Points a resumed sweep took from its checkpoint instead of computing them.</summary>
    public long Resumed { get; init; }

    /// <summary>The planning assumptions, or null to print no plans.</summary>
    public PlanningSettings? Planning { get; init; }

    /// <summary>The plan of every kept point, by grid index (with <see cref="Planning"/>).</summary>
    public IReadOnlyDictionary<long, PlannedRun>? Plans { get; init; }

    private long Computed => Result.Evaluated - Resumed;

    private double PointsPerSecond => ElapsedSeconds > 0 ? Computed / ElapsedSeconds : double.PositiveInfinity;

    private string ObjectiveColumn => Problem.Selection.Objective switch
    {
        ObjectiveKind.Cost => "cost_usd",
        ObjectiveKind.Time => "wall_clock_days",
        _ => "energy_mwh",
    };

    /// <summary>Every column a sweep's tables can show, in table order (<c>--columns</c> picks from these).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "#", "hardware", "precision", "params", "tokens", "gpus", "mfu", "utilization", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh",
        "ettr", "wall_clock_days_with_failures", "cost_usd_with_failures", "energy_mwh_with_failures", "co2e_t",
        "wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90", "layout", "fits",
    ];

    /// <summary>The columns shown by default, most important first: those past the terminal's width are dropped from the end.</summary>
    public static IReadOnlyList<string> Defaults { get; } =
    [
        "hardware", "params", "tokens", "gpus", "wall_clock_days", "cost_usd", "mfu", "utilization", "energy_mwh", "layout", "co2e_t",
        "wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90", "fits", "precision", "cost_usd_with_failures",
    ];

    /// <summary>The first line: the best point by the objective.</summary>
    public string Answer
    {
        get
        {
            RankedPoint? best = Result.Top.Count > 0 ? Result.Top[0] : Result.BestPerHardware.OfType<RankedPoint>().OrderBy(p => p.Score).Cast<RankedPoint?>().FirstOrDefault();
            return AnswerLine.Sweep(ObjectiveColumn, Result.Admissible, Problem.Total, best is not RankedPoint b || Result.Admissible == 0 ? null : PointRow.Of(Problem, b.Index, b.Result),
                Planning?.Assumptions.GridGramsCo2ePerKwh);
        }
    }

    /// <summary>Human-readable summary.</summary>
    public void WriteText(TextWriter o)
    {
        GridShape s = Problem.Spec.Shape;
        o.WriteLine(Answer);
        o.WriteLine($"grid: {Problem.Total:N0} points = hardware {s.Hardware} x precision {s.Precision} x utilization {s.Utilization} x price {s.Price} x params {s.Params} x tokens {s.Tokens} x gpus {s.Gpus}");
        string resumed = Resumed > 0 ? $" (and {Resumed:N0} from the checkpoint)" : "";
        o.WriteLine($"backend: {Backend}; {Computed:N0} points in {ElapsedSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({ProgressBar.Rate(PointsPerSecond)}){resumed}");
        o.WriteLine($"admissible: {Result.Admissible:N0} points meet the constraints");
        if (OutPath is not null)
            o.WriteLine($"every point written to {OutPath}");
        if (Verify is VerifyReport v)
        {
            string rederived = v.Reductions is { } r
                ? $"; the saved reductions re-derived from {r.Points:N0} points ({(r.Exact ? "exact" : "sampled")}){(r.Mismatch is null ? "" : $": {r.Mismatch}")}"
                : "";
            o.WriteLine($"verify: {v.Points:N0} points recomputed with the reference formulas; max relative difference {Format.Human(v.MaxRelativeDifference)} "
                + $"(tolerance {Format.Human(v.Tolerance)}){rederived}: {(v.Passed ? "ok" : "FAILED")}");
        }
        if (Result.Admissible == 0)
        {
            Selection c = Problem.Selection;
            string advice = LimitAdvice.Relax("relax",
                (double.IsFinite(c.MaxDays), "--max-days", Format.Human(c.MaxDays)),
                (double.IsFinite(c.MaxCostUsd), "--max-cost-usd", Format.Usd(c.MaxCostUsd)),
                (c.MustFit != 0, "--must-fit", null))
                ?? "every point is n/a (a precision the accelerator lacks, a missing model input, or a result past the range of a double)";
            o.WriteLine($"no point meets the constraints: {advice}");
            return;
        }
        if (Result.Top.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"top {Result.Top.Count} by {ObjectiveColumn}:");
            Table(Result.Top).Write(o);
        }
        BestPerHardware.Write(o, $"best per hardware by {ObjectiveColumn}:", Result.BestPerHardware.ToList(), Problem.HardwareNames,
            Table(Result.BestPerHardware.OfType<RankedPoint>()), "no admissible point");
        if (Result.Pareto.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"pareto front of wall_clock_days vs cost_usd ({Result.Pareto.Count} of the admissible points, fastest first):");
            Table(Result.Pareto).Write(o);
        }
        if (Problem.Spec.Parallel.Enabled != 0)
            o.WriteLine("layout: tensor x [context x] pipeline x data[, experts] parallel degrees, micro-batch b, interleave v, recompute, ZeRO stage z");
        if (new[] { Result.Top, Result.Pareto, Result.BestPerHardware.OfType<RankedPoint>() }.SelectMany(p => p).Any(p => !double.IsFinite(p.Result.CostUsd)))
            o.WriteLine("n/a cost: no public price in the profile (or none of --price-source's class); give --price-per-gpu-hour (NAME=USD each)");
        if (Planning is not null)
        {
            o.WriteLine();
            PlanColumns.WriteNotes(o, Planning);
        }
    }

    /// <summary>Machine-readable summary.</summary>
    public void WriteJson(TextWriter o)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("grid_points", Problem.Total);
            w.WriteString("backend", Backend);
            w.WriteNumber("elapsed_s", ElapsedSeconds);
            JsonRows.WriteValue(w, "points_per_s", PointsPerSecond);
            w.WriteNumber("admissible_points", Result.Admissible);
            w.WriteString("objective", ObjectiveColumn);
            if (Planning is not null)
                PlanColumns.WriteSettingsJson(w, Planning);
            if (Verify is VerifyReport v)
            {
                w.WriteStartObject("verify");
                w.WriteNumber("points", v.Points);
                JsonRows.WriteValue(w, "max_relative_difference", v.MaxRelativeDifference);
                w.WriteNumber("worst_index", v.WorstIndex);
                w.WriteNumber("tolerance", v.Tolerance);
                if (v.Reductions is { } r)
                {
                    w.WriteStartObject("rederived");
                    w.WriteNumber("points", r.Points);
                    w.WriteBoolean("exact", r.Exact);
                    w.WriteString("mismatch", r.Mismatch);
                    w.WriteEndObject();
                }
                w.WriteBoolean("passed", v.Passed);
                w.WriteEndObject();
            }
            Rows(w, "top", Result.Top);
            Rows(w, "best_per_hardware", Result.BestPerHardware.OfType<RankedPoint>());
            Rows(w, "pareto", Result.Pareto);
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private void Rows(Utf8JsonWriter w, string name, IEnumerable<RankedPoint> points)
    {
        w.WriteStartArray(name);
        foreach (RankedPoint p in points)
        {
            PlannedRun? plan = Plans?.GetValueOrDefault(p.Index);
            JsonRows.WriteObject(w, PointRow.Of(Problem, p.Index, p.Result), plan is null ? null : w => PlanColumns.WriteJson(w, plan, Planning!));
        }
        w.WriteEndArray();
    }

    private static string Compact(in Layout l) =>
        $"{LayoutJson.Degrees(l)}, b{l.MicroBatch}, v{l.Interleave}, {LayoutJson.Short(l)}{(l.SequenceParallel != 0 ? "+sp" : "")}, z{l.Zero}";

    private TextTable Table(IEnumerable<RankedPoint> points)
    {
        bool predicted = Problem.Spec.Parallel.Enabled != 0;
        bool bands = Planning?.MonteCarlo is not null;
        List<string> headers = ["#", "hardware", "precision", "params", "tokens", "gpus", predicted ? "mfu" : "utilization", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh"];
        if (Plans is not null)
            headers.AddRange(["ettr", "wall_clock_days_with_failures", "cost_usd_with_failures", "energy_mwh_with_failures", "co2e_t"]);
        if (bands)
            headers.AddRange(["wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90"]);
        headers.Add(predicted ? "layout" : "fits");
        // A grid over several precisions has rows that differ only in it: then it is shown next to the hardware.
        IReadOnlyList<string> defaults = Problem.Spec.Shape.Length(Axis.Precision) > 1
            ? [Defaults[0], "precision", .. Defaults.Skip(1).Where(c => c != "precision")]
            : Defaults;
        var t = new TextTable([.. headers]) { Keys = 2, Defaults = defaults };
        int rank = 1;
        foreach (RankedPoint p in points)
        {
            PointRow r = PointRow.Of(Problem, p.Index, p.Result);
            List<string> cells = [(rank++).ToString(CultureInfo.InvariantCulture), r.Hardware, PrecisionNames.Name(r.Job.Precision),
                Format.Sig(r.Job.Parameters), Format.Sig(r.Job.Tokens), Format.Human(r.Job.Gpus), Format.Sig(predicted ? r.Result.Mfu : r.Job.Utilization),
                Format.Sig(r.Result.WallClockDays), Format.Sig(r.Result.GpuHours), Format.Sig(r.Result.CostUsd), Format.Sig(r.Result.EnergyMwh)];
            if (Plans?.GetValueOrDefault(p.Index) is PlannedRun plan)
            {
                PlanResult x = plan.Result;
                cells.AddRange([Format.Sig(x.Ettr), Format.Sig(x.WallClockDays), Format.Sig(x.CostUsd), Format.Sig(x.EnergyMwh), Format.Sig(x.Co2eTonnes)]);
                if (plan.Bands is MonteCarloBands b)
                    cells.AddRange([PlanColumns.BandText(b.Days, Format.Sig), PlanColumns.BandText(b.CostUsd, Format.Sig)]);
            }
            cells.Add(predicted ? Compact(r.Result.Layout) : r.FitsMemory ? "yes" : "no");
            t.Add([.. cells]);
        }
        return t;
    }
}
