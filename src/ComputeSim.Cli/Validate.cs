using System.Globalization;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli;

/// <summary>Range checks for user values; each failure is one line naming the flag.</summary>
internal static class Validate
{
    /// <summary>Largest parameter count accepted.</summary>
    public const double MaxParams = Check.MaxParams;
    /// <summary>Largest token count accepted.</summary>
    public const double MaxTokens = Check.MaxTokens;
    /// <summary>Largest cluster accepted.</summary>
    public const double MaxGpus = Check.MaxGpus;

    /// <summary>Parses one number (K/M/B/T suffixes allowed); its range is the request's to check.</summary>
    public static double Parse(string text, string flag)
    {
        double v = AxisParser.ParseNumber(text, flag, out bool perParam);
        return perParam ? throw new InputException(flag, $"'{text}' uses an 'x' multiple, which only --tokens accepts") : v;
    }

    /// <summary><see cref="Parse"/>, or null when the flag was not given.</summary>
    public static double? Optional(string? text, string flag) => text is null ? null : Parse(text, flag);

    /// <summary>Parses one number (K/M/B/T suffixes allowed) and checks min &lt; value ≤ max.</summary>
    public static double Number(string text, string flag, double min, double max, bool minInclusive = false)
    {
        return InRange(Parse(text, flag), flag, min, max, minInclusive);
    }

    /// <summary>Checks a value lies in the range; returns it.</summary>
    public static double InRange(double v, string flag, double min, double max, bool minInclusive = false) => Check.InRange(v, flag, min, max, minInclusive);

    /// <summary>Checks a GPU count: a whole number from 1 to <see cref="MaxGpus"/>.</summary>
    public static double Gpus(double v, string flag) => Check.Gpus(v, flag);

    /// <summary>Parses a comma-separated list of precision names; one named twice is refused, as a repeated axis value is.</summary>
    public static Precision[] Precisions(string text, string flag)
    {
        Precision[] precisions = text.Split(',').Select(p => Precision(p, flag)).ToArray();
        int repeat = Array.FindIndex(precisions, p => Array.IndexOf(precisions, p) != Array.LastIndexOf(precisions, p));
        return repeat < 0 ? precisions : throw new InputException($"{flag}: {PrecisionNames.Name(precisions[repeat])} is listed twice in '{text}'");
    }

    /// <summary>Parses a precision name.</summary>
    public static Precision Precision(string text, string flag) => PrecisionNames.Parse(text, flag);
}
