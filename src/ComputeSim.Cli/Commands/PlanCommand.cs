using System.CommandLine;
using System.Diagnostics;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>plan</c>: the model size, tokens, accelerator and cluster that minimise predicted loss within limits, or reach a target loss cheapest.</summary>
public static class PlanCommand
{
    private sealed class Options
    {
        public readonly Option<string?> MaxCost = new("--max-cost-usd", "--budget-usd") { Description = "Budget for training, USD" };
        public readonly Option<string?> MaxDays = new("--max-days", "--deadline-days") { Description = "Deadline, wall-clock days" };
        public readonly Option<string?> MaxGpus = new("--max-gpus") { Description = "Largest cluster allowed" };
        public readonly Option<string?> Hardware = new("--hardware") { Description = "Comma-separated profile names (or .json profile files) to choose from, or 'all' (default: every profile with a public price)" };
        public readonly Option<string?> Price = new("--price-per-gpu-hour") { Description = "USD per GPU-hour: an axis for every accelerator (2.5,4), or one price each (h100-sxm5-80gb=3.99,mi300x=2.59; the rest at their profile's); default: each profile's dated price" };
        public readonly Option<string> Law = new("--law") { Description = $"Scaling law: {string.Join(", ", ScalingLaws.All.Select(l => l.Name))} (default {ScalingLaws.DefaultName}: the replication's refit, consistent with Hoffmann's Approaches 1 and 2)", DefaultValueFactory = _ => ScalingLaws.DefaultName };
        public readonly Option<string?> TargetLoss = new("--target-loss") { Description = "Reach this predicted loss at the lowest cost (or time, with --objective time) instead of minimising loss" };
        public readonly Option<string> Objective = new("--objective") { Description = "With --target-loss: what to minimise", DefaultValueFactory = _ => "cost" };
        public readonly Option<string?> InferenceTokens = new("--inference-tokens") { Description = "Tokens the model will serve; with --target-loss, minimise training + inference cost (Sardana et al. 2024)" };
        public readonly Option<string> Params = new("--params") { Description = "Candidate parameter counts", DefaultValueFactory = _ => "1e8..1e13:log:201" };
        public readonly Option<string> TokensPerParam = new("--tokens-per-param") { Description = "Candidate training tokens per parameter", DefaultValueFactory = _ => "1..1000:log:121" };
        public readonly Option<string> Gpus = new("--gpus") { Description = "Candidate cluster sizes", DefaultValueFactory = _ => "8..65536:pow2" };
        public readonly Option<string> Precision = new("--precision") { Description = "Matrix precision", DefaultValueFactory = _ => "bf16" };
        public readonly Option<string> Utilization = new("--utilization") { Description = "Utilisation axis (MFU, 0..1) for the L0 model", DefaultValueFactory = _ => JobOptions.DefaultUtilization };
        public readonly Option<bool> Predict = new("--predict") { Description = "Predict utilisation (L2): search the layouts for the fastest that fits at every point (slower; use coarser --params and --tokens-per-param)" };
        public readonly AssumptionOptions Assumptions = new();
        public readonly ParallelOptions Parallel = new(withShape: false);
        public readonly PlanningOptions Planning = new();
        public readonly Option<string> Backend = new("--backend") { Description = $"One of {string.Join(", ", BackendNames.All)}", DefaultValueFactory = _ => "auto" };
        public readonly Option<int> Top = new("--top") { Description = "Runner-ups to print", DefaultValueFactory = _ => 5 };
        public readonly Option<string> Format = FormatOption.Create();
        public readonly Option<bool> Quiet = new("--quiet") { Description = "No progress bar" };
        public readonly ViewOptions View = new([.. PlanReport.Columns, .. PlanReport.Quantities, .. PlanColumns.Values.Select(v => v.Name)]);

