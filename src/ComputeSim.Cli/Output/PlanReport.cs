using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli.Planning;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>What <c>plan</c> prints: the question, the recommendation with its breakdown, runner-ups and the best per accelerator.</summary>
/// <param name="Request">The question.</param>
/// <param name="Law">The scaling law, with its name and source.</param>
/// <param name="Problem">The sweep that answered it.</param>
/// <param name="Plan">The answer.</param>
/// <param name="Backend">What ran the sweep.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds of the sweep.</param>
internal sealed record PlanReport(PlanGrid Request, NamedLaw Law, SweepProblem Problem, PlanAnswer Plan, string Backend, double ElapsedSeconds)
{
    /// <summary>The reported configurations with failures, energy, carbon and money planned; null to leave them out.</summary>
    public PlannedRuns? Runs { get; init; }

    private bool Predicted => Problem.Spec.Parallel.Enabled != 0;
    private bool Inference => Request.InferenceTokens > 0;

    /// <summary>The question in one line.</summary>
    public string Question
    {
        get
        {
            string goal = Request.TargetLoss > 0
                ? $"reach predicted loss {Format.Human(Request.TargetLoss)} at the lowest {(Request.Objective == ObjectiveKind.Time ? "wall_clock_days" : Inference ? "training + inference cost_usd" : "cost_usd")}"
                : "lowest predicted loss";
            var limits = new List<string>();
            if (double.IsFinite(Request.MaxCostUsd))
                limits.Add($"cost_usd <= {Format.Usd(Request.MaxCostUsd)}");
            if (double.IsFinite(Request.MaxDays))
                limits.Add($"wall_clock_days <= {Format.Human(Request.MaxDays)}");
            limits.Add($"gpus <= {Format.Human(Request.Gpus.Max())}");
            if (Inference)
                limits.Add($"inference_tokens {Format.Count(Request.InferenceTokens)}");
            return $"{goal}; {string.Join(", ", limits)}; law {Law.Name}";
        }
    }

