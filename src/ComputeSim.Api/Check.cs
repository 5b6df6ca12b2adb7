using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Range checks for request fields; a failure is an <see cref="InputException"/> whose subject is the field.</summary>
public static class Check
{
    /// <summary>Largest parameter count accepted (1e16: far past any planned model, far from overflow).</summary>
    public const double MaxParams = 1e16;
    /// <summary>Largest token count accepted.</summary>
    public const double MaxTokens = 1e18;
    /// <summary>Largest cluster accepted.</summary>
    public const double MaxGpus = 1e8;

    /// <summary>Checks min &lt; value ≤ max (min ≤ value with <paramref name="minInclusive"/>); returns the value.</summary>
    public static double InRange(double v, string subject, double min, double max, bool minInclusive = false)
    {
        bool low = minInclusive ? v >= min : v > min;
        if (!low || v > max || !double.IsFinite(v))
        {
            string lowText = minInclusive ? ">= " : "> ";
            throw new InputException(subject, $"{Show(v)} is out of range; expected {lowText}{Show(min)} and <= {Show(max)}");
        }
        return v;
    }

    /// <summary>Checks a GPU count: a whole number from 1 to <see cref="MaxGpus"/>.</summary>
    public static double Gpus(double v, string subject)
    {
        InRange(v, subject, 1, MaxGpus, minInclusive: true);
        if (v != Math.Floor(v))
            throw new InputException(subject, $"{v.ToString(CultureInfo.InvariantCulture)} is not a whole number of GPUs");
        return v;
    }

    /// <summary>Checks that no value of an axis is listed twice (the grid would repeat its points, and a top-k list each twice);
    /// returns the values. The engine takes any axis; the requests, like the command line's axes, refuse repeats.</summary>
    public static IReadOnlyList<T> Distinct<T>(IReadOnlyList<T> values, string subject, Func<T, string>? show = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<T>();
        foreach (T v in values)
        {
            if (!seen.Add(v))
                throw new InputException(subject, $"{(show is null ? Convert.ToString(v, CultureInfo.InvariantCulture) : show(v))} is listed twice; an axis never holds a value twice");
        }
        return values;
    }

    /// <summary>Refuses a utilisation beside a prediction, which would be ignored: any but the request's default axis, since a
    /// request cannot tell the default restated from the default left (a front door that can tell throws
    /// <see cref="UtilizationPredicted"/> for the default too).</summary>
    public static void NoUtilizationWhenPredicting(IReadOnlyList<double> utilizations)
    {
        ArgumentNullException.ThrowIfNull(utilizations);
        if (utilizations is not [double u] || u != Defaults.Utilization.Value)
            throw UtilizationPredicted();
    }

    /// <summary>The error for a utilisation given beside a prediction.</summary>
    public static InputException UtilizationPredicted() => new(Fields.Utilization, "with predict the utilisation is predicted, not swept; drop it");

    /// <summary>Checks a count or size is at least 1.</summary>
    public static int Positive(int v, string subject) =>
        v >= 1 ? v : throw new InputException(subject, $"{v} must be at least 1");

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
}
