using System.CommandLine;
using System.Diagnostics;
using ComputeSim.Cli.Options;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>plan</c>: the model size, tokens, accelerator and cluster that minimise predicted loss within limits, or reach a target loss cheapest.</summary>
internal static class PlanCommand
{
    private sealed class Options
    {
        public readonly TypedOption<double?> MaxCost = TypedOptions.OptionalNumber("--max-cost-usd", "Budget for training, USD", "--budget-usd");
        public readonly TypedOption<double?> MaxDays = TypedOptions.OptionalNumber("--max-days", "Deadline, wall-clock days", "--deadline-days");
        public readonly TypedOption<double?> MaxGpus = TypedOptions.OptionalNumber("--max-gpus", "Largest cluster allowed");
        public readonly Option<string?> Hardware = new("--hardware") { Description = "Comma-separated profile names (or .json profile files) to choose from, or 'all' (default: every profile with a public price)" };
        public readonly Option<string?> Price = new("--price-per-gpu-hour") { Description = "USD per GPU-hour: an axis for every accelerator (2.5,4), or one price each (h100-sxm5-80gb=3.99,mi300x=2.59; the rest at their profile's); default: each profile's dated price" };
        public readonly Option<string> Law = new("--law") { Description = $"Scaling law: {string.Join(", ", ScalingLaws.All.Select(l => l.Name))} (default {ScalingLaws.DefaultName}: the replication's refit, consistent with Hoffmann's Approaches 1 and 2)", DefaultValueFactory = _ => ScalingLaws.DefaultName };
        public readonly TypedOption<double?> TargetLoss = TypedOptions.OptionalNumber("--target-loss", "Reach this predicted loss at the lowest cost (or time, with --objective time) instead of minimising loss");
        public readonly Option<string> Objective = new("--objective") { Description = "With --target-loss: what to minimise", DefaultValueFactory = _ => "cost" };
        public readonly TypedOption<double?> InferenceTokens = TypedOptions.OptionalNumber("--inference-tokens", "Tokens the model will serve; with --target-loss, minimise training + inference cost (Sardana et al. 2024)");
        public readonly Option<string> Params = new("--params") { Description = "Candidate parameter counts", DefaultValueFactory = _ => GridDefaults.PlanParams };
        public readonly Option<string> TokensPerParam = new("--tokens-per-param") { Description = "Candidate training tokens per parameter", DefaultValueFactory = _ => GridDefaults.PlanTokensPerParam };
        public readonly Option<string> Gpus = new("--gpus") { Description = "Candidate cluster sizes", DefaultValueFactory = _ => GridDefaults.PlanGpus };
        public readonly Option<string> Precision = new("--precision") { Description = "Matrix precision", DefaultValueFactory = _ => PrecisionNames.Name(Defaults.PlanPrecision) };
        public readonly Option<string> Utilization = new("--utilization") { Description = "Utilisation axis (MFU, 0..1) for the L0 model", DefaultValueFactory = _ => JobOptions.DefaultUtilization };
        public readonly Option<bool> Predict = new("--predict") { Description = "Predict utilisation (L2): search the layouts for the fastest that fits at every point (slower; use coarser --params and --tokens-per-param)" };
        public readonly AssumptionOptions Assumptions = new();
        public readonly ParallelOptions Parallel = new(withShape: false);
        public readonly PlanningOptions Planning = new();
        public readonly TypedOption<BackendKind> Backend = TypedOptions.Backend("--backend", "Where the sweep runs", BackendKind.Auto);
        public readonly Option<int> Top = new("--top") { Description = "Runner-ups to print", DefaultValueFactory = _ => 5 };
        public readonly Option<string> Format = FormatOption.Create();
        public readonly Option<bool> Quiet = new("--quiet") { Description = "No progress bar" };
        // The breakdown repeats some table columns by name: each is offered once.
        public readonly ViewOptions View = new([.. new[] { PlanReport.Columns, PlanReport.Quantities, PlanColumns.Values.Select(v => v.Name) }.SelectMany(n => n).Distinct()]);

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
        PlanRequest request = ToRequest(parse, o);
        // A total for the progress bar; the library validates the same request again, cheaply.
        long total = Planner.Problem(request.Resolve(TextWriter.Null).Grid).Total;
        using ProgressBar? progress = ProgressBar.ForTerminal(ctx, total, parse.GetValue(o.Quiet));
        var clock = Stopwatch.StartNew();
        PlanOutcome plan;
        try
        {
            plan = Simulator.Plan(request, progress, ctx.Cancel);
        }
        catch (OperationCanceledException) when (ctx.Cancel.IsCancellationRequested)
        {
            ctx.Err.WriteLine("computesim: interrupted; nothing was written");
            return SweepExecution.InterruptedExitCode;
        }
        clock.Stop();
        progress?.Finish();
        var report = new PlanReport(plan.Grid, plan.Law, plan.Problem, plan.Answer, plan.Backend, clock.Elapsed.TotalSeconds)
        {
            Runs = new PlannedRuns(plan.Planning, plan.Plans),
        };
        if (FormatOption.IsJson(parse, o.Format))
            report.WriteJson(ctx.Out);
        else
        {
            using var text = new FittedWriter(ctx.Out, shown);
            report.WriteText(text);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The request the flags describe; grammar errors name the flag, the library checks the rest.</summary>
    private static PlanRequest ToRequest(ParseResult parse, Options o)
    {
        bool predict = parse.GetValue(o.Predict);
        if (predict && parse.GetResult(o.Utilization) is { Implicit: false })
            throw new InputException("--utilization: with --predict the utilisation is predicted, not swept");
        if (parse.GetValue(o.TargetLoss) is null && parse.GetResult(o.Objective) is { Implicit: false })
            throw new InputException("--objective: applies with --target-loss; without it the plan minimises predicted loss");
        string? price = parse.GetValue(o.Price);
        return new PlanRequest
        {
            MaxCostUsd = parse.GetValue(o.MaxCost),
            MaxDays = parse.GetValue(o.MaxDays),
            MaxGpus = parse.GetValue(o.MaxGpus),
            Hardware = GridAxes.Hardware(parse.GetValue(o.Hardware)),
            PriceAxis = GridAxes.PriceAxis(price),
            PricesByName = GridAxes.PricesByName(price),
            Law = parse.GetValue(o.Law)!,
            TargetLoss = parse.GetValue(o.TargetLoss),
            Objective = parse.GetValue(o.Objective) == "time" ? ObjectiveKind.Time : ObjectiveKind.Cost,
            InferenceTokens = parse.GetValue(o.InferenceTokens) ?? 0.0,
            Params = AxisParser.Parse(parse.GetValue(o.Params)!, "--params").Values,
            TokensPerParam = AxisParser.Parse(parse.GetValue(o.TokensPerParam)!, "--tokens-per-param").Values,
            Gpus = AxisParser.Parse(parse.GetValue(o.Gpus)!, "--gpus", wholeNumbers: true).Values,
            Precision = Validate.Precision(parse.GetValue(o.Precision)!, "--precision"),
            Utilizations = AxisParser.Parse(parse.GetValue(o.Utilization)!, "--utilization").Values,
            Predict = predict,
            Assumptions = o.Assumptions.ToRequest(parse),
            Layout = o.Parallel.ToRequest(parse),
            Planning = o.Planning.ToRequest(parse),
            Backend = parse.GetValue(o.Backend),
            Top = parse.GetValue(o.Top),
        };
    }
}