        public Options()
        {
            Objective.AcceptOnlyFromAmong("cost", "time");
            Law.AcceptOnlyFromAmong([.. ScalingLaws.All.Select(l => l.Name)]);
        }
    }

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var o = new Options();
        var command = new Command("plan", "Choose model size, training tokens, accelerator and GPU count: the lowest predicted loss within a budget, "
            + "deadline and GPU cap, or the cheapest (fastest) way to a target loss. A sweep over params x tokens x accelerator x GPUs.\n"
            + "Example: computesim plan --max-cost-usd 10M --max-days 60 --hardware h100-sxm5-80gb,mi300x\n"
            + "Example: computesim plan --target-loss 2.0 --inference-tokens 2T --hardware h100-sxm5-80gb --max-days 90");
        foreach (Option option in new Option[] { o.MaxCost, o.MaxDays, o.MaxGpus, o.Hardware, o.Price, o.Law, o.TargetLoss, o.Objective, o.InferenceTokens,
                     o.Params, o.TokensPerParam, o.Gpus, o.Precision, o.Utilization, o.Predict })
            command.Add(option);
        o.Assumptions.AddTo(command);
        o.Parallel.AddTo(command);
        o.Planning.AddTo(command);
        foreach (Option option in new Option[] { o.Backend, o.Top, o.Format, o.Quiet })
            command.Add(option);
        o.View.AddTo(command);
        command.SetAction(parse => Run(ctx, parse, o));
        return command;
    }

    private static int Run(CliContext ctx, ParseResult parse, Options o)
    {
        TextView shown = o.View.Resolve(parse, ctx, FormatOption.IsJson(parse, o.Format));
        (PlanRequest request, NamedLaw law) = Resolve(parse, o);
        SweepProblem problem = Planner.Problem(request);
        // Planning flags are checked before the sweep: a bad one should not wait for a long --predict run.
        (Profiles.ClusterProfile cluster, int gpusPerNode) = o.Parallel.ClusterOf(parse);
        PlanningSettings planning = o.Planning.Resolve(parse, cluster, gpusPerNode, problem.Spec.Assumptions);
        using ProgressBar? progress = ProgressBar.ForTerminal(ctx, problem.Total, parse.GetValue(o.Quiet));
        var settings = new SweepRunSettings(parse.GetValue(o.Backend)!, null, null, false, SweepDriver.DefaultSegmentTime, false, 0);
        var clock = Stopwatch.StartNew();
        SweepOutcome outcome = SweepExecution.Run(ctx, problem, Planner.Options(problem, request.RunnerUps), settings, progress);
        clock.Stop();
        progress?.Finish();
        if (outcome.Result is null)
            return outcome.Interrupted(ctx);
        PlanAnswer answer = Planner.Summarise(problem, outcome.Result, request.RunnerUps);
        var report = new PlanReport(request, law, problem, answer, outcome.Backend, clock.Elapsed.TotalSeconds) { Runs = RunPlans(planning, problem, answer) };
        if (FormatOption.IsJson(parse, o.Format))
            report.WriteJson(ctx.Out);
        else
        {
            using var text = new FittedWriter(ctx.Out, shown);
            report.WriteText(text);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The reported configurations planned with failures, energy, carbon, price tiers and any Monte Carlo.</summary>
    private static PlannedRuns RunPlans(PlanningSettings settings, SweepProblem problem, PlanAnswer answer)
    {
        List<PlanPoint> points = [.. new[] { answer.Best }.Concat(answer.RunnerUps).Concat(answer.BestPerHardware).OfType<PlanPoint>().DistinctBy(p => p.Index)];
        IReadOnlyList<PlannedRun> runs = PlannedRun.Of(
            [.. points.Select(p => (p.Index, p.Job, p.Result, problem.Hardware[p.Job.Hardware], double.IsFinite(p.Result.CostUsd)))], problem.Spec.Parallel, settings);
        return new PlannedRuns(settings, points.Select((p, i) => (p.Index, runs[i])).ToDictionary(x => x.Index, x => x.Item2));
    }

    /// <summary>Turns the flags into a validated request.</summary>
    private static (PlanRequest, NamedLaw) Resolve(ParseResult parse, Options o)
    {
        NamedLaw law = ScalingLaws.Find(parse.GetValue(o.Law)!)!;
        return (WithGoal(Grid(parse, o, law.Law), parse, o, law), law);
    }

    /// <summary>What to minimise, and the limits, checked against each other.</summary>
    private static PlanRequest WithGoal(PlanRequest grid, ParseResult parse, Options o, NamedLaw law)
    {
        double maxCost = Limit(parse.GetValue(o.MaxCost), "--max-cost-usd", double.MaxValue);
        double maxDays = Limit(parse.GetValue(o.MaxDays), "--max-days", double.MaxValue);
        double targetLoss = parse.GetValue(o.TargetLoss) is string t ? Validate.Number(t, "--target-loss", 0, 100) : 0.0;
        double inference = parse.GetValue(o.InferenceTokens) is string i ? Validate.Number(i, "--inference-tokens", 0, Validate.MaxTokens, minInclusive: true) : 0.0;
        bool time = parse.GetValue(o.Objective) == "time";
        double floor = ComputeOptimal.IrreducibleLoss(law.Law);
        if (targetLoss > 0.0 && targetLoss <= floor)
            throw new InputException($"--target-loss: {Format.Human(targetLoss)} is at or below the irreducible loss of --law {law.Name} ({Format.Human(floor)}); no model reaches it");
        if (targetLoss <= 0.0 && double.IsPositiveInfinity(maxCost) && double.IsPositiveInfinity(maxDays))
            throw new InputException("plan: give a budget (--max-cost-usd), a deadline (--max-days) or --target-loss; without one the lowest loss is unbounded");
        if (targetLoss <= 0.0 && parse.GetResult(o.Objective) is { Implicit: false })
            throw new InputException("--objective: applies with --target-loss; without it the plan minimises predicted loss");
        if (inference > 0.0 && (targetLoss <= 0.0 || time))
            throw new InputException("--inference-tokens: needs --target-loss and --objective cost (training + inference cost at a fixed loss)");
        int top = parse.GetValue(o.Top);
        if (top is < 0 or > 1000)
            throw new InputException($"--top: {top} is out of range; expected 0..1000");
        return grid with
        {
            MaxCostUsd = maxCost,
            MaxDays = maxDays,
            TargetLoss = targetLoss,
            TargetObjective = time ? ObjectiveKind.Time : ObjectiveKind.Cost,
            InferenceTokens = inference,
            RunnerUps = top,
        };
    }

    /// <summary>The axes, accelerators, assumptions and L2 settings.</summary>
    private static PlanRequest Grid(ParseResult parse, Options o, ScalingLaw law)
    {
        double[] gpus = GridAxes.Gpus(parse.GetValue(o.Gpus)!, parse.GetValue(o.MaxGpus));
        bool predict = parse.GetValue(o.Predict);
        if (predict && parse.GetResult(o.Utilization) is { Implicit: false })
            throw new InputException("--utilization: with --predict the utilisation is predicted, not swept");
        var (hardware, specs, prices, _) = PriceSources.Grid(parse.GetValue(o.Hardware), parse.GetValue(o.Price), null, TextWriter.Null);
        if (predict)
            o.Assumptions.RefuseForDerivedShapes(parse);
        return new PlanRequest
        {
            Hardware = specs,
            HardwareNames = [.. hardware.Select(h => h.Name)],
            Parameters = Axis(parse.GetValue(o.Params)!, "--params", 0, Validate.MaxParams),
            TokensPerParam = Axis(parse.GetValue(o.TokensPerParam)!, "--tokens-per-param", 0, 1e6),
            Gpus = gpus,
            Precision = Validate.Precision(parse.GetValue(o.Precision)!, "--precision"),
            Utilizations = predict ? [1.0] : Axis(parse.GetValue(o.Utilization)!, "--utilization", 0, 1),
            Prices = prices,
            Assumptions = o.Assumptions.Resolve(parse, null),
            Parallel = predict ? o.Parallel.Resolve(parse, null, gpus.Length == 1 ? gpus[0] : double.NaN) : default,
            Law = law,
        };
    }

    private static double[] Axis(string text, string flag, double min, double max)
    {
        AxisValues axis = AxisParser.Parse(text, flag);
        return [.. axis.Values.Select(v => Validate.InRange(v, flag, min, max))];
    }

    private static double Limit(string? text, string flag, double max) =>
        text is null ? double.PositiveInfinity : Validate.Number(text, flag, 0, max);
}
