using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// The cpu backend's row shortcut (bounds, bulk counts, FLOP limits) against the reference path on
/// random grids built to hit its edges: unsorted and repeated axis values, tokens per parameter,
/// deadlines and budgets set exactly to some point's days or cost, unsupported precisions, overflowing
/// rows, GPUs that do not fit, and chunks that cut rows and blocks anywhere.
/// </summary>
public sealed class RowShortcutTests
{
    private static readonly string[] Chips = ["v100-sxm2-32gb", "a100-sxm4-80gb", "h100-sxm5-80gb", "mi300x", "b200-sxm-192gb"];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= 120; seed++)
            data.Add(seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_grid_reductions_equal_reference(int seed)
    {
        var rng = new Random(seed);
        SweepProblem problem = RandomProblem(rng);
        var options = new SweepOptions(rng.Next(4) switch { 0 => 0, 1 => 1, 2 => 3, _ => 60 }, Pareto: rng.Next(2) == 0);
        var backend = new CpuBackend(rowChunkSize: rng.Next(2) == 0 ? rng.Next(1, 5000) : CpuBackend.DefaultRowChunkSize);

        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);

        string where = $"seed {seed}: {problem.Total} points, {problem.Selection.Objective}, max days {problem.Selection.MaxDays}, max cost {problem.Selection.MaxCostUsd}";
        Assert.True(expected.Evaluated == actual.Evaluated, where);
        Assert.True(expected.Admissible == actual.Admissible, $"{where}: admissible {expected.Admissible} vs {actual.Admissible}");
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }

    [Fact]
    public void Shards_of_odd_ranges_merge_to_the_whole()
    {
        var rng = new Random(7);
        SweepProblem problem = RandomProblem(rng, forceModerate: true);
        var options = new SweepOptions(5, Pareto: true);
        var backend = new CpuBackend(rowChunkSize: 1000);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        long[] cuts = [0, .. Enumerable.Range(0, 6).Select(_ => rng.NextInt64(problem.Total)).Order(), problem.Total];
        Accumulator? merged = null;
        for (int i = 0; i + 1 < cuts.Length; i++)
        {
            Accumulator part = backend.RunRange(problem, options, new IndexRange(cuts[i], cuts[i + 1])).Accumulator;
            if (merged is null)
                merged = part;
            else
                merged.Merge(part);
        }
        SweepResult actual = merged!.ToResult();
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => p.Index), actual.Top.Select(p => p.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }

    [Fact]
    public void Flop_limit_is_the_last_flop_count_in_time()
    {
        var rng = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            double achieved = Math.Pow(10, rng.NextDouble() * 4 + 12) * rng.NextDouble();
            double gpus = Math.Floor(Math.Pow(2, rng.NextDouble() * 20)) + 1;
            double maxDays = rng.NextDouble() * 200;
            double limit = L0RowSweep.MaxFlopsInTime(achieved, gpus, maxDays);
            double Days(double flops) => new L0Row { Flops = flops, Achieved = achieved }.Days(gpus);
            Assert.True(Days(limit) <= maxDays, $"limit {limit} is late");
            Assert.True(Days(Math.BitIncrement(limit)) > maxDays, $"limit {limit} is not the last");
        }
        Assert.Equal(-1.0, L0RowSweep.MaxFlopsInTime(1e15, 8, -1));
        Assert.Equal(double.MaxValue, L0RowSweep.MaxFlopsInTime(1e15, 8, double.PositiveInfinity));
    }

    private static SweepProblem RandomProblem(Random rng, bool forceModerate = false)
    {
        string[] chips = [.. Chips.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4))];
        Precision[] precisions = [.. new[] { Precision.Bf16, Precision.Fp16, Precision.Fp8 }.OrderBy(_ => rng.Next()).Take(rng.Next(1, 3))];
        double[] utilizations = forceModerate || rng.Next(5) > 0 ? Pick(rng, [0.3, 0.45, 0.52], 1, 2) : [0.4, 1e-300];
        double[]? prices = rng.Next(3) == 0 ? null : Pick(rng, [2.0, 3.5, 0.0], 1, 2);
        bool perParam = rng.Next(3) == 0;
        double[] parameters = Values(rng, rng.Next(1, 30), 6, 14);
        if (!forceModerate && rng.Next(6) == 0)
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
