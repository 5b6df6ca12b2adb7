using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>compare</c>: the same job across GPU generations, side by side.</summary>
internal static class CompareCommand
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
        Option<string?> priceSource = PriceSourceOption.Create();
        var command = new Command("compare", "The same job on each accelerator: time, cost, energy, GPUs needed to fit.\n"
            + "Example: computesim compare --model gpt3-175b --gpus 1024 --precision bf16 --plot compare.png --out compare.csv");
        job.AddTo(command);
        parallel.AddTo(command);
        command.Add(hardware);
        command.Add(priceSource);
        command.Add(format);
        outputs.AddTo(command);
        planning.AddTo(command);
        command.SetAction(parse =>
        {
            outputs.Check(parse);
            CompareResult result = Simulator.Compare(new CompareRequest
            {
                Hardware = GridAxes.Hardware(parse.GetValue(hardware)),
                Job = job.ToRequest(parse, parallel.ExplicitShape(parse)),
                PricesByName = GridAxes.PricesByName(parse.GetValue(job.Price)),
                Layout = parallel.ToRequest(parse),
                Planning = planning.ToRequest(parse),
                PriceSource = parse.GetValue(priceSource),
            });
            // Notes wait until the input is known good: a refusal is one line.
            var notes = new StringWriter();
            foreach (string line in result.Notes)
                notes.WriteLine(line);
            (JobSettings settings, List<Estimate> estimates, IReadOnlyList<PlannedRun> plans, PlanningSettings plan, List<string> skipped) =
                (result.Settings, [.. result.Estimates], result.Plans, result.Planning, [.. result.Skipped]);
            outputs.Write(parse, settings, estimates);
            ctx.Err.Write(notes.ToString());
            if (FormatOption.IsJson(parse, format))
            {
                WriteJson(ctx.Out, estimates, plans, plan);
            }
            else
            {
                WriteTable(ctx.Out, settings, estimates, skipped, plans);
                ctx.Out.WriteLine();
                PlanColumns.WriteNotes(ctx.Out, plan);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteTable(TextWriter o, JobSettings s, List<Estimate> estimates, List<string> skipped, IReadOnlyList<PlannedRun> plans)
    {
        string name = s.ModelName is null ? "" : $"{s.ModelName}, ";
        bool predicted = estimates[0].Predicted is not null;
        o.WriteLine($"{name}{Format.Count(s.Parameters)} params x {Format.Count(s.Tokens)} tokens, {Format.Human(s.Gpus)} GPUs, {PrecisionNames.Name(s.Precision)}, "
            + (predicted ? "utilization predicted per accelerator (L2 model, fastest layout that fits)" : $"utilization {Format.Human(estimates[0].Row.Job.Utilization)}"));
        bool bands = plans.Any(p => p.Bands is not null);
        List<string> headers = ["hardware", "year", "peak_tflops", "mfu", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state", "fits",
            "ettr", "wall_clock_days_with_failures", "cost_usd_with_failures", "co2e_t", "cheaper"];
        if (bands)
            headers.AddRange(["wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90"]);
        var t = new TextTable([.. headers]);
        for (int i = 0; i < estimates.Count; i++)
        {
            Estimate e = estimates[i];
            PointRow r = e.Row;
            PlanResult p = plans[i].Result;
            List<string> cells = [e.Profile.Name, e.Profile.File.LaunchYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Human(e.PeakFlops / TrainingCost.FlopsPerTflop), Format.Human(r.Job.Utilization), Format.Human(r.Result.WallClockDays), Format.Human(r.Result.GpuHours),
                Format.Usd(r.Result.CostUsd), Format.Human(r.Result.EnergyMwh), Format.Human(e.Memory.MinGpusForTrainingState),
                r.FitsMemory ? "yes" : "no", Format.Human(p.Ettr), Format.Human(p.WallClockDays), Format.Usd(p.CostUsd), Format.Human(p.Co2eTonnes), plans[i].Cheaper ?? "n/a"];
            if (plans[i].Bands is Engine.MonteCarloBands b)
                cells.AddRange([PlanColumns.BandText(b.Days, Format.Human), PlanColumns.BandText(b.CostUsd, Format.Usd)]);
            t.Add([.. cells]);
        }
        t.Write(o);
        if (skipped.Count > 0)
            o.WriteLine($"not shown (no {PrecisionNames.Name(s.Precision)}{(predicted ? ", or no measured matmul_efficiency to predict with" : "")}): {string.Join(", ", skipped)}");
        if (estimates.Any(e => !e.Profile.HasPrice && e.Settings.PricePerGpuHourUsd is null))
            o.WriteLine("cost n/a: the profile has no public price (or none of --price-source's class); give --price-per-gpu-hour, or NAME=USD for each");
        if (estimates.Any(e => e.Row.Overflow))
            o.WriteLine(Format.OverflowNote);
    }

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
