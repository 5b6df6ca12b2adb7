using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ComputeSim.Cli.Plots;

/// <summary>Axis helpers shared by the plots: log scales drawn as log10 data with labels in real units, and thinned manual ticks.</summary>
internal static class PlotAxes
{
    /// <summary>Most labelled ticks on an axis of manual ticks: more would overlap at the plot's width.</summary>
    public const int MaxManualTicks = 12;

    private const double GeometricTolerance = 1e-6;
    private const double OneDecade = 1.0;
    // Over this many decades, a tick per decade is enough; under it, 1-2-5 ticks keep an axis labelled.
    private const double DecadesForDecadeTicks = 3.0;
    // Under a decade, ticks go at a handful of round real values (automatic ones in log units come dense and odd).
    private const int TicksUnderADecade = 5;

    /// <summary>
    /// Makes <paramref name="axis"/> a log axis for data given as log10 values, labelled in real units:
    /// decade ticks with log minor ticks over many decades, 1-2-5 ticks over a few, and ticks at round
    /// real values under one.
    /// </summary>
    public static void Log10(IAxis axis, double log10Min, double log10Max, Func<double, string> label)
    {
        ArgumentNullException.ThrowIfNull(axis);
        ArgumentNullException.ThrowIfNull(label);
        double span = log10Max - log10Min;
        if (span >= DecadesForDecadeTicks)
        {
            axis.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => label(Math.Pow(10, v)),
            };
            return;
        }
        var manual = new NumericManual();
        IEnumerable<double> values = span >= OneDecade
            ? OneTwoFive(log10Min, log10Max)
            : RoundValues(Math.Pow(10, log10Min), Math.Pow(10, log10Max));
        foreach (double v in values)
            manual.AddMajor(Math.Log10(v), label(v));
        axis.TickGenerator = manual;
    }

    /// <summary>1, 2 and 5 × 10^n from the decade below the range to the decade above it.</summary>
    public static IEnumerable<double> OneTwoFive(double log10Min, double log10Max)
    {
        for (int n = (int)Math.Floor(log10Min); n <= (int)Math.Ceiling(log10Max); n++)
        {
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
                yield return m * Math.Pow(10, n);
        }
    }

    /// <summary>Round values (multiples of 1, 2 or 5 × 10^n) spanning [min, max], about <see cref="TicksUnderADecade"/> of them.</summary>
    public static IReadOnlyList<double> RoundValues(double min, double max)
    {
        double raw = (max - min) / TicksUnderADecade;
        if (!(raw > 0))
            return [min];
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        // The ends are padded by a step: the axis keeps a margin around the data.
        var values = new List<double>();
        for (double v = Math.Floor(min / step) * step; v <= max + step; v += step)
        {
            if (v > 0)
                values.Add(v);
        }
        return values;
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

    /// <summary>" (log scale)" for a log-spaced axis, else nothing.</summary>
    public static string ScaleNote(IReadOnlyList<double> values) => IsGeometric(values) ? " (log scale)" : "";

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
