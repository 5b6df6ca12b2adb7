using System.Globalization;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli;

/// <summary>Range checks for user values; each failure is one line naming the flag.</summary>
public static class Validate
{
    /// <summary>Largest parameter count accepted (1e16: far past any planned model, far from overflow).</summary>
    public const double MaxParams = 1e16;
    /// <summary>Largest token count accepted.</summary>
    public const double MaxTokens = 1e18;
    /// <summary>Largest cluster accepted.</summary>
    public const double MaxGpus = 1e8;

    /// <summary>Parses one number (K/M/B/T suffixes allowed) and checks min &lt; value ≤ max.</summary>
    public static double Number(string text, string flag, double min, double max, bool minInclusive = false)
    {
        double v = AxisParser.ParseNumber(text, flag, out bool perParam);
        if (perParam)
            throw new InputException($"{flag}: '{text}' uses an 'x' multiple, which only --tokens accepts");
        return InRange(v, flag, min, max, minInclusive);
    }

    /// <summary>Checks a value lies in the range; returns it.</summary>
    public static double InRange(double v, string flag, double min, double max, bool minInclusive = false)
    {
        bool low = minInclusive ? v >= min : v > min;
        if (!low || v > max || !double.IsFinite(v))
        {
            string lowText = minInclusive ? ">= " : "> ";
            throw new InputException($"{flag}: {Show(v)} is out of range; expected {lowText}{Show(min)} and <= {Show(max)}");
        }
        return v;
    }

    // The fewest figures (six at least) that say the value exactly: rounded to six, 1.0000001e16 read
    // "1e+16 is out of range; expected <= 1e+16".
    private static string Show(double v)
    {
        for (int figures = 6; figures < 17; figures++)
        {
            string text = v.ToString("G" + figures.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (double.Parse(text, CultureInfo.InvariantCulture).Equals(v))
                return text.ToLowerInvariant();
        }
        return v.ToString("G17", CultureInfo.InvariantCulture).ToLowerInvariant();
    }

    /// <summary>Checks a GPU count: a whole number from 1 to <see cref="MaxGpus"/>.</summary>
    public static double Gpus(double v, string flag)
    {
        InRange(v, flag, 1, MaxGpus, minInclusive: true);
        if (v != Math.Floor(v))
            throw new InputException($"{flag}: {v.ToString(CultureInfo.InvariantCulture)} is not a whole number of GPUs");
        return v;
    }

    /// <summary>Parses a comma-separated list of precision names; one named twice is refused, as a repeated axis value is.</summary>
    public static Precision[] Precisions(string text, string flag)
    {
        Precision[] precisions = text.Split(',').Select(p => Precision(p, flag)).ToArray();
        int repeat = Array.FindIndex(precisions, p => Array.IndexOf(precisions, p) != Array.LastIndexOf(precisions, p));
        return repeat < 0 ? precisions : throw new InputException($"{flag}: {PrecisionNames.Name(precisions[repeat])} is listed twice in '{text}'");
    }

    /// <summary>Parses a precision name.</summary>
    public static Precision Precision(string text, string flag) =>
        PrecisionNames.TryParse(text, out Precision p)
            ? p
            : throw new InputException($"{flag}: unknown precision '{text.Trim()}'; expected one of {string.Join(", ", PrecisionNames.All.Select(PrecisionNames.Name))}");
}
