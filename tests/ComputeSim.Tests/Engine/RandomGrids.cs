using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// Random L0 grids built to hit the edges of the fast paths: unsorted and repeated axis values, tokens per
/// parameter, deadlines and budgets set exactly to some point's days or cost, unsupported precisions,
/// overflowing rows (unless <c>moderate</c>), and GPUs that do not fit.
/// </summary>
public static class RandomGrids
{
    private static readonly string[] Chips = ["v100-sxm2-32gb", "a100-sxm4-80gb", "h100-sxm5-80gb", "mi300x", "b200-sxm-192gb"];

    public static SweepProblem Make(Random rng, bool moderate = false)
    {
        string[] chips = [.. Chips.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4))];
        Precision[] precisions = [.. new[] { Precision.Bf16, Precision.Fp16, Precision.Fp8, Precision.Mxfp8, Precision.Nvfp4, Precision.Mxfp4 }.OrderBy(_ => rng.Next()).Take(rng.Next(1, 3))];
        double[] utilizations = moderate || rng.Next(5) > 0 ? Pick(rng, [0.3, 0.45, 0.52], 1, 2) : [0.4, 1e-300];
        double[]? prices = rng.Next(3) == 0 ? null : Pick(rng, [2.0, 3.5, 0.0], 1, 2);
        bool perParam = rng.Next(3) == 0;
        double[] parameters = Values(rng, rng.Next(1, 30), 6, 14);
        if (!moderate && rng.Next(6) == 0)
            parameters[0] = 1e200;
        double[] tokens = perParam ? Values(rng, rng.Next(1, 25), 0, 2.3) : Values(rng, rng.Next(1, 25), 8, 15);
        double[] gpus = [.. Enumerable.Range(0, rng.Next(1, 18)).Select(_ => (double)(1L << rng.Next(0, 21)))];
        if (rng.Next(3) == 0)
            gpus = [.. gpus, gpus[0], 3, 1000];

        var selection = new Selection
        {
            Objective = (ObjectiveKind)rng.Next(3),
            MaxDays = double.PositiveInfinity,
            MaxCostUsd = double.PositiveInfinity,
            MustFit = rng.Next(2),
        };
        SweepProblem Build(Selection s) => new(
            [.. chips.Select(TestData.Spec)], chips, precisions, utilizations, prices, parameters, tokens, perParam, gpus,
            TestData.Standard, s);

        // Deadlines and budgets taken from the grid's own points land exactly on a point, or between rows.
        SweepProblem unconstrained = Build(selection);
        PointResult Some() => unconstrained.Evaluate(rng.NextInt64(unconstrained.Total));
        selection = selection with
        {
            MaxDays = rng.Next(4) switch { 0 => double.PositiveInfinity, 1 => 90, _ => Some().WallClockDays },
            MaxCostUsd = rng.Next(3) switch { 0 => double.PositiveInfinity, 1 => Some().CostUsd, _ => 1e7 },
        };
        return Build(selection);
    }

    private static double[] Pick(Random rng, double[] from, int min, int max) =>
        [.. from.OrderBy(_ => rng.Next()).Take(rng.Next(min, max + 1))];

    /// <summary>Log-uniform values in [10^lo, 10^hi], unsorted, sometimes with a repeat.</summary>
    private static double[] Values(Random rng, int count, double lo, double hi)
    {
        double[] v = [.. Enumerable.Range(0, count).Select(_ => Math.Round(Math.Pow(10, lo + rng.NextDouble() * (hi - lo)), 3))];
        if (count > 2 && rng.Next(3) == 0)
            v[1] = v[0];
        return v;
    }
}
