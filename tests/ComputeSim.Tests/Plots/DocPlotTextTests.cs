using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ComputeSim.Api;
using ComputeSim.Cli.Plots;
using ComputeSim.Docs;
using ComputeSim.Tests.Cli;
using ComputeSim.Tests.Docs;

namespace ComputeSim.Tests.Plots;

/// <summary>
/// Each plot in the docs, drawn again by its own command as SVG, shows titles, axes, ticks and legends that
/// come from the data: the same command's JSON rows. The texts are read back from the SVG, so what is checked
/// is what was drawn.
/// </summary>
public sealed partial class DocPlotTextTests : IDisposable
{
    private static readonly string Root = TestData.RepoRoot;
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-docplots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> DocImages() =>
        [.. Images().Select(i => i.Path)];

    private static IEnumerable<PlotImage> Images() =>
        DocParser.DocFiles(Root).SelectMany(f => DocParser.Read(Root, f).Images)
            .Where(i => i.Command is string c && ShellWords.Split(c) is [_, "sweep" or "compare", ..]);

    /// <summary>A text of the SVG and where its anchor is, in pixels from the top left.</summary>
    private sealed record SvgText(string Text, double X, double Y);

    [Theory]
    [MemberData(nameof(DocImages))]
    public void A_docs_plot_draws_its_texts_from_the_data(string image)
    {
        PlotImage doc = Images().Single(i => i.Path == image);
        string[] words = ShellWords.Split(doc.Command!)[1..];
        string svg = Path.Combine(_dir, "plot.svg");
        // Relative paths (a spec) are the repository's; the plot goes to an SVG whose texts can be read back.
        words = [.. words.Select((w, i) => i > 0 && words[i - 1] == "--plot" ? svg : File.Exists(Path.Combine(Root, w)) ? Path.Combine(Root, w) : w)];
        CliRun run = CliRun.Of([.. words, "--format", "json"]);
        Assert.True(run.ExitCode == 0, $"{doc.Where}: {run.Err}");
        JsonElement data = JsonDocument.Parse(run.Out).RootElement;
        List<SvgText> texts = Texts(svg);
        Assert.DoesNotContain(texts, t => t.Text.Contains("NaN", StringComparison.Ordinal) || t.Text.Contains("n/a", StringComparison.Ordinal));

        string kind = words[0] == "compare" ? "compare" : Flag(words, "--plot-kind") ?? SweepPlots.KindNames[0];
        switch (kind)
        {
            case "compare":
                Compare(words, data, texts);
                break;
            case "pareto":
                Pareto(words, data, texts);
                break;
            case "scaling":
                Scaling(data, texts);
                break;
            default:
                Heatmap(data, texts);
                break;
        }
    }

    /// <summary>A name per row in the table's order, its time and cost beside it, the utilisation once or per accelerator.</summary>
    private static void Compare(string[] words, JsonElement rows, List<SvgText> texts)
    {
        bool given = words.Contains("--utilization") || words.Contains("--achieved-tflops");
        var names = texts.Where(t => Regex.IsMatch(t.Text, @"^\S+ \(\d{4}\)")).OrderBy(t => t.Y).ToList();
        Assert.Equal(rows.GetArrayLength(), names.Count);
        var mfus = new HashSet<string>(StringComparer.Ordinal);
        int unpriced = 0;
        foreach (var (row, name) in rows.EnumerateArray().Zip(names))
        {
            Assert.StartsWith(row.GetProperty("hardware").GetString() + " (", name.Text);
            if (given)
            {
                Assert.DoesNotContain("MFU", name.Text);
            }
            else
            {
                string mfu = Format.Sig(row.GetProperty("utilization").GetDouble());
                Assert.EndsWith($", MFU {mfu}", name.Text);
                mfus.Add(mfu);
            }
            AssertDrawn(texts, Format.Sig(row.GetProperty("wall_clock_days").GetDouble()));
            if (row.GetProperty("cost_usd").ValueKind == JsonValueKind.Null)
                unpriced++;
            else
                AssertDrawn(texts, Format.SigUsd(row.GetProperty("cost_usd").GetDouble()));
        }
        Assert.Equal(unpriced, texts.Count(t => t.Text == ComparePlot.NoPrice));
        JsonElement first = rows[0];
        string title = $"{first.GetProperty("model").GetString()}: {Format.Count(first.GetProperty("params").GetDouble())} params x "
            + $"{Format.Count(first.GetProperty("tokens").GetDouble())} tokens on {Format.Human(first.GetProperty("gpus").GetDouble())} GPUs, {first.GetProperty("precision").GetString()}";
        AssertDrawn(texts, title);
        // One chip's utilisation is never the title's: predicted ones are per accelerator (and they differ).
        string utilization = given ? $"utilization {Format.Human(first.GetProperty("utilization").GetDouble())}" : "utilization predicted per accelerator (L2 model)";
        Assert.Contains(texts, t => t.Text.EndsWith("; " + utilization, StringComparison.Ordinal));
        if (!given)
            Assert.True(mfus.Count > 1, "every accelerator has the same predicted MFU: " + string.Join(", ", mfus));
        AssertDrawn(texts, "wall-clock time to train (days)");
        AssertDrawn(texts, "cost (USD)");
    }

