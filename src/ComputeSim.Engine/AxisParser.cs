using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>A parsed numeric axis.</summary>
/// <param name="Values">The values, in the order given.</param>
/// <param name="PerParam">True if every value carried an <c>x</c> suffix (tokens as a multiple of params).</param>
public sealed record AxisValues(double[] Values, bool PerParam);

/// <summary>
/// Parses an axis: a list (<c>8,64,512</c>), a range with a count (<c>1e8..1e13:log:512</c>,
/// <c>0.3..0.5:lin:5</c>) or powers of two (<c>8..262144:pow2</c>). Numbers take K, M, B (or G),
/// T suffixes (<c>175B</c>); an <c>x</c> suffix (<c>20x</c>) marks a multiple of params.
/// </summary>
/// <remarks>
/// The grammar is strict because a near miss used to be a silently wrong grid (<c>1e9...1e10:lin:2</c>
/// read as 1e9..0.1e10, two equal points): a range is exactly <c>START..END:lin|log:COUNT</c> or
/// <c>START..END:pow2</c>, with no third dot. An axis never holds a value twice: a repeated list item,
/// a range with start = end and a count above 1, or a range whose points coincide (closer than a
/// double tells apart, or rounded to the same GPU count) is refused, naming the axis.
/// </remarks>
public static class AxisParser
{
    /// <summary>Most values one axis may hold.</summary>
    public const int MaxValuesPerAxis = 1 << 24;

    /// <summary>Parses <paramref name="text"/> for the option <paramref name="flag"/>; errors name the flag.</summary>
    /// <param name="text">The axis text.</param>
    /// <param name="flag">The option, for errors.</param>
    /// <param name="allowPerParam">Whether <c>x</c> multiples are allowed.</param>
    /// <param name="wholeNumbers">Round range values to whole numbers and drop repeats (GPU counts); list values are left to the caller to check.</param>
    public static AxisValues Parse(string text, string flag, bool allowPerParam = false, bool wholeNumbers = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException(flag, $"empty value");
        string t = text.Trim();
        int dots = t.IndexOf("..", StringComparison.Ordinal);
        AxisValues axis = dots >= 0 ? ParseRange(t, dots, flag) : ParseList(t, flag);
        if (wholeNumbers && dots >= 0)
            axis = axis with { Values = axis.Values.Select(v => Math.Round(v)).ToArray() };
        if (axis.PerParam && !allowPerParam)
            throw new InputException(flag, $"'{text}' uses an 'x' multiple, which only token counts accept");
        RefuseRepeats(axis.Values, t, flag, dots >= 0, wholeNumbers);
        return axis;
    }

    // A range's points never decrease (rounding keeps that), so a repeat sits next to its twin; a list is sorted to find one.
    private static void RefuseRepeats(double[] values, string text, string flag, bool range, bool wholeNumbers)
    {
        double[] ordered = range ? values : values.Order().ToArray();
        for (int i = 1; i < ordered.Length; i++)
        {
            if (ordered[i] != ordered[i - 1])
                continue;
            string value = ordered[i].ToString("R", CultureInfo.InvariantCulture);
            if (!range)
                throw new InputException(flag, $"{value} is listed twice in '{text}'");
            string why = wholeNumbers ? "once rounded to whole numbers" : "(its points are closer than a double tells apart)";
            throw new InputException(flag, $"range '{text}' repeats {value} {why}; lower the count");
        }
    }

