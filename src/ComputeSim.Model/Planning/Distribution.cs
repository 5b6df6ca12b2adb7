namespace ComputeSim.Model;

/// <summary>Kinds of <see cref="Distribution"/>.</summary>
public static class DistributionKind
{
    /// <summary>Always <see cref="Distribution.A"/>.</summary>
    public const int Fixed = 0;
    /// <summary>Normal(mean A, sd B), clamped to [Low, High].</summary>
    public const int Normal = 1;
    /// <summary>Uniform on [A, B].</summary>
    public const int Uniform = 2;
    /// <summary>Triangular on [A, C] with mode B.</summary>
    public const int Triangular = 3;
}

/// <summary>A one-dimensional distribution drawn from two uniforms by inverse transforms. Kernel-safe.</summary>
public readonly struct Distribution
{
    /// <summary>One of <see cref="DistributionKind"/>.</summary>
    public int Kind { get; init; }
    /// <summary>First parameter (value, mean, lower bound).</summary>
    public double A { get; init; }
    /// <summary>Second parameter (sd, upper bound, mode).</summary>
    public double B { get; init; }
    /// <summary>Third parameter (triangular upper bound).</summary>
    public double C { get; init; }
    /// <summary>Smallest value a normal draw may take (the CLI sets mean − 3 sd: draws beyond are clamped).</summary>
    public double Low { get; init; }
    /// <summary>Largest value a normal draw may take.</summary>
    public double High { get; init; }

    /// <summary>A fixed value.</summary>
    public static Distribution Constant(double value) => new() { Kind = DistributionKind.Fixed, A = value, Low = value, High = value };

    /// <summary>A draw from uniforms <paramref name="u1"/>, <paramref name="u2"/> in (0, 1].</summary>
    public static double Sample(in Distribution d, double u1, double u2)
    {
        if (d.Kind == DistributionKind.Normal)
        {
            // Box-Muller; u1 > 0 keeps the logarithm finite, and sd 0 returns the mean exactly.
            double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            return Math.Min(d.High, Math.Max(d.Low, d.A + d.B * z));
        }
        if (d.Kind == DistributionKind.Uniform)
            return d.A + (d.B - d.A) * u1;
        if (d.Kind == DistributionKind.Triangular)
            return Triangular(d.A, d.B, d.C, u1);
        return d.A;
    }

    /// <summary>Inverse CDF of the triangular distribution on [a, c] with mode b.</summary>
    private static double Triangular(double a, double b, double c, double u)
    {
        double width = c - a;
        if (width <= 0.0)
            return a;
        double split = (b - a) / width;
        return u < split
            ? a + Math.Sqrt(u * width * (b - a))
            : c - Math.Sqrt((1.0 - u) * width * (c - b));
    }
}
