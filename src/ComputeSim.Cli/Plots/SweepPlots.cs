using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;
using ScottPlot;

namespace ComputeSim.Cli.Plots;

/// <summary>What <c>sweep --plot</c> draws.</summary>
internal enum SweepPlotKind
{
    /// <summary>The objective's best value per cell of params × GPUs.</summary>
    Heatmap,
    /// <summary>Time to train vs cluster size, one line per accelerator.</summary>
    Scaling,
    /// <summary>The Pareto front of time vs cost.</summary>
    Pareto,
}

/// <summary>The sweep's plots, drawn from its reductions (never from every point).</summary>
internal static class SweepPlots
{
    /// <summary>Names accepted by <c>--plot-kind</c>.</summary>
    public static readonly string[] KindNames = ["heatmap", "scaling", "pareto"];

    private const string NoPoint = "no point meets the constraints";
    private const string NoneNote = "blank: " + NoPoint;
    // Beyond this many points, labels on the front would overlap.
    private const int MaxLabelledPoints = 12;
    private const float LabelOffset = 6;
    private const float LabelFontSize = 11;
    private const float LineMarkerSize = 7;
    private const float LineWidth = 2;
    private const float FrontMarkerSize = 9;
    private const float FrontLineWidth = 1.5f;

    /// <summary>The reduction a plot kind needs, added to what the sweep keeps anyway.</summary>
    public static SweepOptions Needs(SweepPlotKind kind, SweepOptions options) => kind switch
    {
        SweepPlotKind.Heatmap => options with { Bins = new BinSpec(Axis.Params, Axis.Gpus) },
        SweepPlotKind.Scaling => options with { Bins = new BinSpec(Axis.Hardware, Axis.Gpus) },
        _ => options with { Pareto = true },
    };

    /// <summary>Draws a plot of a finished sweep.</summary>
    public static Plot Draw(SweepPlotKind kind, SweepProblem problem, SweepResult result) => kind switch
    {
        SweepPlotKind.Heatmap => Heatmap(problem, result.Bins!),
        SweepPlotKind.Scaling => Scaling(problem, result.Bins!),
        _ => Pareto(problem, result.Pareto),
    };

    /// <summary>The objective's lowest admissible value in each cell of params (rows) × GPUs (columns).</summary>
    public static Plot Heatmap(SweepProblem problem, BinnedMinimum bins)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(bins);
        var (name, unit, label) = PlotAxes.Objective(problem.Selection.Objective);
        var (cells, log, min, max) = HeatmapCells(bins);
        var plot = NewPlot($"Lowest {name} ({unit}) by model size and cluster size", $"best admissible point in each cell; {NoneNote}");
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.FlipVertically = true; // row 0 (the smallest model) at the bottom
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = $"{name} ({unit}{(log ? ", log scale" : "")})";
        if (log)
            PlotAxes.Log10(bar.Axis, min, max, label);

