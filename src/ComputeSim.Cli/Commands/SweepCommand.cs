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

/// <summary><c>sweep</c>: a grid over any axes, reduced to what was asked for.</summary>
internal static class SweepCommand
{
    /// <summary>Default file-size limit for <c>--out</c>.</summary>
    public const double DefaultMaxOutputMb = 2048;

    private sealed class Options
    {
        public readonly Option<string> Params = new("--params") { Description = "Parameters axis: list (7B,70B), range (1e8..1e13:log:512) or powers of two (8..1024:pow2)", DefaultValueFactory = _ => GridDefaults.SweepParams };
        public readonly Option<string> Tokens = new("--tokens") { Description = "Tokens axis, or multiples of params (20x, 10x..40x:lin:4)", DefaultValueFactory = _ => $"{GridDefaults.SweepTokensPerParam}x" };
        public readonly Option<string> Gpus = new("--gpus") { Description = "GPUs axis", DefaultValueFactory = _ => GridDefaults.SweepGpus };
        public readonly Option<string?> Hardware = new("--hardware") { Description = "Comma-separated profile names or .json profile files, or 'all' (default: every profile with a public price)" };
        public readonly Option<string> Precision = new("--precision") { Description = "Comma-separated precisions (fp16 = bf16 peak where bf16 exists)", DefaultValueFactory = _ => "fp16" };
        public readonly Option<string> Utilization = new("--utilization") { Description = "Utilisation axis (MFU, 0..1)", DefaultValueFactory = _ => JobOptions.DefaultUtilization };
        public readonly Option<string?> Price = new("--price-per-gpu-hour") { Description = "USD per GPU-hour: an axis for every accelerator (2.5,4), or one price each (h100-sxm5-80gb=3.2,mi300x=2.1; the others keep their profile's) (default: each profile's dated price)" };
        public readonly Option<string?> PriceSource = PriceSourceOption.Create();
        public readonly AssumptionOptions Assumptions = new();
        public readonly TypedOption<BackendKind> Backend = TypedOptions.Backend("--backend", "Where the sweep runs", BackendKind.Auto);
        public readonly Option<string> Objective = new("--objective") { Description = "What to minimise", DefaultValueFactory = _ => "cost" };
        public readonly TypedOption<double?> MaxDays = TypedOptions.OptionalNumber("--max-days", "Deadline: wall-clock days");
        public readonly TypedOption<double?> MaxCost = TypedOptions.OptionalNumber("--max-cost-usd", "Budget: USD");
        public readonly Option<string?> MaxGpus = new("--max-gpus") { Description = "Largest cluster allowed" };
        public readonly Option<bool> MustFit = new("--must-fit") { Description = "Keep only points whose training state fits in the cluster's memory" };
        public readonly Option<int> Top = new("--top") { Description = "How many best points to print", DefaultValueFactory = _ => 10 };
        public readonly Option<bool> Pareto = new("--pareto") { Description = "Also print the Pareto front of wall-clock days vs cost" };
        public readonly Option<string?> Out = new("--out") { Description = $"Write every point to FILE ({RowFileFormats.ExtensionList})" };
        public readonly Option<string> MaxOutputMb = new("--max-output-mb") { Description = "Refuse --out files larger than this", DefaultValueFactory = _ => DefaultMaxOutputMb.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        public readonly Option<string> Format = FormatOption.Create();
        public readonly Option<bool> Quiet = new("--quiet") { Description = "No progress bar" };
        public readonly Option<bool> Predict = new("--predict") { Description = "Predict utilisation (L2): derive each point's shape from its params and search the layouts for the fastest that fits" };
        public readonly ParallelOptions Parallel = new(withShape: false);
        public readonly PlanningOptions Planning = new();
        public readonly SweepRunOptions Execution = new();
        public readonly ShardOptions Shards = new();
        public readonly SweepPlotOptions Plots = new();
        public readonly Spec.SweepSpecOptions Spec = new();
        public readonly ViewOptions View = new(SweepSummary.Columns);

        public Options() => Objective.AcceptOnlyFromAmong("cost", "time", "energy");

        /// <summary>Flags whose default means nothing with the others given: a predicted sweep has no utilisation axis.</summary>
        public bool Unused(ParseResult parse, Option option) => option == Utilization && parse.GetValue(Predict);
    }

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var o = new Options();
        var command = new Command("sweep", "Evaluate a grid of configurations and keep the best, the best per hardware and the Pareto front.\n"
            + "Example: computesim sweep --params 1e9..1e12:log:64 --tokens 20x --gpus 8..16384:pow2 --hardware h100-sxm5-80gb,mi300x --max-days 90 --pareto\n"
            + "Example: computesim sweep --spec examples/sweep-175b.yaml --plot scaling.png --out points.parquet");
        foreach (Option option in new Option[] { o.Params, o.Tokens, o.Gpus, o.Hardware, o.Precision, o.Utilization, o.Price, o.PriceSource })
            command.Add(option);
        o.Assumptions.AddTo(command);
        foreach (Option option in new Option[] { o.Backend, o.Objective, o.MaxDays, o.MaxCost, o.MaxGpus, o.MustFit, o.Top, o.Pareto, o.Out, o.MaxOutputMb, o.Format, o.Quiet, o.Predict })
            command.Add(option);
        o.Parallel.AddTo(command);
        o.Planning.AddTo(command);
        o.Execution.AddTo(command);
        o.Shards.AddTo(command);
        o.Plots.AddTo(command);
        o.Spec.AddTo(command);
        o.View.AddTo(command);
        command.SetAction(parse => o.Spec.Run(ctx, command, parse, merged => Run(ctx, merged, o), o.Unused, merged => ToRequest(merged, o)));
        return command;
    }

