namespace ComputeSim.Engine.Validation;

/// <summary>Derivative-free minimisation (Nelder and Mead 1965, with the standard coefficients 1, 2, ½, ½).</summary>
/// <remarks>The L2 model's step time has kinks (tile waves, layout choices), so a simplex search serves where a gradient would not.</remarks>
public static class NelderMead
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> with initial steps <paramref name="step"/>, for at most <paramref name="evaluations"/> calls.</summary>
    public static double[] Minimize(Func<double[], double> f, double[] start, double[] step, int evaluations)
    {
        int n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            points[i] = (double[])start.Clone();
            if (i > 0)
                points[i][i - 1] += step[i - 1];
            values[i] = f(points[i]);
        }
        int used = n + 1;
        while (used < evaluations)
        {
            Array.Sort(values, points);
            double[] centroid = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    centroid[j] += points[i][j] / n;
            double[] Along(double t) => [.. centroid.Select((c, j) => c + t * (points[n][j] - c))];
            double[] reflected = Along(-1);
            double fr = f(reflected);
            used++;
            if (fr < values[0])
            {
                double[] expanded = Along(-2);
                double fe = f(expanded);
                used++;
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (points[n], values[n]) = (reflected, fr);
            }
            else
            {
                double[] contracted = Along(fr < values[n] ? -0.5 : 0.5);
                double fc = f(contracted);
                used++;
                if (fc < Math.Min(fr, values[n]))
                {
                    (points[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        points[i] = [.. points[i].Select((x, j) => points[0][j] + 0.5 * (x - points[0][j]))];
                        values[i] = f(points[i]);
                        used++;
                    }
                }
            }
        }
        Array.Sort(values, points);
        return points[0];
    }
}
