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
        (double scale, string unit) = Suffix(v);
        double scaled = v / scale;
        // Four significant figures: 776.1K, 1.358M.
        string pattern = Math.Abs(scaled) >= 100 ? "0.#" : Math.Abs(scaled) >= 10 ? "0.##" : "0.###";
        return scaled.ToString(pattern, CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>Significant figures of every measured quantity in a table and in the answer line.</summary>
    public const int Figures = 3;

    /// <summary>
    /// A measured quantity to <see cref="Figures"/> significant figures, the unit left to the column's name:
    /// 0.0915, 8.97, 235, 1.36K, 221K, 1.36M; scientific below 1e-3 and from 1e15; "n/a" when not finite.
    /// Counts that are exact (GPUs, years) are not measured quantities and keep every digit.
    /// </summary>
    public static string Sig(double v)
    {
        if (!double.IsFinite(v))
            return "n/a";
        double a = Math.Abs(v);
        if (a == 0)
            return "0";
        if (a >= ScientificFrom || a < 1e-3)
            return v.ToString("0.##e+0", CultureInfo.InvariantCulture);
        // Rounding first decides the suffix: 999.6 is 1K, not 1000.
        double rounded = RoundSig(v);
        (double scale, string unit) = Suffix(rounded);
        double scaled = RoundSig(rounded / scale);
        int decimals = Math.Max(0, Figures - 1 - (int)Math.Floor(Math.Log10(Math.Abs(scaled))));
        return scaled.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>US dollars to <see cref="Figures"/> significant figures, for prose: $1.36M.</summary>
    public static string SigUsd(double v) => double.IsFinite(v) ? "$" + Sig(v) : "n/a";

    private static (double Scale, string Unit) Suffix(double v) => Math.Abs(v) switch
    {
        >= 1e12 => (1e12, "T"),
        >= 1e9 => (1e9, "B"),
        >= 1e6 => (1e6, "M"),
        >= 1e3 => (1e3, "K"),
        _ => (1.0, ""),
    };

    private static double RoundSig(double v)
    {
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double unit = Math.Pow(10, magnitude - Figures + 1);
        return Math.Round(v / unit, MidpointRounding.AwayFromZero) * unit;
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
