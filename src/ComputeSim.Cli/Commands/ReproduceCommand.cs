using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli.Output;

namespace ComputeSim.Cli.Commands;

/// <summary><c>reproduce seed</c>: the seed report's figures next to ComputeSim's.</summary>
internal static class ReproduceCommand
{
    /// <summary>Exit code when a figure falls outside its tolerance.</summary>
    public const int OutOfTolerance = 3;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var format = FormatOption.Create();
        var seed = new Command("seed", "Every figure of the seed report's compute section (GPT-3 Table D.1, V100 days, GPU-years, cloud cost, chips to hold the weights) "
            + "with ComputeSim's value and the relative difference, plus the corrected training-state figure.\nExample: computesim reproduce seed");
        seed.Add(format);
        seed.SetAction(parse =>
        {
            IReadOnlyList<SeedFigure> figures = SeedReproduction.Figures();
            if (FormatOption.IsJson(parse, format))
                WriteJson(ctx.Out, figures);
            else
                WriteText(ctx.Out, figures);
            return figures.All(f => f.Within) ? ExitCodes.Ok : OutOfTolerance;
        });
        var command = new Command("reproduce", "Reproduce published figures.") { seed };
        return command;
    }

    private static void WriteText(TextWriter o, IReadOnlyList<SeedFigure> figures)
    {
        var t = new TextTable("figure", "unit", "published", "computesim", "difference", "tolerance", "ok");
        foreach (SeedFigure f in figures)
        {
            t.Add(f.Figure, f.Unit, f.Published is double p ? Format.Human(p) : "-", Format.Human(f.Computed),
                f.RelativeDifference is double d ? Format.Percent(d) : "-",
                f.TolerancePercent is double tol ? tol.ToString("0.##", CultureInfo.InvariantCulture) + "%" : "-",
                f.Published is null ? "added" : f.Within ? "yes" : "NO");
        }
        t.Write(o);
        o.WriteLine();
        o.WriteLine("Sources and tolerances:");
        foreach (string basis in figures.Select(f => f.Basis).Distinct())
            o.WriteLine($"  - {basis}");
        int failed = figures.Count(f => !f.Within);
        o.WriteLine(failed == 0
            ? $"All {figures.Count(f => f.Published is not null)} published figures reproduced within tolerance."
            : $"{failed} figure(s) outside tolerance.");
    }

    private static void WriteJson(TextWriter o, IReadOnlyList<SeedFigure> figures)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (SeedFigure f in figures)
            {
                w.WriteStartObject();
                w.WriteString("figure", f.Figure);
                w.WriteString("unit", f.Unit);
                JsonRows.WriteValue(w, "published", f.Published);
                JsonRows.WriteValue(w, "computed", f.Computed);
                JsonRows.WriteValue(w, "relative_difference", f.RelativeDifference);
                JsonRows.WriteValue(w, "tolerance_percent", f.TolerancePercent);
                w.WriteBoolean("within_tolerance", f.Within);
                w.WriteString("basis", f.Basis);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