    /// <summary>Every column of the runner-up and per-accelerator tables, in table order (<c>--columns</c> picks from these, and from the breakdown's quantities).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "#", "hardware", "params", "tokens", "tokens_per_param", "gpus", "wall_clock_days", "cost_usd", "total_cost_usd", "energy_mwh",
        "predicted_loss", "layout", "utilization", "wall_clock_days_with_failures", "cost_usd_with_failures", "co2e_t",
    ];

    /// <summary>The columns shown by default, most important first: those past the terminal's width are dropped from the end.</summary>
    public static IReadOnlyList<string> Defaults { get; } =
    [
        "hardware", "params", "tokens", "gpus", "predicted_loss", "wall_clock_days", "cost_usd", "total_cost_usd", "energy_mwh", "layout",
        "utilization", "co2e_t", "tokens_per_param", "cost_usd_with_failures",
    ];

    /// <summary>The quantities of the recommendation's breakdown, by name.</summary>
    public static IReadOnlyList<string> Quantities { get; } =
    [
        "params", "tokens", "total_flops", "mfu", "gpu_hours", "inference_cost_usd", "optimal_at_target_loss", "compute_optimal_at_6ND",
    ];

    /// <summary>The first line: the recommendation, or that there is none.</summary>
    public string Answer => AnswerLine.Plan(Plan.Best is PlanPoint b ? new PointRow(b.Index, b.HardwareName, b.Job, b.Result) : null,
        Plan.Best?.Result.PredictedLoss ?? double.NaN, Runs?.Settings.Assumptions.GridGramsCo2ePerKwh);

    /// <summary>Human-readable report.</summary>
    public void WriteText(TextWriter o)
    {
        GridShape s = Problem.Spec.Shape;
        o.WriteLine(Answer);
        o.WriteLine($"asked: {Question}");
        o.WriteLine($"grid: {Problem.Total:N0} points = params {s.Params} x tokens_per_param {s.Tokens} x hardware {s.Hardware} x gpus {s.Gpus} x utilization {s.Utilization} x price {s.Price}"
            + $"; {(Predicted ? "L2 (utilisation predicted per layout)" : "L0 (utilisation given)")}");
        o.WriteLine($"backend: {Backend}; {ElapsedSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; {Plan.Admissible:N0} points within the limits");
        if (Plan.Best is not PlanPoint best)
        {
            string? raise = LimitAdvice.Relax("raise",
                (double.IsFinite(Request.MaxCostUsd), "--max-cost-usd", Format.Usd(Request.MaxCostUsd)),
                (double.IsFinite(Request.MaxDays), "--max-days", Format.Human(Request.MaxDays)),
                (Request.TargetLoss > 0, "--target-loss", Format.Human(Request.TargetLoss)));
            o.WriteLine($"no configuration meets the limits: {(raise is null ? "" : raise + ", or ")}widen the grid (--params, --tokens-per-param, --gpus)");
            return;
        }
        o.WriteLine();
        o.WriteLine("recommendation:");
        var t = new TextTable("quantity", "value") { NamedRows = true };
        foreach (var (name, value) in Breakdown(best))
            t.Add(name, value);
        t.Write(o);
        foreach (string note in EdgeNotes(best))
            o.WriteLine(note);
        if (Runs is PlannedRuns runs)
        {
            PlannedRun run = runs.ByIndex[best.Index];
            foreach (string note in FailureNotes(run.Result))
                o.WriteLine(note);
            EstimatePlanText.Write(o, run, runs.Settings, best.Job.Gpus);
        }
        if (Plan.RunnerUps.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"runner-ups (next best distinct params, tokens and accelerator):");
            Table(Plan.RunnerUps).Write(o);
        }
        BestPerHardware.Write(o, "best per accelerator:", Plan.BestPerHardware.ToList(), Problem.HardwareNames,
            Table(Plan.BestPerHardware.OfType<PlanPoint>()), "nothing within the limits");
        o.WriteLine();
        o.WriteLine($"loss: {Law.Source}; in the law's own units (nats per token on its data), comparable within one law only.");
    }

    /// <summary>Where the answer sits on the first or last value of an axis, the true optimum may lie beyond it.</summary>
    public IEnumerable<string> EdgeNotes(PlanPoint p)
    {
        AxisIndices ix = Problem.Spec.Shape.Decode(p.Index);
        GridShape s = Problem.Spec.Shape;
        if (s.Params > 1 && (ix.Params == 0 || ix.Params == s.Params - 1))
            yield return $"note: params {Format.Count(p.Job.Parameters)} is at the edge of --params; the optimum may lie beyond it: widen the axis";
        if (s.Tokens > 1 && (ix.Tokens == 0 || ix.Tokens == s.Tokens - 1))
            yield return $"note: tokens_per_param {Format.Human(p.Job.Tokens / p.Job.Parameters)} is at the edge of --tokens-per-param; the optimum may lie beyond it: widen the axis";
        // Where more GPUs cost the same (as at a given utilisation), equal scores go to the fewest GPUs, however long that takes.
        if (!double.IsFinite(Request.MaxDays) && p.Result.WallClockDays > DaysWorthANote)
            yield return $"note: the answer takes {Format.Sig(p.Result.WallClockDays)} days; without --max-days the fewest GPUs win a tie in loss and cost: give a deadline to choose a faster cluster";
    }

    // A run longer than a year is rarely what a planner means.
    private const double DaysWorthANote = 365;

    private IEnumerable<(string Name, string Value)> Breakdown(PlanPoint p)
    {
        double flops = p.Result.TotalFlops;
        yield return ("params", Format.Sig(p.Job.Parameters));
        yield return ("tokens", Format.Sig(p.Job.Tokens));
        yield return ("tokens_per_param", Format.Sig(p.Job.Tokens / p.Job.Parameters));
        yield return ("total_flops", Format.Sig(flops));
        yield return ("hardware", p.HardwareName);
        yield return ("gpus", Format.Human(p.Job.Gpus));
        if (Predicted)
        {
            yield return ("layout", LayoutJson.Text(p.Result.Layout));
            yield return ("mfu", Format.Sig(p.Result.Mfu));
        }
        else
        {
            yield return ("utilization", Format.Sig(p.Job.Utilization));
        }
        yield return ("wall_clock_days", Format.Sig(p.Result.WallClockDays));
        yield return ("gpu_hours", Format.Sig(p.Result.GpuHours));
        yield return ("cost_usd", Format.Sig(p.Result.CostUsd));
        if (Inference)
        {
            yield return ("inference_cost_usd", Format.Sig(p.Result.InferenceCostUsd));
            yield return ("total_cost_usd", Format.Sig(p.TotalCostUsd));
        }
        yield return ("energy_mwh", Format.Sig(p.Result.EnergyMwh));
        yield return ("predicted_loss", Format.Human(p.Result.PredictedLoss));
        if (Request.TargetLoss > 0)
        {
            // The continuous optimum at the target: how far the grid's steps and the limits pushed the answer from it.
            double m = ComputeOptimal.InferenceOptimalParams(Request.Law, Request.TargetLoss, Request.InferenceTokens);
            yield return ("optimal_at_target_loss", $"{Format.Count(m)} params x {Format.Count(ComputeOptimal.TokensForLoss(Request.Law, m, Request.TargetLoss))} tokens "
                + $"(fewest {(Inference ? "training + inference " : "")}FLOPs, Sardana et al. 2024, solved numerically)");
            yield break;
        }
        // The law's own optimum at the recommendation's 6ND: how far the limits pushed the answer from it.
        double c = ComputeOptimal.FlopsPerParamToken * p.Job.Parameters * p.Job.Tokens;
        double n = ComputeOptimal.OptimalParams(Request.Law, c);
        yield return ("compute_optimal_at_6ND", $"{Format.Count(n)} params x {Format.Count(c / ComputeOptimal.FlopsPerParamToken / n)} tokens (closed form, C = {Format.Human(c)})");
    }

    private TextTable Table(IEnumerable<PlanPoint> points)
    {
        var t = new TextTable("#", "hardware", "params", "tokens", "tokens_per_param", "gpus", "wall_clock_days", "cost_usd", Inference ? "total_cost_usd" : "energy_mwh",
            "predicted_loss", Predicted ? "layout" : "utilization", "wall_clock_days_with_failures", "cost_usd_with_failures", "co2e_t")
        { Keys = 2, Defaults = Defaults };
        int rank = 1;
        foreach (PlanPoint p in points)
        {
            t.Add((rank++).ToString(CultureInfo.InvariantCulture), p.HardwareName, Format.Sig(p.Job.Parameters), Format.Sig(p.Job.Tokens),
                Format.Sig(p.Job.Tokens / p.Job.Parameters), Format.Human(p.Job.Gpus), Format.Sig(p.Result.WallClockDays), Format.Sig(p.Result.CostUsd),
                Format.Sig(Inference ? p.TotalCostUsd : p.Result.EnergyMwh), Format.Human(p.Result.PredictedLoss),
                Predicted ? LayoutJson.Degrees(p.Result.Layout) : Format.Sig(p.Job.Utilization),
                Planned(p, r => Format.Sig(r.WallClockDays)), Planned(p, r => Format.Sig(r.CostUsd)), Planned(p, r => Format.Sig(r.Co2eTonnes)));
        }
        return t;
    }

    /// <summary>
    /// The limits apply to the failure-free run the sweep prices; where failures push the planned run past one,
    /// say so and by how much to tighten it.
    /// </summary>
    public IEnumerable<string> FailureNotes(PlanResult withFailures)
    {
        if (withFailures.CostUsd > Request.MaxCostUsd)
            yield return $"note: with failures the run costs {Format.Usd(withFailures.CostUsd)}, over --max-cost-usd {Format.Usd(Request.MaxCostUsd)} (ETTR {Format.Human(withFailures.Ettr)}): "
                + $"plan with --max-cost-usd {Format.Usd(Request.MaxCostUsd * withFailures.Ettr)} to leave room for them";
        if (withFailures.WallClockDays > Request.MaxDays)
            yield return $"note: with failures the run takes {Format.Human(withFailures.WallClockDays)} days, over --max-days {Format.Human(Request.MaxDays)} (ETTR {Format.Human(withFailures.Ettr)}): "
                + $"plan with --max-days {Format.Human(Request.MaxDays * withFailures.Ettr)} to leave room for them";
    }

    private string Planned(PlanPoint p, Func<PlanResult, string> field) =>
        Runs is PlannedRuns runs && runs.ByIndex.TryGetValue(p.Index, out PlannedRun? run) ? field(run.Result) : "n/a";

    /// <summary>Machine-readable report.</summary>
    public void WriteJson(TextWriter o)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: the question holds "<=", which the default encoder writes as \u003C.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("question", Question);
            w.WriteString("law", Law.Name);
            w.WriteString("law_source", Law.Source);
            w.WriteString("objective", Request.Objective switch { ObjectiveKind.Loss => "predicted_loss", ObjectiveKind.Time => "wall_clock_days", _ => "total_cost_usd" });
            w.WriteNumber("grid_points", Problem.Total);
            w.WriteString("backend", Backend);
            w.WriteNumber("elapsed_s", ElapsedSeconds);
            w.WriteNumber("admissible_points", Plan.Admissible);
            if (Runs is PlannedRuns runs)
                PlanColumns.WriteSettingsJson(w, runs.Settings);
            w.WritePropertyName("recommendation");
            if (Plan.Best is PlanPoint best)
                Point(w, best);
            else
                w.WriteNullValue();
            w.WriteStartArray("notes");
            foreach (string note in Plan.Best is PlanPoint b ? EdgeNotes(b).Concat(Runs is PlannedRuns r ? FailureNotes(r.ByIndex[b.Index].Result) : []) : [])
                w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteStartArray("runner_ups");
            foreach (PlanPoint p in Plan.RunnerUps)
                Point(w, p);
            w.WriteEndArray();
            w.WriteStartArray("best_per_hardware");
            foreach (PlanPoint p in Plan.BestPerHardware.OfType<PlanPoint>())
                Point(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private void Point(Utf8JsonWriter w, PlanPoint p)
    {
        w.WriteStartObject();
        w.WriteString("hardware", p.HardwareName);
        w.WriteNumber("params", p.Job.Parameters);
        w.WriteNumber("tokens", p.Job.Tokens);
        w.WriteNumber("tokens_per_param", p.Job.Tokens / p.Job.Parameters);
        w.WriteNumber("total_flops", p.Result.TotalFlops);
        w.WriteNumber("gpus", p.Job.Gpus);
        w.WriteNumber(Predicted ? "mfu" : "utilization", Predicted ? p.Result.Mfu : p.Job.Utilization);
        JsonRows.WriteValue(w, "price_per_gpu_hour_usd", p.Job.PricePerGpuHourUsd > 0.0 ? p.Job.PricePerGpuHourUsd : null);
        w.WriteNumber("wall_clock_days", p.Result.WallClockDays);
        w.WriteNumber("gpu_hours", p.Result.GpuHours);
        w.WriteNumber("cost_usd", p.Result.CostUsd);
        w.WriteNumber("inference_cost_usd", p.Result.InferenceCostUsd);
        w.WriteNumber("total_cost_usd", p.TotalCostUsd);
        w.WriteNumber("energy_mwh", p.Result.EnergyMwh);
        w.WriteNumber("predicted_loss", p.Result.PredictedLoss);
        if (Predicted)
        {
            w.WriteStartObject("layout");
            LayoutJson.Write(w, p.Result.Layout);
            w.WriteEndObject();
        }
        if (Runs is PlannedRuns runs && runs.ByIndex.TryGetValue(p.Index, out PlannedRun? run))
            PlanColumns.WriteJson(w, run, runs.Settings);
        w.WriteEndObject();
    }
}

/// <summary>Planned runs of a plan's reported configurations, by grid index, and the settings they were planned with.</summary>
/// <param name="Settings">Failures, energy, carbon, tiers and Monte Carlo as resolved from the flags.</param>
/// <param name="ByIndex">One planned run per reported configuration.</param>
internal sealed record PlannedRuns(PlanningSettings Settings, IReadOnlyDictionary<long, PlannedRun> ByIndex);
