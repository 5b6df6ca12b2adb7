using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli.Output;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>validate</c>: every published run the project knows, predicted, with errors per group.</summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var format = FormatOption.Create();
        var command = new Command("validate", "Predict every published training run the project knows (Megatron-LM Table 1 and projections, "
            + "MT-NLG, BLOOM, llm-foundry) with the L2 model and print published vs predicted, and the error per group.\nExample: computesim validate") { format };
        command.SetAction(parse =>
        {
            var rows = Validator.AllRuns.Select(r => Validator.Predict(r, name => ProfileCatalog.Get(name).Spec, name => ClusterLoader.Get(name).Spec)).ToList();
            if (FormatOption.IsJson(parse, format))
                WriteJson(ctx.Out, rows);
            else
                WriteText(ctx.Out, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Unit(ThroughputMetric m) => m switch
    {
        ThroughputMetric.HardwareTflopsPerGpu => "TFLOP/s/GPU",
        ThroughputMetric.MfuPercent => "MFU %",
        _ => "days",
    };

    private static string LayoutText(in Layout l) =>
        $"t{l.Tp} p{l.Pp} d{l.Dp} b{l.MicroBatch} v{l.Interleave} {l.Recompute.ToString().ToLowerInvariant()}{(l.SequenceParallel != 0 ? " sp" : "")} z{l.Zero}";

    private static void WriteText(TextWriter o, List<ValidationRow> rows)
    {
        var t = new TextTable("group", "run", "metric", "published", "predicted", "error", "layout");
        foreach (ValidationRow r in rows)
        {
            t.Add(r.Run.Group, r.Run.Name, Unit(r.Run.Metric), Format.Human(r.Run.Published), Format.Human(r.Predicted),
                double.IsFinite(r.Predicted) ? Format.Percent(r.RelativeError) : "no fit", r.Choice.Found != 0 ? LayoutText(r.Choice.Layout) : "-");
        }
        t.Write(o);
        o.WriteLine();
        var g = new TextTable("group", "runs", "mean_abs_error", "median_abs_error", "max_abs_error");
        foreach (var group in rows.GroupBy(r => r.Run.Group))
        {
            var errors = group.Where(r => double.IsFinite(r.Predicted)).Select(r => Math.Abs(r.RelativeError)).Order().ToList();
            g.Add(group.Key, group.Count().ToString(CultureInfo.InvariantCulture), Pct(errors.Average()), Pct(Median(errors)), Pct(errors.Max()));
        }
        g.Write(o);
        o.WriteLine();
        o.WriteLine("The framework constants (GEMM share 0.68 of the profile's measured efficiency, 20 us per kernel) were fitted to");
        o.WriteLine("narayanan-2021-table1; every other group is out of sample. llm-foundry runs use FSDP and FlashAttention.");
    }

    private static string Pct(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Median of sorted values.</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static void WriteJson(TextWriter o, List<ValidationRow> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (ValidationRow r in rows)
            {
                w.WriteStartObject();
                w.WriteString("group", r.Run.Group);
                w.WriteString("run", r.Run.Name);
                w.WriteString("metric", Unit(r.Run.Metric));
                JsonRows.WriteValue(w, "published", r.Run.Published);
                JsonRows.WriteValue(w, "predicted", r.Predicted);
                JsonRows.WriteValue(w, "relative_error", double.IsFinite(r.Predicted) ? r.RelativeError : double.NaN);
                w.WriteString("layout", r.Choice.Found != 0 ? LayoutText(r.Choice.Layout) : null);
                w.WriteString("source", r.Run.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