    /// <summary>A label per front point with its own MFU, a legend entry per accelerator on it, 1-2-5 log ticks around it.</summary>
    private static void Pareto(string[] words, JsonElement data, List<SvgText> texts)
    {
        bool predicted = words.Contains("--predict");
        var front = data.GetProperty("pareto").EnumerateArray().ToList();
        Assert.NotEmpty(front);
        foreach (JsonElement p in front)
        {
            double mfu = p.GetProperty(predicted ? "mfu" : "utilization").GetDouble();
            AssertDrawn(texts, $"{Format.Human(p.GetProperty("gpus").GetDouble())} x {p.GetProperty("hardware").GetString()}, {p.GetProperty("precision").GetString()}, MFU {Format.Sig(mfu)}");
        }
        foreach (string hardware in front.Select(p => p.GetProperty("hardware").GetString()!).Distinct())
            AssertDrawn(texts, hardware);
        Assert.Contains(texts, t => t.Text.StartsWith($"{front.Count} admissible points that no other beats", StringComparison.Ordinal)
            && t.Text.Contains("MFU predicted", StringComparison.Ordinal) == predicted);
        AssertDrawn(texts, "wall-clock time to train (days, log scale)");
        AssertDrawn(texts, "cost (USD, log scale)");
        AssertLogTicksAround(BottomTicks(texts), front.Select(p => p.GetProperty("wall_clock_days").GetDouble()));
        AssertLogTicksAround(LeftTicks(texts), front.Select(p => p.GetProperty("cost_usd").GetDouble()));
    }

    /// <summary>A line per accelerator that has an admissible point, ticks at the GPU counts drawn, 1-2-5 days.</summary>
    private static void Scaling(JsonElement data, List<SvgText> texts)
    {
        var best = data.GetProperty("best_per_hardware").EnumerateArray().Where(p => p.ValueKind != JsonValueKind.Null).ToList();
        Assert.NotEmpty(best);
        var legend = texts.SelectMany(t => t.Text.Split(" = ")).ToHashSet(StringComparer.Ordinal);
        foreach (JsonElement p in best)
        {
            Assert.Contains(p.GetProperty("hardware").GetString()!, legend);
            // Each accelerator's best point is on its line, at a labelled cluster size.
            Assert.Contains(BottomTicks(texts), t => t.Text == Format.Human(p.GetProperty("gpus").GetDouble()));
        }
        AssertDrawn(texts, "cluster size (GPUs, log scale)");
        AssertDrawn(texts, "wall-clock time to train (days, log scale)");
        AssertLogTicksAround(LeftTicks(texts), best.Select(p => p.GetProperty("wall_clock_days").GetDouble()));
    }

    /// <summary>The objective named in the title and colour bar; GPU counts across, 1-2-5 model sizes up, 1-2-5 colour ticks.</summary>
    private static void Heatmap(JsonElement data, List<SvgText> texts)
    {
        Assert.Equal("cost_usd", data.GetProperty("objective").GetString());
        AssertDrawn(texts, "Lowest cost (USD) by model size and cluster size");
        AssertDrawn(texts, "model size (parameters, log scale)");
        AssertDrawn(texts, "cluster size (GPUs, log scale)");
        var top = data.GetProperty("top").EnumerateArray().ToList();
        foreach (JsonElement p in top)
            Assert.Contains(BottomTicks(texts), t => t.Text == Format.Human(p.GetProperty("gpus").GetDouble()));
        var sizes = LeftTicks(texts).Select(t => Number(t.Text)).ToList();
        Assert.All(sizes, v => Assert.Contains(Mantissa(v), new[] { 1.0, 2, 5 }));
        Assert.InRange(top.Min(p => p.GetProperty("params").GetDouble()), sizes.Min(), sizes.Max());
        // The colour bar: the cheapest cell is the sweep's best point, so no tick lies below it.
        var colours = texts.Where(t => t.X > 0.85 * PlotFile.Width && t.Text.StartsWith('$')).Select(t => Number(t.Text)).ToList();
        Assert.True(colours.Count >= 3, "colour bar ticks: " + string.Join(", ", colours));
        Assert.All(colours, v => Assert.Contains(Mantissa(v), new[] { 1.0, 2, 5 }));
        Assert.True(colours.Min() >= top[0].GetProperty("cost_usd").GetDouble(), $"a colour tick {colours.Min()} below the cheapest cell");
    }

