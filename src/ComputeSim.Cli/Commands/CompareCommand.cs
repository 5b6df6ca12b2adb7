using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>compare</c>: the same job across GPU generations, side by side.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var job = new JobOptions();
        var parallel = new ParallelOptions(withShape: true);
        var hardware = new Option<string?>("--hardware") { Description = "Comma-separated profile names or .json profile files (default: every profile)" };
        var format = FormatOption.Create();
        var outputs = new CompareOutputs();
        var planning = new PlanningOptions();
        var view = new ViewOptions(CompareTable.Columns);
        Option<string?> priceSource = PriceSources.CreateOption();
        var command = new Command("compare", "The same job on each accelerator: time, cost, energy, GPUs needed to fit.\n"
            + "Example: computesim compare --model gpt3-175b --gpus 1024 --precision bf16 --plot compare.png --out compare.csv");
        job.AddTo(command);
        parallel.AddTo(command);
        command.Add(hardware);
        command.Add(priceSource);
        command.Add(format);
        outputs.AddTo(command);
        planning.AddTo(command);
        view.AddTo(command);
        command.SetAction(parse =>
        {
            TextView shown = view.Resolve(parse, ctx, FormatOption.IsJson(parse, format));
            JobSettings settings = job.Resolve(parse, parallel.ExplicitShape(parse));
            // Notes wait until the input is known good: a refusal is one line.
            var notes = new StringWriter();
            ParallelSettings? predicted = EstimateCommand.Predicted(parse, parallel, settings);
            outputs.Check(parse);
            IReadOnlyList<HardwareProfile> profiles = PriceSources.Select(HardwareList.Resolve(parse.GetValue(hardware), "--hardware"), parse.GetValue(priceSource), notes);
            string? priceText = parse.GetValue(job.Price);
            IReadOnlyDictionary<string, double> named = AcceleratorPrices.Applies(priceText)
                ? AcceleratorPrices.Parse(priceText!, profiles, job.Price.Name) : new Dictionary<string, double>();
            JobSettings For(HardwareProfile p) => named.TryGetValue(p.Name, out double usd) ? settings with { PricePerGpuHourUsd = usd } : settings;
            // Predicting needs the chip's measured GEMM efficiency; chips without it are listed, not guessed.
            var skipped = profiles.Where(p => !p.Supports(settings.Precision) || (predicted is not null && p.File.MatmulEfficiency is null)).Select(p => p.Name).ToList();
            var estimates = profiles.Where(p => !skipped.Contains(p.Name))
                .Select(p => predicted is not null
                    ? Estimation.Run(p, For(p), predicted)
                    : Estimation.Run(p, For(p) with { AchievedTflops = null, Utilization = UtilizationFor(p, settings) }))
                .ToList();
            if (estimates.Count == 0)
                throw new InputException($"--precision: none of the chosen hardware supports {PrecisionNames.Name(settings.Precision)}");
            (ClusterProfile cluster, int gpusPerNode) = parallel.ClusterOf(parse);
            PlanningSettings plan = planning.Resolve(parse, cluster, gpusPerNode, settings.Assumptions);
            IReadOnlyList<PlannedRun> plans = PlannedRun.Of(
                estimates.Select((e, i) => ((long)i, e.Row.Job, e.Row.Result, e.Profile.Spec, double.IsFinite(e.Row.Result.CostUsd))).ToList(), predicted ?? default, plan);
            estimates = estimates.Select(e => e with { Row = e.Row.Planned(e.Profile.Spec, plan.Assumptions) }).ToList();
            PriceSources.WarnIfMixed(estimates.Where(e => double.IsFinite(e.Row.Result.CostUsd))
                .Select(e => (e.Profile, e.Settings.PricePerGpuHourUsd is not null)), notes);
            outputs.Write(parse, settings, estimates);
            ctx.Err.Write(notes.ToString());
            if (FormatOption.IsJson(parse, format))
            {
                WriteJson(ctx.Out, estimates, plans, plan);
            }
            else
            {
                using var o = new FittedWriter(ctx.Out, shown);
                o.WriteLine(AnswerLine.Compare(settings.ModelName, [.. estimates.Select(e => e.Row)]));
                CompareTable.Write(o, settings, estimates, skipped, plans);
                o.WriteLine();
                PlanColumns.WriteNotes(o, plan);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // With --achieved-tflops the same throughput cannot hold on every chip; it is capped at each chip's peak.
    private static double UtilizationFor(HardwareProfile p, JobSettings s) =>
        s.Utilization ?? Math.Min(1.0, s.AchievedTflops!.Value * TrainingCost.FlopsPerTflop / p.Spec.PeakFlops(s.Precision));

    private static void WriteJson(TextWriter o, List<Estimate> estimates, IReadOnlyList<PlannedRun> plans, PlanningSettings plan)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            for (int i = 0; i < estimates.Count; i++)
                EstimateCommand.WriteJsonObject(w, estimates[i], null, (plans[i], plan));
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}

/// <summary>Parses a comma-separated list of hardware names.</summary>
public static class HardwareList
{
    /// <summary>The named profiles, or every profile when <paramref name="text"/> is null or "all".</summary>
    public static IReadOnlyList<HardwareProfile> Resolve(string? text, string flag)
    {
        if (text is null || text.Trim() == "all")
            return ProfileCatalog.All;
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
            throw new InputException($"{flag}: empty name in '{text}'");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException($"{flag}: '{duplicate.Key}' is listed twice");
        return names.Select(ProfileCatalog.Get).ToList();
    }
}