    /// <summary>Parses one number with an optional K/M/B/G/T suffix; <paramref name="perParam"/> reports an <c>x</c> suffix.</summary>
    public static double ParseNumber(string text, string flag, out bool perParam)
    {
        string s = text.Trim();
        perParam = s.EndsWith('x') || s.EndsWith('X');
        if (perParam)
            s = s[..^1];
        double scale = 1.0;
        if (s.Length > 1)
        {
            scale = char.ToUpperInvariant(s[^1]) switch
            {
                'K' => 1e3,
                'M' => 1e6,
                'B' or 'G' => 1e9,
                'T' => 1e12,
                _ => 1.0,
            };
            if (scale != 1.0)
                s = s[..^1];
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InputException(flag, $"'{text.Trim()}' is not a number");
        double value = v * scale;
        if (!double.IsFinite(value))
            throw new InputException(flag, $"'{text.Trim()}' is too large");
        return value;
    }

    private static AxisValues ParseList(string t, string flag)
    {
        string[] items = t.Split(',');
        if (items.Length > MaxValuesPerAxis)
            throw new InputException(flag, $"more than {MaxValuesPerAxis} values");
        var values = new double[items.Length];
        bool? perParam = null;
        for (int i = 0; i < items.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i]))
                throw new InputException(flag, $"empty item in '{t}'");
            values[i] = ParseNumber(items[i], flag, out bool x);
            if (perParam is bool p && p != x)
                throw new InputException(flag, $"mix of plain values and 'x' multiples in '{t}'");
            perParam = x;
        }
        return new AxisValues(values, perParam ?? false);
    }

    private static AxisValues ParseRange(string t, int dots, string flag)
    {
        string from = t[..dots];
        if (t.IndexOf('.', dots + 2) == dots + 2 || t.IndexOf("..", dots + 2, StringComparison.Ordinal) >= 0)
            throw new InputException(flag, $"'{t}' is not a range: expected exactly two dots between START and END, as in START..END:lin:COUNT, START..END:log:COUNT or START..END:pow2");
        string[] rest = t[(dots + 2)..].Split(':');
        double a = ParseNumber(from, flag, out bool xa);
        double b = ParseNumber(rest[0], flag, out bool xb);
        if (xa != xb)
            throw new InputException(flag, $"both ends of '{t}' must be 'x' multiples, or neither");
        if (a > b)
            throw new InputException(flag, $"range '{t}' is empty (start > end)");
        string kind = rest.Length > 1 ? rest[1].Trim().ToLowerInvariant() : "";
        double[] values = kind switch
        {
            "pow2" when rest.Length == 2 => PowersOfTwo(a, b, t, flag),
            "lin" or "log" when rest.Length == 3 => Spaced(a, b, Count(rest[2], t, flag), kind == "log", t, flag),
            _ => throw new InputException(flag, $"'{t}' is not a range; use START..END:lin:COUNT, START..END:log:COUNT or START..END:pow2"),
        };
        return new AxisValues(values, xa);
    }

    private static int Count(string text, string range, string flag)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new InputException(flag, $"count in '{range}' must be a whole number >= 1");
        if (n > MaxValuesPerAxis)
            throw new InputException(flag, $"count in '{range}' exceeds {MaxValuesPerAxis}");
        return n;
    }

    private static double[] Spaced(double a, double b, int n, bool log, string range, string flag)
    {
        if (n == 1)
        {
            if (a != b)
                throw new InputException(flag, $"a count of 1 needs start = end in '{range}'");
            return [a];
        }
        if (a == b)
            throw new InputException(flag, $"range '{range}' has start = end, so its {n} points would all be {a.ToString("R", CultureInfo.InvariantCulture)}; give a count of 1, or a wider range");
        if (log && a <= 0)
            throw new InputException(flag, $"a log range needs a start > 0 in '{range}'");
        // -1e308..1e308 spans more than a double holds: every inner value would be infinite.
        if (!log && !double.IsFinite(b - a))
            throw new InputException(flag, $"range '{range}' is too wide; narrow it");
        var values = new double[n];
        double la = Math.Log(a), lb = Math.Log(b);
        for (int i = 0; i < n; i++)
        {
            double f = (double)i / (n - 1);
            values[i] = log ? Math.Exp(la + (lb - la) * f) : a + (b - a) * f;
        }
        // Pin the ends exactly: exp(log(x)) need not round-trip.
        values[0] = a;
        values[^1] = b;
        return values;
    }

    private static double[] PowersOfTwo(double a, double b, string range, string flag)
    {
        var values = new List<double>();
        for (double p = 1; p <= b; p *= 2)
        {
            if (p >= a)
                values.Add(p);
        }
        if (values.Count == 0)
            throw new InputException(flag, $"no power of two lies in '{range}'");
        return [.. values];
    }
}
