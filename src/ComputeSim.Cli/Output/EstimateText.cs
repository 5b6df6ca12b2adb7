using ComputeSim.Cli.Commands;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary><c>estimate</c>'s text: one row per quantity, with how it was found.</summary>
internal static class EstimateText
{
    /// <summary>The quantities of the breakdown, by name: what <c>estimate --columns</c> picks from.</summary>
    public static IReadOnlyList<string> Quantities { get; } =
    [
        "total_flops", "pf_days", "peak_tflops_per_gpu", "utilization", "step_time_s", "tokens_per_s", "hfu", "memory_per_gpu_bytes",
        "achieved_tflops_per_gpu", "single_gpu_days_at_peak", "wall_clock_days", "gpu_hours", "gpu_days", "gpu_years", "cost_usd", "energy_mwh",
    ];

    private static string PriceNote(Estimate e) =>
        e.Settings.PricePerGpuHourUsd is not null ? "--price-per-gpu-hour"
        : e.Profile.HasPrice ? $"profile price, {e.Profile.File.PriceDate}; source in --format json or 'profiles show'"
        : e.PriceBasis;

    /// <summary>The "how" of an energy figure: board power, the scope's factor, the scope.</summary>
    internal static string EnergyHow(double boardPowerW, in Assumptions a) =>
        $"{Format.Human(boardPowerW)} W x {Format.Human(a.WattsPerBoardWatt)} x GPUs x time ({Commands.EnergyOptions.Name(a)} scope, see the assumptions)";

