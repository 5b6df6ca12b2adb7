using System.CommandLine;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>estimate</c>: one configuration with a readable breakdown, or one JSON object.</summary>
public static class EstimateCommand
{
    /// <summary>The default accelerator.</summary>
    public const string DefaultHardware = "a100-sxm4-80gb";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var job = new JobOptions();
        var hardware = new Option<string>("--hardware") { Description = "Hardware profile name (see 'profiles list')", DefaultValueFactory = _ => DefaultHardware };
        var format = FormatOption.Create();
        var command = new Command("estimate", "Price one training run: FLOPs, days, GPU-hours, dollars, energy, memory.\n"
            + "Example: computesim estimate --model gpt3-175b --hardware v100-sxm2-32gb --gpus 1024 --achieved-tflops 28");
        job.AddTo(command);
        command.Add(hardware);
        command.Add(format);
        command.SetAction(parse =>
        {
            Estimate e = Estimation.Run(ProfileCatalog.Get(parse.GetValue(hardware)!), job.Resolve(parse));
            if (FormatOption.IsJson(parse, format))
                WriteJson(ctx.Out, e);
            else
                WriteText(ctx.Out, e);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON object of an estimate.</summary>
    public static void WriteJson(TextWriter output, Estimate e)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            WriteJsonObject(w, e);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes an estimate as one object (also used by <c>compare --format json</c>).</summary>
    public static void WriteJsonObject(Utf8JsonWriter w, Estimate e)
    {
        w.WriteStartObject();
        JsonRows.WriteValue(w, "model", e.Settings.ModelName);
        foreach (Column c in PointRow.Columns.Where(c => c.Name != "index"))
            JsonRows.WriteValue(w, c.Name, c.Value(e.Row));
        JsonRows.WriteValue(w, "peak_tflops_per_gpu", e.PeakFlops / 1e12);
        JsonRows.WriteValue(w, "single_gpu_days_at_peak", e.SingleGpuDaysAtPeak);
        JsonRows.WriteValue(w, "price_source", e.PriceBasis);
        JsonRows.WriteValue(w, "pue", e.Settings.Assumptions.Pue);
        JsonRows.WriteValue(w, "active_fraction", e.Settings.Assumptions.ActiveFraction);
        w.WriteStartObject("memory");
        JsonRows.WriteValue(w, "weight_bytes_per_param", e.Settings.Assumptions.WeightBytesPerParam);
        JsonRows.WriteValue(w, "state_bytes_per_param", e.Settings.Assumptions.StateBytesPerParam);
        JsonRows.WriteValue(w, "gpu_memory_bytes", e.Profile.Spec.MemoryBytes);
        JsonRows.WriteValue(w, "weights_bytes", e.Memory.WeightsBytes);
        JsonRows.WriteValue(w, "training_state_bytes", e.Memory.TrainingStateBytes);
        JsonRows.WriteValue(w, "min_gpus_for_weights", e.Memory.MinGpusForWeights);
        JsonRows.WriteValue(w, "min_gpus_for_training_state", e.Memory.MinGpusForTrainingState);
        JsonRows.WriteValue(w, "chip_cost_for_weights_usd", e.Memory.ChipCostForWeightsUsd);
        JsonRows.WriteValue(w, "chip_cost_for_training_state_usd", e.Memory.ChipCostForTrainingStateUsd);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string PriceNote(Estimate e) =>
        e.Settings.PricePerGpuHourUsd is not null ? "--price-per-gpu-hour"
        : e.Profile.HasPrice ? $"profile price, {e.Profile.File.PriceDate}; source in --format json or 'profiles show'"
        : e.PriceBasis;

    private static void WriteText(TextWriter o, Estimate e)
    {
        PointRow r = e.Row;
        JobSettings s = e.Settings;
        string name = s.ModelName is null ? "" : $"{s.ModelName}, ";
        o.WriteLine($"{name}{Format.Count(s.Parameters)} params x {Format.Count(s.Tokens)} tokens on {Format.Human(s.Gpus)} x {e.Profile.File.DisplayName} ({PrecisionNames.Name(s.Precision)})");
        o.WriteLine();
        var t = new TextTable("quantity", "value", "how");
        t.Add("total_flops", Format.Human(r.Result.TotalFlops), $"params x tokens x {TrainingCost.FlopsPerParamPerToken(s.Assumptions.ActiveFraction)} (2 fwd x 3 fwd+bwd x {s.Assumptions.ActiveFraction} active)");
        t.Add("pf_days", Format.Human(TrainingCost.PfDays(r.Result.TotalFlops)), "FLOPs / 8.64e19");
        t.Add("peak_tflops_per_gpu", Format.Human(e.PeakFlops / 1e12), $"dense {PrecisionNames.Name(s.Precision)} peak from the profile");
        t.Add("utilization", Format.Human(r.Job.Utilization), s.AchievedTflops is null ? "--utilization" : "achieved / peak");
        t.Add("achieved_tflops_per_gpu", Format.Human(r.Result.AchievedFlopsPerGpu / 1e12), "peak x utilization");
        t.Add("single_gpu_days_at_peak", Format.Human(e.SingleGpuDaysAtPeak), "FLOPs / peak / 86400");
        t.Add("wall_clock_days", Format.Human(r.Result.WallClockDays), "FLOPs / (GPUs x achieved)");
        t.Add("gpu_hours", Format.Human(r.Result.GpuHours), "GPUs x wall-clock hours");
        t.Add("gpu_days", Format.Human(r.GpuDays), "");
        t.Add("gpu_years", Format.Human(r.GpuDays / TrainingCost.DaysPerYear), "365-day years");
        t.Add("cost_usd", Format.Usd(r.Result.CostUsd), $"GPU-hours x ${Format.Human(r.Job.PricePerGpuHourUsd)} ({PriceNote(e)})");
        t.Add("energy_mwh", Format.Human(r.Result.EnergyMwh), $"{e.Profile.File.BoardPowerW} W x GPUs x time x PUE {s.Assumptions.Pue}");
        t.Write(o);
        if (r.Overflow)
            o.WriteLine(Format.OverflowNote);
        o.WriteLine();
        MemoryEstimate m = e.Memory;
        var mt = new TextTable("memory", "bytes", "min_gpus", "chip_cost_usd");
        mt.Add($"weights ({s.Assumptions.WeightBytesPerParam} B/param)", Format.Human(m.WeightsBytes), Format.Human(m.MinGpusForWeights), Format.Usd(m.ChipCostForWeightsUsd ?? double.NaN));
        mt.Add($"training state ({s.Assumptions.StateBytesPerParam} B/param)", Format.Human(m.TrainingStateBytes), Format.Human(m.MinGpusForTrainingState), Format.Usd(m.ChipCostForTrainingStateUsd ?? double.NaN));
        mt.Write(o);
        o.WriteLine($"{e.Profile.Name} holds {Format.Human(e.Profile.File.MemoryGb)} GB; training state {(r.FitsMemory ? "fits" : "does NOT fit")} on {Format.Human(s.Gpus)} GPUs (fully sharded).");
    }
}

/// <summary><c>--format text|json</c>.</summary>
public static class FormatOption
{
    /// <summary>A new option instance (options cannot be shared between commands).</summary>
    public static Option<string> Create()
    {
        var o = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        o.AcceptOnlyFromAmong("text", "json");
        return o;
    }

    /// <summary>True when JSON was asked for.</summary>
    public static bool IsJson(ParseResult parse, Option<string> option) => parse.GetValue(option) == "json";
}
