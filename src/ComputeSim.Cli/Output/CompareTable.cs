using System.Globalization;
using ComputeSim.Api;
using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Planning;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary><c>compare</c>'s table: one row per accelerator, the answer's columns first.</summary>
internal static class CompareTable
{
    /// <summary>Every column, in table order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "hardware", "year", "peak_tflops", "mfu", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state", "fits",
        "ettr", "wall_clock_days_with_failures", "cost_usd_with_failures", "co2e_t", "cheaper", ModelBias, "wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90",
    ];

    /// <summary>The model's median signed error on the published runs most like each row (<see cref="ModelAccuracy"/>), shown
    /// when utilisation is predicted: a comparison of accelerators inherits the model's bias on each.</summary>
    private const string ModelBias = "model_bias";

    /// <summary>The columns shown by default, most important first: those past the terminal's width are dropped from the end.</summary>
    public static IReadOnlyList<string> Defaults { get; } =
    [
        "wall_clock_days", "cost_usd", "mfu", "energy_mwh", "co2e_t", "fits", ModelBias, "wall_clock_days_p10/p50/p90", "cost_usd_p10/p50/p90",
        "cost_usd_with_failures", "peak_tflops", "cheaper",
    ];

    /// <summary>Writes the job, the table and the notes that explain its n/a cells, once each.</summary>
    public static void Write(TextWriter o, JobSettings s, List<Estimate> estimates, List<string> skipped, IReadOnlyList<PlannedRun> plans)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(plans);
        string name = s.ModelName is null ? "" : $"{s.ModelName}, ";
        bool predicted = estimates[0].Predicted is not null;
        o.WriteLine($"{name}{Format.Count(s.Parameters)} params x {Format.Count(s.Tokens)} tokens, {Format.Human(s.Gpus)} GPUs, {PrecisionNames.Name(s.Precision)}, "
            + (predicted ? "utilization predicted per accelerator (L2 model, fastest layout that fits)" : $"utilization {Format.Human(estimates[0].Row.Job.Utilization)}"));
        bool bands = plans.Any(p => p.Bands is not null);
        var t = new TextTable([.. Columns.Take(bands ? Columns.Count : Columns.Count - 2).Where(c => predicted || c != ModelBias)]) { Defaults = Defaults };
        for (int i = 0; i < estimates.Count; i++)
        {
            Estimate e = estimates[i];
            PointRow r = e.Row;
            PlanResult p = plans[i].Result;
            List<string> cells = [e.Profile.Name, e.Profile.File.LaunchYear.ToString(CultureInfo.InvariantCulture),
                Format.Sig(e.PeakFlops / TrainingCost.FlopsPerTflop), Format.Sig(r.Job.Utilization), Format.Sig(r.Result.WallClockDays), Format.Sig(r.Result.GpuHours),
                Format.Sig(r.Result.CostUsd), Format.Sig(r.Result.EnergyMwh), Format.Human(e.Memory.MinGpusForTrainingState),
                r.FitsMemory ? "yes" : "no", Format.Sig(p.Ettr), Format.Sig(p.WallClockDays), Format.Sig(p.CostUsd), Format.Sig(p.Co2eTonnes), plans[i].Cheaper ?? "n/a"];
            if (predicted)
                cells.Add(e.Accuracy is AccuracyBand { SameAccelerator: true } a ? a.SignedErrorText : "n/a");
            if (bands)
            {
                Engine.MonteCarloBands? b = plans[i].Bands;
                cells.AddRange(b is null ? ["n/a", "n/a"] : [PlanColumns.BandText(b.Days, Format.Sig), PlanColumns.BandText(b.CostUsd, Format.Sig)]);
            }
            t.Add([.. cells]);
        }
        t.Write(o);
        if (skipped.Count > 0)
            o.WriteLine($"not shown (no {PrecisionNames.Name(s.Precision)}{(predicted ? ", or no measured matmul_efficiency to predict with" : "")}): {string.Join(", ", skipped)}");
        // Each cause of an n/a cell is said once, under the table.
        if (estimates.Any(e => !e.Profile.HasPrice && e.Settings.PricePerGpuHourUsd is null))
            o.WriteLine("n/a cost: no public price in the profile (or none of --price-source's class); give --price-per-gpu-hour (NAME=USD each)");
        if (predicted)
        {
            bool searched = estimates.Any(e => e.Accuracy is { LayoutSearched: true });
            o.WriteLine($"model_bias: the L2 model's median signed throughput error on the published runs most like each row"
                + (searched ? ", their layouts searched as here" : "") + " (negative: slower than published; "
                + $"n/a: fewer than {ModelAccuracy.MinimumRuns} runs on the accelerator; estimate prints the record)");
        }
        if (estimates.Any(e => e.Row.Overflow))
            o.WriteLine(Format.OverflowNote);
    }
}
