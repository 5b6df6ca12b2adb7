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
        SweepProblem problem = RandomGrids.Make(rng);
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
        SweepProblem problem = RandomGrids.Make(rng, moderate: true);
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
}
