using System.Globalization;
using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ComputeSim.Cli.Plots;

/// <summary>A tick of a log axis, in real units; unlabelled ones are minor ticks.</summary>
internal readonly record struct LogTick(double Value, bool Labelled);

/// <summary>Axis helpers shared by the plots: log scales drawn as log10 data with 1-2-5 labels in real units, and thinned manual ticks.</summary>
internal static class PlotAxes
{
    /// <summary>Most labelled ticks on an axis of manual ticks: more would overlap at the plot's width.</summary>
    public const int MaxManualTicks = 12;

    private const double GeometricTolerance = 1e-6;
    // A value this close (relative) to a tick counts as on it: log10 round trips are not exact.
    private const double OnTick = 1e-9;
    private const double Widen = 1e-6;
    // Fewer 1-2-5 ticks than this on an axis and every integer mantissa gets one.
    private const int FewestTicks = 3;
    // Margin beyond the axis' outer ticks, as a fraction of its log span: points on the edge stay visible.
    private const double LogMargin = 0.04;
    private static readonly double[] OneTwoFiveMantissas = [1.0, 2.0, 5.0];
    private static readonly double[] EveryMantissa = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];

    /// <summary>
    /// The ticks of a log axis over data from <paramref name="min"/> to <paramref name="max"/> (real units, positive):
    /// the axis runs from the 1-2-5 value at or below the data to the one at or above it, so that both ends carry a
    /// round label, with ticks at 1, 2 and 5 per decade (or, where that gives under <see cref="FewestTicks"/>, at
    /// every integer mantissa: 2, 3, 4, 5), all labelled up to <see cref="MaxManualTicks"/> and only the decades beyond.
    /// </summary>
    /// <returns>The ticks, and the axis' ends in real units.</returns>
    public static (IReadOnlyList<LogTick> Ticks, double Low, double High) LogScale(double min, double max)
    {
        if (!(min > 0) || !(max >= min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(min), $"a log axis needs 0 < min <= max, not {min}..{max}");
        double low = Mantissas(min / 10, min, OneTwoFiveMantissas).Last();
        double high = Mantissas(max, max * 10, OneTwoFiveMantissas).First();
        if (high <= low * (1 + OnTick))
        {
            // One value, itself a 1-2-5 value: the ones either side.
            low = Mantissas(min / 10, min * (1 - Widen), OneTwoFiveMantissas).Last();
            high = Mantissas(max * (1 + Widen), max * 10, OneTwoFiveMantissas).First();
        }
        List<double> ticks = Mantissas(low, high, OneTwoFiveMantissas);
        if (ticks.Count < FewestTicks)
            ticks = Mantissas(low, high, EveryMantissa);
        return (Label(ticks), low, high);
    }

    /// <summary>
    /// Makes <paramref name="axis"/> a log axis for data given as log10 values, labelled in real units with
    /// <paramref name="label"/> at the ticks of <see cref="LogScale"/>.
    /// </summary>
    /// <returns>The axis' limits in log10 units: the ends of <see cref="LogScale"/> with a small margin.</returns>
    public static (double Low, double High) Log10(IAxis axis, double min, double max, Func<double, string> label)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(label);
        var (ticks, low, high) = LogScale(min, max);
        var manual = new NumericManual();
        foreach (LogTick t in ticks)
        {
            if (t.Labelled)
                manual.AddMajor(Math.Log10(t.Value), label(t.Value));
            else
                manual.AddMinor(Math.Log10(t.Value));
        }
        axis.TickGenerator = manual;
        double margin = Math.Max(Math.Log10(high / low), 1) * LogMargin;
        return (Math.Log10(low) - margin, Math.Log10(high) + margin);
    }

    /// <summary>
    /// Ticks for cells (rows or columns at 0, 1, 2...) that hold log-spaced values: 1-2-5 ticks at their
    /// place between cells, or each cell's own value where there are few cells or no 1-2-5 ticks to speak of.
    /// </summary>
    public static void LogCells(IAxis axis, IReadOnlyList<double> cellValues, Func<double, string> label)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(cellValues);
        ArgumentNullException.ThrowIfNull(label);
        var own = cellValues.Select((v, i) => ((double)i, label(v))).ToList();
        if (cellValues.Count <= MaxManualTicks || !IsGeometric(cellValues))
        {
            Manual(axis, own);
            return;
        }
        double first = cellValues[0], last = cellValues[^1];
        double perCell = Math.Log10(last / first) / (cellValues.Count - 1);
        var ticks = Label(Mantissas(Math.Min(first, last), Math.Max(first, last), OneTwoFiveMantissas));
        if (ticks.Count(t => t.Labelled) < FewestTicks)
        {
            Manual(axis, own);
            return;
        }
        var manual = new NumericManual();
        foreach (LogTick t in ticks)
        {
            double position = Math.Log10(t.Value / first) / perCell;
            if (t.Labelled)
                manual.AddMajor(position, label(t.Value));
            else
                manual.AddMinor(position);
        }
        axis.TickGenerator = manual;
    }

    /// <summary>m × 10^n for each mantissa m, from <paramref name="min"/> to <paramref name="max"/> inclusive, ascending.</summary>
    public static List<double> Mantissas(double min, double max, IReadOnlyList<double> mantissas)
    {
        ArgumentNullException.ThrowIfNull(mantissas);
        var values = new List<double>();
        for (int n = (int)Math.Floor(Math.Log10(min)) - 1; n <= (int)Math.Ceiling(Math.Log10(max)); n++)
        {
            foreach (double m in mantissas)
            {
                // Parsed rather than multiplied: 3 × 10^-1 is 0.30000000000000004, its label "0.3" either way.
                double v = double.Parse(string.Create(CultureInfo.InvariantCulture, $"{m}e{n}"), CultureInfo.InvariantCulture);
                if (v >= min * (1 - OnTick) && v <= max * (1 + OnTick))
                    values.Add(v);
            }
        }
        return values;
    }

    /// <summary>Every tick labelled if there are few; otherwise the decades (every k-th if many), the rest unlabelled.</summary>
    private static List<LogTick> Label(List<double> values)
    {
        if (values.Count <= MaxManualTicks)
            return values.Select(v => new LogTick(v, true)).ToList();
        static bool IsDecade(double v) => Math.Abs(Math.Log10(v) - Math.Round(Math.Log10(v))) < OnTick;
        int decades = values.Count(IsDecade);
        int every = Math.Max(1, (int)Math.Ceiling(decades / (double)MaxManualTicks));
        return values.Select(v => new LogTick(v, IsDecade(v) && (int)Math.Round(Math.Log10(v)) % every == 0)).ToList();
    }

    /// <summary>Labelled ticks at given positions, thinned evenly to at most <see cref="MaxManualTicks"/> unless <paramref name="everyTick"/>.</summary>
    public static void Manual(IAxis axis, IReadOnlyList<(double Position, string Label)> ticks, bool everyTick = false)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(ticks);
        int step = everyTick ? 1 : Math.Max(1, (int)Math.Ceiling(ticks.Count / (double)MaxManualTicks));
        var manual = new NumericManual();
        for (int i = 0; i < ticks.Count; i += step)
            manual.AddMajor(ticks[i].Position, ticks[i].Label);
        axis.TickGenerator = manual;
    }

    /// <summary>True if the values form a geometric series of at least three terms (a log-spaced axis).</summary>
    public static bool IsGeometric(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 3 || values.Any(v => v <= 0))
            return false;
        double ratio = values[1] / values[0];
        for (int i = 2; i < values.Count; i++)
        {
            if (Math.Abs(values[i] / values[i - 1] / ratio - 1) > GeometricTolerance)
                return false;
        }
        return ratio != 1;
    }

    /// <summary>", log scale" for a log-spaced axis (to follow the unit in an axis label's brackets), else nothing.</summary>
    public static string ScaleNote(IReadOnlyList<double> values) => IsGeometric(values) ? ", log scale" : "";

    /// <summary>The values of one axis of a sweep, in axis order.</summary>
    public static double[] Values(SweepProblem problem, Axis axis)
    {
        ArgumentNullException.ThrowIfNull(problem);
        GridShape shape = problem.Spec.Shape;
        return problem.AxisValues.AsSpan(shape.Offset(axis), shape.Length(axis)).ToArray();
    }

    /// <summary>How an objective is named, with its unit, and how its values are written.</summary>
    public static (string Name, string Unit, Func<double, string> Label) Objective(ObjectiveKind kind) => kind switch
    {
        ObjectiveKind.Cost => ("cost", "USD", Format.Usd),
        ObjectiveKind.Time => ("wall-clock time", "days", Format.Human),
        _ => ("energy", "MWh", Format.Human),
    };
}
