using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ScottPlot;
using ScottPlot.Plottables;

namespace ComputeSim.Cli.Plots;

/// <summary><c>compare --plot</c>: the same job on each accelerator, time and cost side by side.</summary>
internal static class ComparePlot
{
    private const double BarWidth = 0.38;
    private const double HalfGap = 0.2;
    private const float NameRotation = 40;
    private const float NameAxisPixels = 140;
    private const float ValueFontSize = 10;
    private const float Vertical = -90;
    private const int RightAxisTicks = 8;
    // Past this many accelerators the bars are too narrow for value labels: the axes carry the values.
    private const int MaxLabelledGroups = 6;

    /// <summary>The utilisation in the title: one figure only when the user gave it; predicted ones differ by accelerator.</summary>
    public static string UtilizationText(JobSettings settings) => settings switch
    {
        { Utilization: double u } => $"utilization {Format.Human(u)}",
        { AchievedTflops: double t } => $"{Format.Human(t)} TFLOP/s achieved per GPU",
        _ => "utilization predicted per accelerator (L2 model)",
    };

    /// <summary>A bar pair per accelerator, in the table's order: wall-clock days on the left axis, cost on the right.</summary>
    public static Plot Draw(JobSettings settings, IReadOnlyList<Estimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(estimates);
        Plot plot = PlotFonts.NewPlot();
        string model = settings.ModelName is null ? "" : settings.ModelName + ": ";
        plot.Title($"{model}{Format.Count(settings.Parameters)} params x {Format.Count(settings.Tokens)} tokens on {Format.Human(settings.Gpus)} GPUs "
            + $"({PrecisionNames.Name(settings.Precision)}, {UtilizationText(settings)})\n"
            + "time to train (left axis) and cost (right axis) by accelerator");
        AddBars(plot, estimates);
        PlotAxes.Manual(plot.Axes.Bottom, estimates.Select((e, i) => ((double)i, $"{e.Profile.Name} ({e.Profile.File.LaunchYear})")).ToList(), everyTick: true);
        plot.Axes.Bottom.TickLabelStyle.Rotation = NameRotation;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = NameAxisPixels;
        plot.Axes.Left.Label.Text = "wall-clock time to train (days)";
        plot.Axes.Right.Label.Text = "cost (USD)";
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format.Usd, TargetTickCount = RightAxisTicks };
        // Bars start at zero: a margin only above them.
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Time bars on the left axis, cost bars on the right; a chip without a public price gets a note instead.</summary>
    private static void AddBars(Plot plot, IReadOnlyList<Estimate> estimates)
    {
        bool labels = estimates.Count <= MaxLabelledGroups;
        var indexed = estimates.Select((e, i) => (Estimate: e, Index: i)).ToList();
        var priced = indexed.Where(x => double.IsFinite(x.Estimate.Row.Result.CostUsd)).ToList();
        BarPlot time = plot.Add.Bars(indexed.Select(x => Bar(x.Index - HalfGap, x.Estimate.Row.Result.WallClockDays, Colors.Category10[0], labels ? Format.Count : null)).ToList());
        time.LegendText = "wall-clock time (days)";
        BarPlot cost = plot.Add.Bars(priced.Select(x => Bar(x.Index + HalfGap, x.Estimate.Row.Result.CostUsd, Colors.Category10[1], labels ? Format.Usd : null)).ToList());
        cost.LegendText = "cost (USD)";
        cost.Axes.YAxis = plot.Axes.Right;
        foreach (BarPlot bars in new[] { time, cost })
        {
            bars.ValueLabelStyle.FontName = PlotFonts.Family;
            bars.ValueLabelStyle.FontSize = ValueFontSize;
        }
        foreach (var (_, index) in indexed.Except(priced))
        {
            var note = plot.Add.Text("no price", index + HalfGap, 0);
            note.LabelFontName = PlotFonts.Family;
            note.LabelFontSize = ValueFontSize;
            note.LabelRotation = Vertical;
            note.LabelAlignment = Alignment.MiddleLeft;
            note.Axes.YAxis = plot.Axes.Right;
        }
    }

    private static Bar Bar(double position, double value, Color color, Func<double, string>? label) => new()
    {
        Position = position,
        Value = value,
        Size = BarWidth,
        FillColor = color,
        Label = label?.Invoke(value) ?? "",
    };
}
