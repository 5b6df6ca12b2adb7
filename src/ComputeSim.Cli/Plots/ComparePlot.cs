using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ScottPlot;
using ScottPlot.Plottables;

namespace ComputeSim.Cli.Plots;

/// <summary>
/// <c>compare --plot</c>: the same job on each accelerator, as two panels of horizontal bars side by side
/// (time to train, then cost), one value axis each, the accelerators down the shared left edge.
/// </summary>
internal static class ComparePlot
{
    private const double BarHeight = 0.7;
    private const float ValueFontSize = 12;
    private const float NameFontSize = 12;
    private const double BarMargin = 0.5;
    // Room right of the longest bar for its value label, as a fraction of the axis.
    private const double LabelRoom = 0.22;
    private const float TitlePixels = 62;
    private const float RightEdgePixels = 24;
    // The time panel also holds the accelerators' names: it takes this share of the width.
    private const float TimePanelShare = 0.58f;

    /// <summary>The utilisation in the title: one figure only when the user gave it; predicted ones differ by accelerator.</summary>
    public static string UtilizationText(JobSettings settings) => settings switch
    {
        { Utilization: double u } => $"utilization {Format.Human(u)}",
        { AchievedTflops: double t } => $"{Format.Human(t)} TFLOP/s achieved per GPU",
        _ => "utilization predicted per accelerator (L2 model)",
    };

    /// <summary>The title's two lines: the job, then what the panels show and the utilisation they assume.</summary>
    public static string Title(JobSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string model = settings.ModelName is null ? "" : settings.ModelName + ": ";
        return $"{model}{Format.Count(settings.Parameters)} params x {Format.Count(settings.Tokens)} tokens on {Format.Human(settings.Gpus)} GPUs, {PrecisionNames.Name(settings.Precision)}\n"
            + $"time to train and cost by accelerator; {UtilizationText(settings)}";
    }

    /// <summary>
    /// An accelerator's name on the plot: with its launch year, and with its own utilisation where each
    /// accelerator has its own (predicted, or from a given throughput); the title holds a given one.
    /// </summary>
    public static string Name(JobSettings settings, Estimate estimate)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(estimate);
        string name = $"{estimate.Profile.Name} ({estimate.Profile.File.LaunchYear})";
        return settings.Utilization is null ? $"{name}, MFU {Format.Sig(estimate.Row.Job.Utilization)}" : name;
    }

    /// <summary>The time label of a bar: days to <see cref="Format.Figures"/> significant figures.</summary>
    public static string DaysLabel(Estimate estimate) => Format.Sig(estimate.Row.Result.WallClockDays);

    /// <summary>The cost label of a bar, or null for an accelerator without a public price.</summary>
    public static string? CostLabel(Estimate estimate) =>
        double.IsFinite(estimate.Row.Result.CostUsd) ? Format.SigUsd(estimate.Row.Result.CostUsd) : null;

    /// <summary>The note in place of the cost bar of an accelerator without a public price.</summary>
    public const string NoPrice = "no price";

    /// <summary>The title above two panels, time to train and cost, with a bar per accelerator in the table's order (top down).</summary>
    public static Multiplot Draw(JobSettings settings, IReadOnlyList<Estimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(estimates);
        Plot title = PlotFonts.NewPlot();
        title.Title(Title(settings));
        title.HideGrid();
        // No data area: the title fills the band.
        title.Layout.Fixed(new PixelPadding(0, 0, 0, TitlePixels));
        foreach (IAxis axis in title.Axes.GetAxes())
            axis.IsVisible = false;
        title.Axes.Title.IsVisible = true;

        // First row at the top.
        double[] rows = estimates.Select((_, i) => (double)(estimates.Count - 1 - i)).ToArray();
        Plot time = Panel(rows, estimates.Select(e => e.Row.Result.WallClockDays).ToArray(), estimates.Select(DaysLabel).ToArray(),
            Colors.Category10[0], "wall-clock time to train (days)", Format.Human);
        PlotAxes.Manual(time.Axes.Left, rows.Select((r, i) => (r, Name(settings, estimates[i]))).ToList(), everyTick: true);
        time.Axes.Left.TickLabelStyle.FontSize = NameFontSize;

        Plot cost = Panel(rows, estimates.Select(e => e.Row.Result.CostUsd).ToArray(), estimates.Select(CostLabel).ToArray(),
            Colors.Category10[1], "cost (USD)", Format.Usd);
        PlotAxes.Manual(cost.Axes.Left, rows.Select(r => (r, "")).ToList(), everyTick: true);
        foreach (double row in rows.Where((_, i) => CostLabel(estimates[i]) is null))
        {
            var note = cost.Add.Text(NoPrice, 0, row);
            note.LabelFontName = PlotFonts.Family;
            note.LabelFontSize = ValueFontSize;
            note.LabelAlignment = Alignment.MiddleLeft;
            note.OffsetX = 4;
        }

        var figure = new Multiplot(title);
        figure.AddPlot(time);
        figure.AddPlot(cost);
        figure.Layout = new TitleOverTwoPanels();
        return figure;
    }

    /// <summary>A panel of horizontal bars from zero with their values written beside them; a NaN value draws no bar.</summary>
    private static Plot Panel(double[] rows, double[] values, string?[] labels, Color color, string axisLabel, Func<double, string> tickLabel)
    {
        Plot plot = PlotFonts.NewPlot();
        var bars = rows.Select((r, i) => (Row: r, Value: values[i], Label: labels[i]))
            .Where(b => double.IsFinite(b.Value))
            .Select(b => new Bar { Position = b.Row, Value = b.Value, Size = BarHeight, FillColor = color, Label = b.Label ?? "" })
            .ToList();
        BarPlot plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontName = PlotFonts.Family;
        plottable.ValueLabelStyle.FontSize = ValueFontSize;
        double max = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        plot.Axes.SetLimits(0, max * (1 + LabelRoom), rows.Min() - BarMargin, rows.Max() + BarMargin);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = tickLabel };
        plot.XLabel(axisLabel);
        // Room for the last tick label, centred on the panel's right edge.
        plot.Axes.Right.MinimumSize = RightEdgePixels;
        return plot;
    }

    /// <summary>The title across the top; below it the time panel (wider: it holds the names), then the cost panel.</summary>
    private sealed class TitleOverTwoPanels : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figure)
        {
            float split = figure.Left + (figure.Width * TimePanelShare);
            float top = figure.Top + TitlePixels;
            return
            [
                new PixelRect(figure.Left, figure.Right, top, figure.Top),
                new PixelRect(figure.Left, split, figure.Bottom, top),
                new PixelRect(split, figure.Right, figure.Bottom, top),
            ];
        }
    }
}
