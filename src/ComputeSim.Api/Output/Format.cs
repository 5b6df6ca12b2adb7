using System.Globalization;

namespace ComputeSim.Api;

/// <summary>Number formatting for people (tables) and for files (round-trip).</summary>
public static class Format
{
    /// <summary>Round-trip text for files: shortest form that parses back to the same double.</summary>
    public static string Exact(double v) =>
        double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>Four significant figures, scientific outside 1e-3..1e7, "n/a" when not finite.</summary>
    public static string Human(double v)
    {
        if (!double.IsFinite(v))
            return "n/a";
        double a = Math.Abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-3))
            return Scientific(v);
        return v.ToString(a >= 1000 ? "#,0" : "0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A count with K/M/B/T suffix and four significant figures (params, tokens, dollars); scientific from
    /// 1e15 (1000T) on, so that no number is wider than <see cref="MaxWidth"/> ($1e300 once printed 290 digits).
    /// </summary>
    public static string Count(double v)
    {
        if (!double.IsFinite(v))
            return "n/a";
        if (Math.Abs(v) >= ScientificFrom)
            return Scientific(v);
        (double scale, string unit) = Math.Abs(v) switch
        {
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            >= 1e3 => (1e3, "K"),
            _ => (1.0, ""),
        };
        double scaled = v / scale;
        // Four significant figures: 776.1K, 1.358M.
        string pattern = Math.Abs(scaled) >= 100 ? "0.#" : Math.Abs(scaled) >= 10 ? "0.##" : "0.###";
        return scaled.ToString(pattern, CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>US dollars, e.g. $9.53M.</summary>
    public static string Usd(double v) => double.IsFinite(v) ? "$" + Count(v) : "n/a";

    /// <summary>The note printed under a table that holds a point flagged as overflowing.</summary>
    public const string OverflowNote = "n/a: a result exceeds the range of a double at these inputs (e.g. a utilisation near zero); it is not ranked";

    /// <summary>Relative difference as a signed percentage (scientific from a million percent on).</summary>
    public static string Percent(double fraction)
    {
        double percent = fraction * 100;
        if (!double.IsFinite(percent))
            return "n/a";
        return (Math.Abs(percent) >= 1e6 ? (percent > 0 ? "+" : "") + Scientific(percent) : percent.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)) + "%";
    }

    /// <summary>The widest a number from <see cref="Human"/> or <see cref="Count"/> prints: -1.234e-300 (<see cref="Usd"/> adds a '$', <see cref="Percent"/> a sign and a '%').</summary>
    public const int MaxWidth = 11;

    private const double ScientificFrom = 1e15;

    private static string Scientific(double v) => v.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
