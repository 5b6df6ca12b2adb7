using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
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
        var hardware = new Option<string?>("--hardware") { Description = "Comma-separated profile names (default: every profile)" };
        var format = FormatOption.Create();
        var outputs = new CompareOutputs();
        var command = new Command("compare", "The same job on each accelerator: time, cost, energy, GPUs needed to fit.\n"
            + "Example: computesim compare --model gpt3-175b --gpus 1024 --precision bf16 --plot compare.png --out compare.csv");
        job.AddTo(command);
        parallel.AddTo(command);
        command.Add(hardware);
        command.Add(format);
        outputs.AddTo(command);
        command.SetAction(parse =>
        {
            JobSettings settings = job.Resolve(parse);
            ParallelSettings? predicted = EstimateCommand.Predicted(parse, parallel, settings);
            outputs.Check(parse);
            IReadOnlyList<HardwareProfile> profiles = HardwareList.Resolve(parse.GetValue(hardware), "--hardware");
            // Predicting needs the chip's measured GEMM efficiency; chips without it are listed, not guessed.
            var skipped = profiles.Where(p => !p.Supports(settings.Precision) || (predicted is not null && p.File.MatmulEfficiency is null)).Select(p => p.Name).ToList();
            var estimates = profiles.Where(p => !skipped.Contains(p.Name))
                .Select(p => predicted is not null
                    ? Estimation.Run(p, settings, predicted)
                    : Estimation.Run(p, settings with { AchievedTflops = null, Utilization = UtilizationFor(p, settings) }))
                .ToList();
            if (estimates.Count == 0)
                throw new InputException($"--precision: none of the chosen hardware supports {PrecisionNames.Name(settings.Precision)}");
            outputs.Write(parse, settings, estimates);
            if (FormatOption.IsJson(parse, format))
                WriteJson(ctx.Out, estimates);
            else
                WriteTable(ctx.Out, settings, estimates, skipped);
            return ExitCodes.Ok;
        });
        return command;
    }

    // With --achieved-tflops the same throughput cannot hold on every chip; it is capped at each chip's peak.
    private static double UtilizationFor(HardwareProfile p, JobSettings s) =>
        s.Utilization ?? Math.Min(1.0, s.AchievedTflops!.Value * TrainingCost.FlopsPerTflop / p.Spec.PeakFlops(s.Precision));

    private static void WriteTable(TextWriter o, JobSettings s, List<Estimate> estimates, List<string> skipped)
    {
        string name = s.ModelName is null ? "" : $"{s.ModelName}, ";
        bool predicted = estimates[0].Predicted is not null;
        o.WriteLine($"{name}{Format.Count(s.Parameters)} params x {Format.Count(s.Tokens)} tokens, {Format.Human(s.Gpus)} GPUs, {PrecisionNames.Name(s.Precision)}, "
            + (predicted ? "utilization predicted per accelerator (L2 model, fastest layout that fits)" : $"utilization {Format.Human(estimates[0].Row.Job.Utilization)}"));
        var t = new TextTable("hardware", "year", "peak_tflops", "mfu", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state", "fits");
        foreach (Estimate e in estimates)
        {
            PointRow r = e.Row;
            t.Add(e.Profile.Name, e.Profile.File.LaunchYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Human(e.PeakFlops / TrainingCost.FlopsPerTflop), Format.Human(r.Job.Utilization), Format.Human(r.Result.WallClockDays), Format.Human(r.Result.GpuHours),
                Format.Usd(r.Result.CostUsd), Format.Human(r.Result.EnergyMwh), Format.Human(e.Memory.MinGpusForTrainingState),
                r.FitsMemory ? "yes" : "no");
        }
        t.Write(o);
        if (skipped.Count > 0)
            o.WriteLine($"not shown (no {PrecisionNames.Name(s.Precision)}{(predicted ? ", or no measured matmul_efficiency to predict with" : "")}): {string.Join(", ", skipped)}");
        if (estimates.Any(e => !e.Profile.HasPrice && e.Settings.PricePerGpuHourUsd is null))
            o.WriteLine("cost n/a: the profile has no public price; give --price-per-gpu-hour");
        if (estimates.Any(e => e.Row.Overflow))
            o.WriteLine(Format.OverflowNote);
    }

    private static void WriteJson(TextWriter o, List<Estimate> estimates)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (Estimate e in estimates)
                EstimateCommand.WriteJsonObject(w, e);
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
