using ComputeSim.Cli.Plots;

namespace ComputeSim.Tests.Plots;

/// <summary>Log axes run between 1-2-5 values around the data, with ticks at 1, 2 and 5 per decade.</summary>
public sealed class LogTicksTests
{
    [Theory]
    [InlineData(2.57, 4.42, 2, 5, new[] { 2.0, 3, 4, 5 })] // an L0 front: under half a decade, every integer mantissa
    [InlineData(8.05, 35.7, 5, 50, new[] { 5.0, 10, 20, 50 })] // an L2 front's days
    [InlineData(6.49e6, 2.72e7, 5e6, 5e7, new[] { 5e6, 1e7, 2e7, 5e7 })]
    [InlineData(10, 10, 5, 20, new[] { 5.0, 10, 20 })] // one value, itself a 1-2-5 value
    [InlineData(0.031, 0.4, 0.02, 0.5, new[] { 0.02, 0.05, 0.1, 0.2, 0.5 })]
    public void Ends_and_ticks(double min, double max, double low, double high, double[] ticks)
    {
        var scale = PlotAxes.LogScale(min, max);
        Assert.Equal((low, high), (scale.Low, scale.High));
        Assert.Equal(ticks, scale.Ticks.Select(t => t.Value));
        Assert.All(scale.Ticks, t => Assert.True(t.Labelled));
    }

    [Fact]
    public void Many_decades_label_the_decades_only()
    {
        var scale = PlotAxes.LogScale(150, 4.2e7); // a cost heatmap's colour bar
        Assert.Equal([100, 1e3, 1e4, 1e5, 1e6, 1e7], scale.Ticks.Where(t => t.Labelled).Select(t => t.Value));
        Assert.Equal(scale.Ticks.Count, PlotAxes.Mantissas(100, 5e7, [1, 2, 5]).Count);
    }

    [Fact]
    public void Any_range_gets_round_ends_and_few_labelled_ticks()
    {
        var random = new Random(14);
        for (int i = 0; i < 2000; i++)
        {
            double min = Math.Pow(10, random.NextDouble() * 30 - 10);
            double max = min * Math.Pow(10, random.NextDouble() * random.Next(0, 20));
            var (ticks, low, high) = PlotAxes.LogScale(min, max);
            string at = $"{min:R}..{max:R}";
            Assert.True(low <= min && high >= max, at);
            Assert.True(min / low < 2.5 + 1e-9 && high / max < 2.5 + 1e-9, at); // the next 1-2-5 value, not further
            Assert.Equal(low, ticks[0].Value);
            Assert.Equal(high, ticks[^1].Value);
            int labelled = ticks.Count(t => t.Labelled);
            Assert.InRange(labelled, 2, PlotAxes.MaxManualTicks);
            Assert.All(ticks, t => Assert.Contains(Mantissa(t.Value), new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9 }));
            if (ticks.Any(t => Mantissa(t.Value) is not (1 or 2 or 5)))
                Assert.True(PlotAxes.Mantissas(low, high, [1, 2, 5]).Count < 3, at); // other mantissas only where 1-2-5 are too few
        }
    }

    [Fact]
    public void Cells_of_many_log_spaced_values_get_1_2_5_labels_few_cells_their_own()
    {
        var plot = new ScottPlot.Plot();
        var axis = plot.Axes.Left;
        double[] rows = Enumerable.Range(0, 24).Select(i => 1e9 * Math.Pow(1000, i / 23.0)).ToArray();
        PlotAxes.LogCells(axis, rows, v => v.ToString("R"));
        plot.Axes.SetLimitsY(-0.5, rows.Length - 0.5);
        var labels = Labels(plot);
        Assert.Equal(["1000000000", "2000000000", "5000000000", "10000000000", "20000000000", "50000000000", "100000000000", "200000000000", "500000000000", "1000000000000"], labels.Select(t => t.Label));
        Assert.Equal(23, labels[^1].Position, 9); // 1e12 is the last row
        double[] gpus = [8, 16, 32, 64];
        PlotAxes.LogCells(axis, gpus, v => v.ToString("R"));
        Assert.Equal(["8", "16", "32", "64"], Labels(plot).Select(t => t.Label));
    }

    /// <summary>The left axis' labelled ticks, once a render has generated them.</summary>
    private static List<(double Position, string Label)> Labels(ScottPlot.Plot plot)
    {
        plot.GetImageBytes(200, 200, ScottPlot.ImageFormat.Png);
        return plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => (t.Position, t.Label)).ToList();
    }

    private static double Mantissa(double v) => Math.Round(v / Math.Pow(10, Math.Floor(Math.Log10(v) + 1e-12)), 9);
}
