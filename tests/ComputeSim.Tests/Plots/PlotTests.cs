using System.Text.RegularExpressions;
using ComputeSim.Cli.Plots;
using ComputeSim.Tests.Cli;
using SkiaSharp;

namespace ComputeSim.Tests.Plots;

/// <summary>Plots are written atomically, at the stated size, with text drawn in the embedded fonts.</summary>
public sealed partial class PlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Sweep =
    [
        "sweep", "--params", "1e9..1e12:log:10", "--tokens", "20x", "--gpus", "8..4096:pow2", "--precision", "bf16",
        "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi250x,mi300x", "--price-per-gpu-hour", "2", "--max-days", "60", "--must-fit", "--backend", "cpu",
    ];

    [Fact]
    public void Text_is_drawn_even_where_no_font_is_installed()
    {
        // Without a font ScottPlot draws no text and raises no error: count dark pixels in the title band.
        var plot = PlotFonts.NewPlot();
        plot.Title("Title in the embedded bold face");
        using SKBitmap image = SKBitmap.Decode(plot.GetImageBytes(400, 200, ScottPlot.ImageFormat.Png));
        int dark = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < image.Width; x++)
                dark += image.GetPixel(x, y).Red < 128 ? 1 : 0;
        }
        Assert.True(dark > 200, $"only {dark} dark pixels where the title should be");
    }

    [Theory]
    [InlineData("heatmap", "Lowest cost (USD) by model size and cluster size", "cluster size (GPUs, log scale)")]
    [InlineData("scaling", "Time to train vs cluster size", "wall-clock time to train (days, log scale)")]
    [InlineData("pareto", "Pareto front: time to train vs cost", "cost (USD, log scale)")]
    public void Each_sweep_plot_kind_writes_png_and_svg(string kind, string title, string axisLabel)
    {
        string png = Path.Combine(_dir, kind + ".png"), svg = Path.Combine(_dir, kind + ".svg");
        foreach (string path in new[] { png, svg })
        {
            CliRun run = CliRun.Of([.. Sweep, "--plot", path, "--plot-kind", kind]);
            Assert.True(run.ExitCode == 0, run.Err);
            Assert.Contains($"{kind} plot written to {path}", run.Out);
        }
        AssertPng(png);
        string text = File.ReadAllText(svg);
        Assert.Contains(title, text);
        Assert.Contains(axisLabel, text);
        AssertEmbeddedFonts(text);
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public void The_default_plot_is_the_heatmap_and_json_output_stays_json()
    {
        string path = Path.Combine(_dir, "default.svg");
        CliRun run = CliRun.Of([.. Sweep, "--plot", path, "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Err);
        System.Text.Json.JsonDocument.Parse(run.Out).Dispose();
        Assert.Contains("Lowest cost (USD)", File.ReadAllText(path));
    }

    [Fact]
    public void Compare_plot_shows_time_and_cost_per_generation()
    {
        string png = Path.Combine(_dir, "compare.png"), svg = Path.Combine(_dir, "compare.svg");
        string[] args = ["compare", "--model", "gpt3-175b", "--precision", "bf16", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi250x,b200-sxm-192gb"];
        Assert.Equal(0, CliRun.Of([.. args, "--plot", png]).ExitCode);
        Assert.Equal(0, CliRun.Of([.. args, "--plot", svg]).ExitCode);
        AssertPng(png);
        string text = File.ReadAllText(svg);
        Assert.Contains("wall-clock time to train (days)", text);
        Assert.Contains("cost (USD)", text);
        Assert.Contains("h100-sxm5-80gb (2022)", text);
        Assert.Contains("no price", text); // mi250x has no public price
        AssertEmbeddedFonts(text);
    }

    [Fact]
    public void A_given_utilisation_is_in_the_compare_title_and_beside_no_name()
    {
        string svg = Path.Combine(_dir, "compare.svg");
        Assert.Equal(0, CliRun.Of("compare", "--model", "gpt3-175b", "--utilization", "0.4", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--plot", svg).ExitCode);
        string text = File.ReadAllText(svg);
        Assert.Contains("time to train and cost by accelerator; utilization 0.4", text);
        Assert.Contains("h100-sxm5-80gb (2022)", text);
        Assert.DoesNotContain("MFU", text);
    }

    [Theory]
    [InlineData("plot.pdf")]
    [InlineData("no/such/folder/plot.png")]
    public void Bad_plot_paths_fail_before_anything_runs(string name)
    {
        string path = Path.Combine(_dir, name);
        CliRun.Of([.. Sweep, "--plot", path]).AssertBadInput("--plot");
        CliRun.Of("compare", "--model", "gpt3-175b", "--plot", path, "--out", Path.Combine(_dir, "rows.csv")).AssertBadInput("--plot");
        CliRun.Of([.. Sweep, "--plot", Path.Combine(_dir, "p.png"), "--plot-kind", "pie"]).AssertBadInput("pie");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Axis_helpers()
    {
        Assert.True(PlotAxes.IsGeometric([8, 16, 32, 64]));
        Assert.False(PlotAxes.IsGeometric([1, 2, 3]));
        Assert.False(PlotAxes.IsGeometric([7e10, 1.75e11]));
        Assert.Equal([1, 2, 5, 10, 20, 50, 100, 200, 500], PlotAxes.Mantissas(1, 500, [1, 2, 5]));
        Assert.Equal([0.3, 0.4, 0.5], PlotAxes.Mantissas(0.25, 0.5, [1, 2, 3, 4, 5, 6, 7, 8, 9]));
    }

    private static void AssertPng(string path)
    {
        using SKBitmap image = SKBitmap.Decode(path);
        Assert.Equal((PlotFile.Width, PlotFile.Height), (image.Width, image.Height));
    }

    private static void AssertEmbeddedFonts(string svg)
    {
        var families = FontFamily().Matches(svg).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal([PlotFonts.Family], families);
    }

    [GeneratedRegex("font-family=\"([^\"]*)\"")]
    private static partial Regex FontFamily();
}
