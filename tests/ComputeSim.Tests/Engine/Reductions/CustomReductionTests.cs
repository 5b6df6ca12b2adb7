using System.Text;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Robustness;

namespace ComputeSim.Tests.Engine.Reductions;

/// <summary>
/// A reduction added outside the project (<see cref="CountUnderBudget"/>, one file) and registered in one line
/// runs on every path like the built-in ones: the cpu path with its row shortcut, the device path (which hands
/// it every admissible point), merges of ranges, checkpoints and shard files.
/// </summary>
public sealed class CustomReductionTests
{
    private const double Budget = 2e6;

    /// <summary>The registration: the only line outside the reduction's own file.</summary>
    public static SweepOptions Options(int top, bool pareto, BinSpec? bins = null) =>
        new(top, pareto, bins) { Reductions = ReductionSet.Default.With((_, _) => new CountUnderBudget(Budget)) };

    private static long Counted(SweepResult r) => r.Reduction<CountUnderBudget>()!.Count;

    // The count by its definition, from every point.
    private static long BruteForce(SweepProblem problem)
    {
        long n = 0;
        for (long i = 0; i < problem.Total; i++)
        {
            PointResult r = problem.Evaluate(i);
            if (problem.Selection.Admits(r) && r.CostUsd <= Budget)
                n++;
        }
        return n;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cpu_path_with_the_row_shortcut_equals_reference_and_the_definition(int seed)
    {
        SweepProblem problem = RandomGrids.Make(new Random(seed), moderate: seed % 2 == 0);
        SweepOptions options = Options(3, pareto: true);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = new CpuBackend(chunkSize: 977, rowChunkSize: 1 << 12).Run(problem, options);
        Sweeps.AssertSameResult(expected, actual);
        Assert.Equal(BruteForce(problem), Counted(expected));
        Assert.Equal(Counted(expected), Counted(actual));
    }

    [Fact]
    public void Device_path_hands_it_every_point_and_equals_reference()
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 3001);
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount: 23);
        SweepOptions options = Options(2, pareto: true);
        SweepResult actual = backend.Run(problem, options);
        Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), actual);
        Assert.Equal(BruteForce(problem), Counted(actual));
        Assert.Equal(0, backend.ChunksReducedOnDevice);
    }

    [Fact]
    public void Ranges_merge_and_checkpoint_round_trip_to_the_whole()
    {
        SweepProblem problem = RandomGrids.Make(new Random(7), moderate: true);
        SweepOptions options = Options(4, pareto: true);
        var backend = new CpuBackend(chunkSize: 501, rowChunkSize: 1 << 12);
        long cut = problem.Total / 3;
        PartialSweep first = backend.RunRange(problem, options, new IndexRange(0, cut));
        byte[] file = Sweeps.Serialize(first, problem, options);
        Assert.Contains("\"count_under_budget\"", Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        Assert.Contains("\"version\": 4", Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        PartialSweep resumed = PartialSweepFormat.Read(file, "ck", problem, options).Partial;
        resumed.Merge(backend.RunRange(problem, options, new IndexRange(cut, problem.Total)));
        Assert.True(resumed.Covers(problem.Total));
        Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), resumed.Accumulator.ToResult());
        Assert.Null(ReductionCheck.Run(problem, options, resumed.Ranges, resumed.Accumulator.Snapshot()).Mismatch);

        // A sweep without the registration is another grid: the file is refused, naming it.
        var e = Assert.Throws<InputException>(() => PartialSweepFormat.Read(file, "ck", problem, new SweepOptions(4, true)));
        Assert.StartsWith("ck: written for a different grid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_count_is_caught_by_the_checks_and_by_verify()
    {
        SweepProblem problem = RandomGrids.Make(new Random(11), moderate: true);
        SweepOptions options = Options(2, pareto: false);
        PartialSweep part = new CpuBackend().RunRange(problem, options, new IndexRange(0, problem.Total));
        string text = Encoding.UTF8.GetString(Sweeps.Serialize(part, problem, options));
        long count = part.Accumulator.ToResult().Reduction<CountUnderBudget>()!.Count;
        long admissible = part.Accumulator.Admissible;

        string over = text.Replace($"\"count_under_budget\": {count}", $"\"count_under_budget\": {admissible + 1}", StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => PartialSweepFormat.Read(Sweeps.Resign(Encoding.UTF8.GetBytes(over)), "f", problem, options));
        Assert.Contains("\"count_under_budget\" is", e.Message, StringComparison.Ordinal);

        if (count == 0)
            return;
        string under = text.Replace($"\"count_under_budget\": {count}", $"\"count_under_budget\": {count - 1}", StringComparison.Ordinal);
        PartialSweep read = PartialSweepFormat.Read(Sweeps.Resign(Encoding.UTF8.GetBytes(under)), "f", problem, options).Partial;
        string? mismatch = ReductionCheck.Run(problem, options, read.Ranges, read.Accumulator.Snapshot()).Mismatch;
        Assert.Contains("\"count_under_budget\" entry 0", mismatch, StringComparison.Ordinal);
    }
}