    /// <summary>The breakdown of an estimate: quantities with how each is found, the shape, layout and software, runner-up layouts, memory.</summary>
    public static void Write(TextWriter o, Estimate e, IReadOnlyList<(Layout Layout, StepResult Step, StepParts Parts)> runnersUp, string softwareLine)
    {
        PointRow r = e.Row;
        JobSettings s = e.Settings;
        string name = s.ModelName is null ? "" : $"{s.ModelName}, ";
        o.WriteLine($"{name}{Format.Count(s.Parameters)} params x {Format.Count(s.Tokens)} tokens on {Format.Human(s.Gpus)} x {e.Profile.File.DisplayName} ({PrecisionNames.Name(s.Precision)})");
        o.WriteLine();
        var t = new TextTable("quantity", "value", "how") { NamedRows = true };
        t.Add("total_flops", Format.Sig(r.Result.TotalFlops), e.Predicted is not null
            ? "model FLOPs of the shape: layers, s x s attention and logits (Korthikanti 2022 Eq. 7)"
            : $"params x tokens x {Format.Human(TrainingCost.FlopsPerParamPerToken(s.Assumptions.ActiveFraction))} (2 fwd x 3 fwd+bwd x {Format.Human(s.Assumptions.ActiveFraction)} active)");
        t.Add("pf_days", Format.Sig(TrainingCost.PfDays(r.Result.TotalFlops)), "FLOPs / 8.64e19");
        t.Add("peak_tflops_per_gpu", Format.Sig(e.PeakFlops / TrainingCost.FlopsPerTflop), $"dense {PrecisionNames.Name(s.Precision)} peak from the profile");
        t.Add("utilization", Format.Sig(r.Job.Utilization), e.Predicted is not null ? "predicted MFU (L2 model)" : s.AchievedTflops is null ? "--utilization" : "achieved / peak");
        if (e.Predicted is LayoutChoice c)
        {
            t.Add("step_time_s", Format.Sig(c.Step.StepTimeSeconds), "compute + collectives + pipeline bubble");
            t.Add("tokens_per_s", Format.Sig(r.TokensPerSecond), "");
            t.Add("hfu", Format.Sig(c.Step.Hfu(s.Gpus, e.PeakFlops)), "with recomputation FLOPs");
            t.Add("memory_per_gpu_bytes", Format.Sig(c.Step.Memory.TotalBytes), $"of {Format.Human(e.Profile.Spec.MemoryBytes)}: weights {Format.Human(c.Step.Memory.WeightsBytes)}, grads {Format.Human(c.Step.Memory.GradientsBytes)}, optimizer {Format.Human(c.Step.Memory.OptimizerBytes)}, activations {Format.Human(c.Step.Memory.ActivationsBytes)}");
        }
        t.Add("achieved_tflops_per_gpu", Format.Sig(r.Result.AchievedFlopsPerGpu / TrainingCost.FlopsPerTflop), "peak x utilization");
        t.Add("single_gpu_days_at_peak", Format.Sig(e.SingleGpuDaysAtPeak), "FLOPs / peak / 86400");
        t.Add("wall_clock_days", Format.Sig(r.Result.WallClockDays), "FLOPs / (GPUs x achieved)");
        t.Add("gpu_hours", Format.Sig(r.Result.GpuHours), "GPUs x wall-clock hours");
        t.Add("gpu_days", Format.Sig(r.GpuDays), "");
        t.Add("gpu_years", Format.Sig(r.GpuDays / TrainingCost.DaysPerYear), "365-day years");
        // No price is 0 inside the model; here it is the reason, never "$0".
        t.Add("cost_usd", Format.Sig(r.Result.CostUsd), r.Job.PricePerGpuHourUsd > 0.0 ? $"GPU-hours x ${Format.Human(r.Job.PricePerGpuHourUsd)} ({PriceNote(e)})" : PriceNote(e));
        t.Add("energy_mwh", Format.Sig(r.Result.EnergyMwh), EnergyHow(e.Profile.File.BoardPowerW, s.Assumptions));
        t.Write(o);
        if (e.Predicted is LayoutChoice chosen)
        {
            TransformerShape shape = s.Shape!.Value;
            o.WriteLine($"shape: {Commands.EstimateCommand.ShapeText(shape)}");
            o.WriteLine($"global batch: {Format.Human(Math.Round(chosen.Step.ModelFlopsPerStep / shape.ModelFlopsPerSequence))} sequences of {shape.SeqLen} tokens");
            o.WriteLine($"layout: {LayoutJson.Text(chosen.Layout)} (fastest that fits, of {chosen.Evaluated:N0} valid layouts)");
            o.WriteLine(softwareLine);
            if (e.MfuNote is not null)
                o.WriteLine(e.MfuNote);
            if (e.Accuracy is not null)
                o.WriteLine(e.Accuracy.Text);
            if (e.StepParts is StepParts parts)
                WriteStepParts(o, parts);
        }
        if (runnersUp.Count > 0)
        {
            o.WriteLine();
            // What each layout spends besides computing: the pipeline's bubble and the communication it leaves exposed.
            // The layout, the widest cell, goes last, where a long one wraps.
            var lt = new TextTable("#", "step_time_s", "pipeline_bubble_s", "exposed_communication_s", "memory_per_gpu_bytes", "layout");
            int rank = 1;
            foreach (var (layout, step, parts) in runnersUp)
            {
                lt.Add((rank++).ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Sig(step.StepTimeSeconds), Format.Sig(parts.PipelineBubbleSeconds),
                    Format.Sig(parts.CommunicationSeconds), Format.Sig(step.Memory.TotalBytes), LayoutJson.Text(layout));
            }
            lt.Write(o);
        }
        if (r.Overflow)
            o.WriteLine(Format.OverflowNote);
        o.WriteLine();
        MemoryEstimate m = e.Memory;
        var mt = new TextTable("memory", "bytes", "min_gpus", "chip_cost_usd");
        mt.Add($"weights ({s.Assumptions.WeightBytesPerParam} B/param)", Format.Sig(m.WeightsBytes), Format.Human(m.MinGpusForWeights), Format.Sig(m.ChipCostForWeightsUsd ?? double.NaN));
        mt.Add($"training state ({s.Assumptions.StateBytesPerParam} B/param)", Format.Sig(m.TrainingStateBytes), Format.Human(m.MinGpusForTrainingState), Format.Sig(m.ChipCostForTrainingStateUsd ?? double.NaN));
        mt.Write(o);
        o.WriteLine($"{e.Profile.Name} holds {Format.Human(e.Profile.File.MemoryGb)} GB; training state {(r.FitsMemory ? "fits" : "does NOT fit")} on {Format.Human(s.Gpus)} GPUs (fully sharded).");
    }

    // Where the step's seconds go, each part with its share of the step.
    private static void WriteStepParts(TextWriter o, in StepParts parts)
    {
        o.WriteLine();
        var t = new TextTable("step part", "seconds", "share", "what") { NamedRows = true };
        double step = parts.Total;
        foreach (StepPartField f in StepPartFields.All)
        {
            double seconds = f.Seconds(parts);
            t.Add(f.Name, Format.Sig(seconds), step > 0 ? (100.0 * seconds / step).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "", f.Description);
        }
        t.Write(o);
    }
}