    /// <summary><c>merge</c>: the sweep flags again, plus the partial results of every shard.</summary>
    public static Command CreateMerge(CliContext ctx)
    {
        var o = new Options();
        // Zero or more, so that a spec's fields can be checked one by one; Shards.Merge asks for at least one.
        var files = new Argument<string[]>("partials") { Description = "Partial-result files written by sweep --shard I/N --partial-out", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("merge", "Combine the partial results of a sharded sweep into the result one process would print (exact: same top-k, "
            + "best per hardware and Pareto front). Give the same sweep flags (or --spec) as the shards.\n"
            + "Example: computesim merge --spec examples/sweep-175b.yaml parts/part-*.json") { files };
        // An unknown option would land in the file list and be reported as a file that cannot be read.
        files.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.Length > 1 && t.Value[0] == '-') is { } option)
                result.AddError($"merge: unknown option '{option.Value}' (a partial file whose name starts with '-' can be given as ./{option.Value})");
        });
        foreach (Option option in new Option[] { o.Params, o.Tokens, o.Gpus, o.Hardware, o.Precision, o.Utilization, o.Price, o.PriceSource })
            command.Add(option);
        o.Assumptions.AddTo(command);
        foreach (Option option in new Option[] { o.Objective, o.MaxDays, o.MaxCost, o.MaxGpus, o.MustFit, o.Top, o.Pareto, o.Format, o.Predict })
            command.Add(option);
        foreach (Option option in new Option[] { o.Backend, o.Quiet })
            command.Add(option); // accepted so one spec serves the shards and the merge; a merge computes nothing
        o.Execution.AddVerifyTo(command);
        o.Parallel.AddTo(command);
        o.Planning.AddTo(command);
        o.Plots.AddTo(command);
        o.Spec.AddTo(command);
        o.View.AddTo(command);
        command.SetAction(parse => o.Spec.Run(ctx, command, parse, merged =>
        {
            TextView shown = o.View.Resolve(merged, ctx, FormatOption.IsJson(merged, o.Format));
            var notes = new StringWriter();
            SweepProblem problem = BuildProblem(merged, o, notes, out (HardwareProfile Profile, bool Given)[] pricing);
            SweepOptions options = o.Plots.Prepare(merged, SelectionOptions(merged, o));
            // Heatmap and scaling plots are binned over every point, which partial results do not keep.
            bool binned = options.Bins is not null;
            if (binned)
                ctx.Err.WriteLine("note: merge skips this --plot-kind (it needs every point); pareto plots merge, or run one sweep for it");
            options = options with { Bins = null };
            double? tolerance = o.Execution.VerifyToleranceIfAsked(merged);
            var clock = Stopwatch.StartNew();
            PartialSweep all = Sweep.Shards.Merge(problem, options, merged.GetValue(files)!);
            SweepResult result = all.Accumulator.ToResult();
            double seconds = clock.Elapsed.TotalSeconds;
            // A merge computed nothing: --verify recomputes the kept points and re-derives what the files claim.
            VerifyReport? verify = tolerance is double t
                ? Verification.Kept(problem, result, t) with { Reductions = ReductionCheck.Run(problem, options, all.Ranges, all.Accumulator.Snapshot()) }
                : null;
            var summary = WithPlans(new SweepSummary(problem, result, $"merge of {merged.GetValue(files)!.Length} partial results", seconds, null) { Verify = verify },
                ResolvePlanning(merged, o, problem), ctx);
            bool json = FormatOption.IsJson(merged, o.Format);
            using var text = new FittedWriter(ctx.Out, shown);
            if (json)
                summary.WriteJson(ctx.Out);
            else
                summary.WriteText(text);
            if (!binned)
                o.Plots.Write(merged, problem, result, json ? null : text);
            int code = SweepOutcomeText.VerifyExitCode(ctx, verify);
            PriceNotes(ctx, notes, problem, result, pricing, code);
            return code;
        }, o.Unused, merged => ToRequest(merged, o)));
        return command;
    }

    private static SweepOptions SelectionOptions(ParseResult parse, Options o)
    {
        int top = parse.GetValue(o.Top);
        if (top is < 0 or > 100_000)
            throw new InputException($"--top: {top} is out of range; expected 0..100000");
        return new SweepOptions(top, parse.GetValue(o.Pareto));
    }

    private static int Run(CliContext ctx, ParseResult parse, Options o)
    {
        TextView shown = o.View.Resolve(parse, ctx, FormatOption.IsJson(parse, o.Format));
        var notes = new StringWriter();
        SweepProblem problem = BuildProblem(parse, o, notes, out (HardwareProfile Profile, bool Given)[] pricing);
        var options = o.Plots.Prepare(parse, SelectionOptions(parse, o));
        string? outPath = parse.GetValue(o.Out);
        if (outPath is not null)
            CheckOutputSize(problem, outPath, Validate.Number(parse.GetValue(o.MaxOutputMb)!, "--max-output-mb", 0, 1e9));

        PlanningSettings planning = ResolvePlanning(parse, o, problem);
        SweepRunSettings settings = o.Execution.Resolve(parse, parse.GetValue(o.Backend), outPath) with { Planning = planning.Assumptions };
        Shard? shard = o.Shards.Resolve(parse, problem.Total, Environment.GetEnvironmentVariable);
        // Partial results and checkpoints hold top-k, best per hardware and the front, not a plot's bins.
        if (options.Bins is not null && settings.CheckpointDir is not null && shard is null)
            throw new InputException("--plot: a heatmap cannot be resumed from --checkpoint; drop one of them");

        using ProgressBar? progress = ProgressBar.ForTerminal(ctx, problem.Total, parse.GetValue(o.Quiet));
        if (shard is not null)
        {
            if (outPath is not null || settings.Verify)
                throw new InputException("--shard: writes only a partial result; drop --out and --verify (merge --verify checks the shards)");
            // A spec shared by the shards and the merge may name a plot: the merge draws those it can.
            if (parse.GetValue(o.Plots.Plot) is not null)
                ctx.Err.WriteLine("note: --shard skips --plot; 'computesim merge' draws pareto plots");
            return Sweep.Shards.Run(ctx, problem, options with { Bins = null }, settings with { Shard = shard }, progress);
        }
        var clock = Stopwatch.StartNew();
        SweepOutcome outcome = SweepExecution.Run(problem, options, settings, ctx.Hooks(progress));
        clock.Stop();
        progress?.Finish();
        if (outcome.Result is null)
            return outcome.Interrupted(ctx);

        var summary = WithPlans(new SweepSummary(problem, outcome.Result, outcome.Backend, clock.Elapsed.TotalSeconds, outPath) { Verify = outcome.Verify, Resumed = outcome.Resumed }, planning, ctx);
        bool json = FormatOption.IsJson(parse, o.Format);
        using var text = new FittedWriter(ctx.Out, shown);
        if (json)
            summary.WriteJson(ctx.Out);
        else
            summary.WriteText(text);
        o.Plots.Write(parse, problem, outcome.Result, json ? null : text);
        int exit = outcome.ExitCode(ctx);
        PriceNotes(ctx, notes, problem, outcome.Result, pricing, exit);
        return exit;
    }

    /// <summary>
    /// The price notes (profiles set aside by --price-source) and a warning when the ranked points (top, best per
    /// hardware, Pareto front) carry prices of more than one class; only after a successful run, so that a failure stays one line.
    /// </summary>
    private static void PriceNotes(CliContext ctx, StringWriter notes, SweepProblem problem, SweepResult result, (HardwareProfile Profile, bool Given)[] pricing, int exitCode)
    {
        if (exitCode != ExitCodes.Ok)
            return;
        ctx.Err.Write(notes.ToString());
        PriceSources.WarnIfMixed(result.Top.Concat(result.Pareto).Concat(result.BestPerHardware.OfType<RankedPoint>())
            .Select(p => pricing[problem.HardwareOf(p.Index)]), ctx.Err);
    }

    /// <summary>The planning flags, resolved before the sweep runs so that bad input fails fast.</summary>
    private static PlanningSettings ResolvePlanning(ParseResult parse, Options o, SweepProblem problem)
    {
        (ClusterProfile cluster, int gpusPerNode) = o.Parallel.ClusterOf(parse, problem.HardwareNames);
        PlanningSettings planning = o.Planning.Resolve(parse, cluster, gpusPerNode, problem.Spec.Assumptions);
        PlannedRun.CheckDraws(planning, problem.Spec.Parallel.Enabled != 0);
        return planning;
    }

    /// <summary>The summary with the kept points planned (failures, energy, carbon, money, Monte Carlo).</summary>
    private static SweepSummary WithPlans(SweepSummary summary, PlanningSettings planning, CliContext ctx) =>
        summary with { Planning = planning, Plans = SweepPlans.For(summary.Problem, summary.Result, planning, line => ctx.Err.WriteLine($"computesim: {line}")) };

    /// <summary>Turns the flags into a validated problem.</summary>
    private static SweepProblem BuildProblem(ParseResult parse, Options o, TextWriter err, out (HardwareProfile Profile, bool Given)[] pricing) =>
        ToRequest(parse, o).Problem(err, out pricing);

    /// <summary>The request the flags describe; grammar errors name the flag, the library checks the rest.</summary>
    private static SweepRequest ToRequest(ParseResult parse, Options o)
    {
        AxisValues tokens = AxisParser.Parse(parse.GetValue(o.Tokens)!, "--tokens", allowPerParam: true);
        bool predict = parse.GetValue(o.Predict);
        if (!predict && o.Parallel.FirstGiven(parse) is Option layoutFlag)
            throw new InputException($"{layoutFlag.Name}: applies only with --predict (the L2 model); add --predict, or drop {layoutFlag.Name}");
        if (predict && parse.GetResult(o.Utilization) is { Implicit: false })
            throw new InputException("--utilization: with --predict the utilisation is predicted, not swept");
        string? price = parse.GetValue(o.Price);
        string? maxGpus = parse.GetValue(o.MaxGpus);
        return new SweepRequest
        {
            Params = AxisParser.Parse(parse.GetValue(o.Params)!, "--params").Values,
            Tokens = tokens.Values,
            TokensPerParam = tokens.PerParam,
            Gpus = AxisParser.Parse(parse.GetValue(o.Gpus)!, "--gpus", wholeNumbers: true).Values,
            MaxGpus = maxGpus is null ? null : Validate.Parse(maxGpus, "--max-gpus"),
            Hardware = GridAxes.Hardware(parse.GetValue(o.Hardware)),
            Precisions = Validate.Precisions(parse.GetValue(o.Precision)!, "--precision"),
            // A predicted sweep has no utilisation axis: the request's default, which the library takes as none given.
            Utilizations = predict ? [Defaults.Utilization.Value] : AxisParser.Parse(parse.GetValue(o.Utilization)!, "--utilization").Values,
            PriceAxis = GridAxes.PriceAxis(price),
            PricesByName = GridAxes.PricesByName(price),
            PriceSource = parse.GetValue(o.PriceSource),
            Assumptions = o.Assumptions.ToRequest(parse),
            Objective = parse.GetValue(o.Objective) switch
            {
                "time" => ObjectiveKind.Time,
                "energy" => ObjectiveKind.Energy,
                "cost" => ObjectiveKind.Cost,
                var other => throw new InputException($"--objective: '{other}' is not cost, time or energy"),
            },
            MaxDays = parse.GetValue(o.MaxDays),
            MaxCostUsd = parse.GetValue(o.MaxCost),
            MustFit = parse.GetValue(o.MustFit),
            Top = parse.GetValue(o.Top),
            Pareto = parse.GetValue(o.Pareto),
            Predict = predict,
            Layout = o.Parallel.ToRequest(parse),
            Planning = o.Planning.ToRequest(parse),
            Backend = parse.GetValue(o.Backend),
        };
    }

    private static void CheckOutputSize(SweepProblem problem, string path, double maxMb)
    {
        ComputeSim.Io.OutputTarget.Check(path, "--out");
        int perRow = RowFileFormats.BytesPerRowBound(RowFileFormats.Of(path, "--out"));
        double mb = (double)problem.Total * perRow / 1e6;
        if (mb > maxMb)
        {
            throw new InputException($"--out: {problem.Total:N0} points would need up to {Format.Human(Math.Ceiling(mb))} MB, over --max-output-mb {Format.Human(maxMb)}; "
                + "shorten an axis, or drop --out and use --top/--pareto");
        }
        OutputLimits.CheckFreeSpace(path, mb, "--out");
    }
}