    private static void AssertDrawn(List<SvgText> texts, string text) =>
        Assert.True(texts.Any(t => t.Text == text), $"'{text}' is not drawn; drawn: {string.Join(" | ", texts.Select(t => t.Text))}");

    /// <summary>Ticks at 1-2-5 values (or every integer mantissa where those are too few), the outer ones around the data.</summary>
    private static void AssertLogTicksAround(List<SvgText> ticks, IEnumerable<double> data)
    {
        var values = ticks.Select(t => Number(t.Text)).Order().ToList();
        var d = data.ToList();
        Assert.True(values.Count >= 2, "log ticks: " + string.Join(", ", values));
        Assert.True(values[0] <= d.Min() && values[^1] >= d.Max(), $"ticks {values[0]}..{values[^1]} do not enclose the data {d.Min()}..{d.Max()}");
        bool other = values.Any(v => Mantissa(v) is not (1 or 2 or 5));
        Assert.All(values, v => Assert.Contains(Mantissa(v), new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9 }));
        Assert.False(other && values.Count(v => Mantissa(v) is 1 or 2 or 5) >= 3, "ticks other than 1-2-5 although 1-2-5 ones suffice: " + string.Join(", ", values));
    }

    /// <summary>Number labels along the bottom edge (x-axis ticks).</summary>
    private static List<SvgText> BottomTicks(List<SvgText> texts) =>
        texts.Where(t => t.Y > 0.9 * PlotFile.Height && t.Y < 0.97 * PlotFile.Height && IsNumber(t.Text)).ToList();

    /// <summary>Number labels along the left edge (y-axis ticks).</summary>
    private static List<SvgText> LeftTicks(List<SvgText> texts) =>
        texts.Where(t => t.X < 0.1 * PlotFile.Width && t.Y <= 0.9 * PlotFile.Height && IsNumber(t.Text)).ToList();

    private static bool IsNumber(string text) => NumberText().IsMatch(text);

    /// <summary>A drawn number: "$5M", "1,024", "0.5", "200B".</summary>
    private static double Number(string text)
    {
        Match m = NumberText().Match(text);
        Assert.True(m.Success, $"'{text}' is not a number");
        double scale = m.Groups[2].Value switch { "K" => 1e3, "M" => 1e6, "B" => 1e9, "T" => 1e12, _ => 1 };
        return double.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) * scale;
    }

    private static double Mantissa(double v) => Math.Round(v / Math.Pow(10, Math.Floor(Math.Log10(v) + 1e-12)), 9);

    private static string? Flag(string[] words, string flag) =>
        Array.IndexOf(words, flag) is int at && at >= 0 && at + 1 < words.Length ? words[at + 1] : null;

    /// <summary>Every text element of an SVG with its anchor (the translation of its transform).</summary>
    private static List<SvgText> Texts(string path) =>
        XDocument.Load(path).Descendants().Where(e => e.Name.LocalName == "text")
            .Select(e =>
            {
                var numbers = TransformNumbers().Matches(e.Attribute("transform")?.Value ?? "").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
                return new SvgText(e.Value.Trim(), numbers.Count >= 2 ? numbers[^2] : 0, numbers.Count >= 2 ? numbers[^1] : 0);
            })
            .ToList();

    [GeneratedRegex(@"^\$?([0-9][0-9,]*(?:\.[0-9]+)?)([KMBT]?)$")]
    private static partial Regex NumberText();

    [GeneratedRegex(@"-?[0-9]+(?:\.[0-9]+)?")]
    private static partial Regex TransformNumbers();
}