        double[] parameters = PlotAxes.Values(problem, Axis.Params);
        double[] gpus = PlotAxes.Values(problem, Axis.Gpus);
        double[] rows = Enumerable.Range(0, bins.Rows).Select(r => parameters[bins.FirstRowIndex(r)]).ToArray();
        double[] columns = Enumerable.Range(0, bins.Columns).Select(c => gpus[bins.FirstColumnIndex(c)]).ToArray();
        PlotAxes.LogCells(plot.Axes.Left, rows, Format.Count);
        PlotAxes.LogCells(plot.Axes.Bottom, columns, Format.Human);
        plot.YLabel($"model size (parameters{PlotAxes.ScaleNote(parameters)})");
        plot.XLabel($"cluster size (GPUs{PlotAxes.ScaleNote(gpus)})");
        return plot;
    }

    /// <summary>
    /// The cells' best scores (NaN where none), as log10 when every score is positive and they span
    /// a decade or more (costs do, across model sizes); <c>Min</c> and <c>Max</c> are the scores' range, in their units.
    /// </summary>
    private static (double[,] Cells, bool Log, double Min, double Max) HeatmapCells(BinnedMinimum bins)
    {
        double[,] cells = new double[bins.Rows, bins.Columns];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int r = 0; r < bins.Rows; r++)
        {
            for (int c = 0; c < bins.Columns; c++)
            {
                double v = bins.BestIndex(r, c) < 0 ? double.NaN : bins.BestScore(r, c);
                cells[r, c] = v;
                min = double.IsNaN(v) ? min : Math.Min(min, v);
                max = double.IsNaN(v) ? max : Math.Max(max, v);
            }
        }
        bool log = min > 0 && double.IsFinite(max) && Math.Log10(max / min) >= 1;
        if (!log)
            return (cells, false, min, max);
        for (int r = 0; r < bins.Rows; r++)
        {
            for (int c = 0; c < bins.Columns; c++)
                cells[r, c] = Math.Log10(cells[r, c]);
        }
        return (cells, true, min, max);
    }

    /// <summary>Wall-clock days of each accelerator's best admissible point at each cluster size.</summary>
    public static Plot Scaling(SweepProblem problem, BinnedMinimum bins)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(bins);
        var (name, _, _) = PlotAxes.Objective(problem.Selection.Objective);
        var plot = NewPlot("Time to train vs cluster size", $"per accelerator: the best admissible point by {name} at each cluster size");
        var days = new List<double>();
        // Accelerators with the same peak give the same line: draw it once, named after all of them.
        foreach (var group in Enumerable.Range(0, bins.Rows)
            .Select(h => (Name: problem.HardwareNames[h], Points: LinePoints(problem, bins, h)))
            .Where(l => l.Points.Count > 0)
            .GroupBy(l => string.Join(';', l.Points)))
        {
            var points = group.First().Points;
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Gpus)).ToArray(), points.Select(p => Math.Log10(p.Days)).ToArray());
            line.LegendText = string.Join(" = ", group.Select(l => l.Name));
            line.MarkerSize = LineMarkerSize;
            line.LineWidth = LineWidth;
            days.AddRange(points.Select(p => p.Days));
        }
        double[] gpus = PlotAxes.Values(problem, Axis.Gpus);
        PlotAxes.Manual(plot.Axes.Bottom, gpus.Select(g => (Math.Log10(g), Format.Human(g))).ToList());
        if (days.Count > 0)
        {
            var (low, high) = PlotAxes.Log10(plot.Axes.Left, days.Min(), days.Max(), Format.Human);
            plot.Axes.SetLimitsY(low, high);
        }
        else
        {
            plot.Add.Annotation(NoPoint);
        }
        plot.XLabel("cluster size (GPUs, log scale)");
        plot.YLabel("wall-clock time to train (days, log scale)");
        // Lines fall to the right: the lower left stays empty.
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static List<(double Gpus, double Days)> LinePoints(SweepProblem problem, BinnedMinimum bins, int hardware) =>
        Enumerable.Range(0, bins.Columns).Select(c => bins.BestIndex(hardware, c)).Where(i => i >= 0)
            .Select(i => (problem.Job(i).Gpus, problem.Evaluate(i).WallClockDays)).ToList();

    /// <summary>The Pareto front of wall-clock days vs cost, fastest first, coloured by accelerator.</summary>
    public static Plot Pareto(SweepProblem problem, IReadOnlyList<RankedPoint> front)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(front);
        string mfu = Predicted(problem) ? "; MFU predicted per point (L2 model)" : "";
        var plot = NewPlot("Pareto front: time to train vs cost", $"{front.Count} admissible points that no other beats on both time and cost{mfu}");
        if (front.Count == 0)
        {
            plot.Add.Annotation(NoPoint);
            return plot;
        }
        double[] x = front.Select(p => Math.Log10(p.Result.WallClockDays)).ToArray();
        double[] y = front.Select(p => Math.Log10(p.Result.CostUsd)).ToArray();
        var path = plot.Add.ScatterLine(x, y, Colors.Gray);
        path.LineWidth = FrontLineWidth;
        path.ConnectStyle = ConnectStyle.StepHorizontal;
        foreach (var group in front.Select((p, i) => (p, i)).GroupBy(t => problem.HardwareOf(t.p.Index)))
        {
            var markers = plot.Add.ScatterPoints(group.Select(t => x[t.i]).ToArray(), group.Select(t => y[t.i]).ToArray());
            markers.LegendText = problem.HardwareNames[group.Key];
            markers.MarkerSize = FrontMarkerSize;
        }
        if (front.Count <= MaxLabelledPoints)
            LabelFront(plot, problem, front, x, y);
        var (left, right) = PlotAxes.Log10(plot.Axes.Bottom, front.Min(p => p.Result.WallClockDays), front.Max(p => p.Result.WallClockDays), Format.Human);
        var (bottom, top) = PlotAxes.Log10(plot.Axes.Left, front.Min(p => p.Result.CostUsd), front.Max(p => p.Result.CostUsd), Format.Usd);
        plot.Axes.SetLimits(left, right, bottom, top);
        plot.XLabel("wall-clock time to train (days, log scale)");
        plot.YLabel("cost (USD, log scale)");
        // Below and left of a front lies nothing (no point is both faster and cheaper): room for the legend.
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    /// <summary>Names each front point's configuration beside it, pointing into the plot.</summary>
    private static void LabelFront(Plot plot, SweepProblem problem, IReadOnlyList<RankedPoint> front, double[] x, double[] y)
    {
        for (int i = 0; i < front.Count; i++)
        {
            var text = plot.Add.Text(PointLabel(problem, front[i]), x[i], y[i]);
            text.LabelFontName = PlotFonts.Family;
            text.LabelFontSize = LabelFontSize;
            // Right of the points in the left half, left of those in the right half.
            bool leftHalf = i < (front.Count + 1) / 2;
            text.LabelAlignment = leftHalf ? Alignment.LowerLeft : Alignment.LowerRight;
            text.OffsetX = leftHalf ? LabelOffset : -LabelOffset;
            text.OffsetY = -LabelOffset;
        }
    }

    /// <summary>
    /// A front point's configuration: GPUs x accelerator, precision and MFU, the point's own predicted MFU
    /// under L2 (the job's utilisation is then a placeholder 1), the swept one under L0.
    /// </summary>
    public static string PointLabel(SweepProblem problem, RankedPoint point)
    {
        ArgumentNullException.ThrowIfNull(problem);
        TrainingJob job = problem.Job(point.Index);
        double mfu = Predicted(problem) ? point.Result.Mfu : job.Utilization;
        return $"{Format.Human(job.Gpus)} x {problem.HardwareNames[job.Hardware]}, {PrecisionNames.Name(job.Precision)}, MFU {Format.Sig(mfu)}";
    }

    private static bool Predicted(SweepProblem problem) => problem.Spec.Parallel.Enabled != 0;

    /// <summary>A plot with the embedded fonts, a bold title and a regular second line.</summary>
    internal static Plot NewPlot(string title, string subtitle)
    {
        Plot plot = PlotFonts.NewPlot();
        plot.Title($"{title}\n{subtitle}");
        return plot;
    }
}
