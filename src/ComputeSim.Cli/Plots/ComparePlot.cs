using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ScottPlot;

namespace ComputeSim.Cli.Plots;

/// <summary><c>compare --plot</c>: the same job on each accelerator, time and cost side by side.</summary>
public static class ComparePlot
{
    private const double BarWidth = 0.38;
    private const double HalfGap = 0.2;
    private const float NameRotation = 40;
    private const float NameAxisPixels = 140;
    private const float ValueFontSize = 10;
    private const int RightAxisTicks = 8;
    // Past this many accelerators the bars are too narrow for value labels: the axes carry the values.
    private const int MaxLabelledGroups = 6;

    /// <summary>A bar pair per accelerator, in the table's order: wall-clock days on the left axis, cost on the right.</summary>
    public static Plot Draw(JobSettings settings, IReadOnlyList<Estimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(estimates);
        Plot plot = PlotFonts.NewPlot();
        string model = settings.ModelName is null ? "" : settings.ModelName + ": ";
        plot.Title($"{model}{Format.Count(settings.Parameters)} params x {Format.Count(settings.Tokens)} tokens on {Format.Human(settings.Gpus)} GPUs "
            + $"({PrecisionNames.Name(settings.Precision)}, utilization {Format.Human(estimates[0].Row.Job.Utilization)})\n"
            + "time to train (left axis) and cost (right axis) by accelerator");
        Color timeColor = Colors.Category10[0], costColor = Colors.Category10[1];

        bool labels = estimates.Count <= MaxLabelledGroups;
        var time = plot.Add.Bars(estimates.Select((e, i) => Bar(i - HalfGap, e.Row.Result.WallClockDays, timeColor, labels ? Format.Count : null)).ToList());
        time.LegendText = "wall-clock time (days)";
        var priced = estimates.Select((e, i) => (e, i)).Where(x => double.IsFinite(x.e.Row.Result.CostUsd)).ToList();
        var cost = plot.Add.Bars(priced.Select(x => Bar(x.i + HalfGap, x.e.Row.Result.CostUsd, costColor, labels ? Format.Usd : null)).ToList());
        cost.LegendText = "cost (USD)";
        cost.Axes.YAxis = plot.Axes.Right;
        foreach (var (e, i) in estimates.Select((e, i) => (e, i)).Except(priced))
        {
            var note = plot.Add.Text("no price", i + HalfGap, 0);
            note.LabelFontName = PlotFonts.Family;
            note.LabelFontSize = ValueFontSize;
            note.LabelRotation = -90;
            note.LabelAlignment = Alignment.MiddleLeft;
            note.Axes.YAxis = plot.Axes.Right;
        }
        foreach (BarPlotStyle style in new[] { new BarPlotStyle(time), new BarPlotStyle(cost) })
            style.Apply();

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

    private static Bar Bar(double position, double value, Color color, Func<double, string>? label) => new()
    {
        Position = position,
        Value = value,
        Size = BarWidth,
        FillColor = color,
        Label = label?.Invoke(value) ?? "",
    };

    /// <summary>Value labels above the bars, small enough not to collide.</summary>
    private readonly record struct BarPlotStyle(ScottPlot.Plottables.BarPlot Bars)
    {
        public void Apply()
        {
            Bars.ValueLabelStyle.FontName = PlotFonts.Family;
            Bars.ValueLabelStyle.FontSize = ValueFontSize;
        }
    }
}
