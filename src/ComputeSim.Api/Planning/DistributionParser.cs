using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Parses <c>fixed:V</c>, <c>normal:MEAN,SD</c>, <c>uniform:LO,HI</c>, <c>triangular:LO,MODE,HI</c>.</summary>
public static class DistributionParser
{
    /// <summary>The syntax, for help texts and errors.</summary>
    public const string Syntax = "fixed:V, normal:MEAN,SD, uniform:LO,HI or triangular:LO,MODE,HI";

    /// <summary>A normal is clamped at this many standard deviations from its mean, and that range must lie in the domain.</summary>
    public const double NormalMargin = 3.0;

    /// <summary>
    /// Parses a distribution whose values must lie in (<paramref name="low"/>, <paramref name="high"/>],
    /// scaling every parameter by <paramref name="scale"/> (a unit conversion); one-line errors name <paramref name="flag"/>.
    /// </summary>
    public static Distribution Parse(string text, string flag, double low, double high, double scale = 1.0)
    {
        string t = text.Trim();
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        string kind = colon < 0 ? "" : t[..colon].ToLowerInvariant();
        string[] parts = colon < 0 ? [] : t[(colon + 1)..].Split(',');
        int arity = kind switch { "fixed" => 1, "normal" or "uniform" => 2, "triangular" => 3, _ => 0 };
        if (arity == 0)
            throw new InputException(flag, $"'{t}' is not a distribution; expected {Syntax}");
        if (parts.Length != arity)
            throw new InputException(flag, $"'{t}' needs {arity} number{(arity > 1 ? "s" : "")} after '{kind}:'; expected {Syntax}");
        double[] v = parts.Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
            ? x : throw new InputException(flag, $"'{p.Trim()}' in '{t}' is not a number")).ToArray();
        void InDomain(double x, string what)
        {
            if (!(x > low && x <= high))
                throw new InputException(flag, $"{what} {x.ToString(CultureInfo.InvariantCulture)} in '{t}' is out of range; expected > {Show(low)} and <= {Show(high)}");
        }
        switch (kind)
        {
            case "fixed":
                InDomain(v[0], "value");
                return Distribution.Constant(v[0] * scale);
            case "normal":
                if (v[1] < 0)
                    throw new InputException(flag, $"the standard deviation in '{t}' is negative");
                InDomain(v[0] - NormalMargin * v[1], "mean - 3 sd");
                InDomain(v[0] + NormalMargin * v[1], "mean + 3 sd");
                // Clamped at mean ± 3 sd (0.27% of draws), which the checks above keep inside the domain.
                return new Distribution
                {
                    Kind = DistributionKind.Normal, A = v[0] * scale, B = v[1] * scale,
                    Low = (v[0] - NormalMargin * v[1]) * scale, High = (v[0] + NormalMargin * v[1]) * scale
                };
            case "uniform":
                InDomain(v[0], "lower bound");
                InDomain(v[1], "upper bound");
                if (v[1] < v[0])
                    throw new InputException(flag, $"'{t}' has its upper bound below its lower bound");
                return new Distribution { Kind = DistributionKind.Uniform, A = v[0] * scale, B = v[1] * scale };
            default:
                InDomain(v[0], "lower bound");
                InDomain(v[2], "upper bound");
                if (!(v[0] <= v[1] && v[1] <= v[2]))
                    throw new InputException(flag, $"'{t}' needs LO <= MODE <= HI");
                return new Distribution { Kind = DistributionKind.Triangular, A = v[0] * scale, B = v[1] * scale, C = v[2] * scale };
        }
    }

    private static string Show(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
