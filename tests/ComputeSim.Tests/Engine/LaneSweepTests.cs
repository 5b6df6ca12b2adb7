using System.Runtime.Intrinsics;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Engine.Reductions;
using ComputeSim.Tests.Robustness;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// The cpu backend's vectorised every-point path (<see cref="L0LaneSweep"/>), alone and inside the row shortcut,
/// against the reference path on random grids: GPU axes of 1 to 20 values (rows that end in a partial vector),
/// chunks that cut rows anywhere, heatmap bins on every kind of axis pair (a GPU axis longer than the bins, so
/// cells group GPU counts), and the edges of <see cref="RandomGrids"/>. Bins, top, best per hardware and front
/// must be equal bit for bit, kept points' results included: a lane that strayed by one ulp would show.
/// </summary>
public sealed class LaneSweepTests
{
    private static readonly (Axis Rows, Axis Columns)[] BinAxes =
    [
        (Axis.Params, Axis.Gpus), (Axis.Hardware, Axis.Gpus), (Axis.Gpus, Axis.Tokens), (Axis.Gpus, Axis.Precision), (Axis.Params, Axis.Tokens),
    ];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_grids_with_bins_equal_reference_bit_for_bit(int seed)
    {
        var rng = new Random(5000 + seed);
        SweepProblem problem = RandomGrids.Make(rng);
        (Axis rows, Axis columns) = BinAxes[rng.Next(BinAxes.Length)];
        var options = new SweepOptions(rng.Next(3) switch { 0 => 0, 1 => 3, _ => 40 }, Pareto: rng.Next(2) == 0, new BinSpec(rows, columns));
        int chunk = rng.Next(2) == 0 ? rng.Next(1, 3000) : CpuBackend.DefaultChunkSize;
        var backend = new CpuBackend(chunkSize: chunk, rowChunkSize: chunk, rowShortcut: rng.Next(2) == 0);
        AssertEqualToReference(problem, options, backend, $"seed {seed}, {problem.Total} points, bins {rows} x {columns}, chunk {chunk}");
    }

    [Theory]
    [InlineData(Axis.Params, Axis.Gpus, false)]
    [InlineData(Axis.Params, Axis.Gpus, true)]
    [InlineData(Axis.Gpus, Axis.Hardware, false)]
    public void A_gpu_axis_longer_than_the_bins_groups_counts_into_cells_as_reference_does(Axis rows, Axis columns, bool rowShortcut)
    {
        // 301 GPU counts: 256 bins, some holding two counts, and a last vector with one lane in the row.
        string[] names = ["a100-sxm4-80gb", "mi300x"];
        var problem = new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16], [0.4], null,
            AxisParser.Parse("1e8..1e12:log:9", "--params").Values, [20], true,
            AxisParser.Parse("8..2408:lin:301", "--gpus").Values, TestData.Standard, TestData.Constrained(ObjectiveKind.Time));
        var options = new SweepOptions(5, Pareto: true, new BinSpec(rows, columns));
        AssertEqualToReference(problem, options, new CpuBackend(chunkSize: 997, rowChunkSize: 997, rowShortcut: rowShortcut), "301 GPU counts");
    }

    [Theory]
    [InlineData(ObjectiveKind.Time, true)]
    [InlineData(ObjectiveKind.Cost, false)]
    public void The_row_shortcut_hands_a_heatmap_it_cannot_prune_to_the_lanes_with_the_same_result(ObjectiveKind objective, bool handsOver)
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "no 256-bit vectors on this machine: the scalar path runs");
        // 2 x 3 x 300 x 6 = 10,800 rows of 7 GPU counts: the fastest per cell of params x GPUs is kept by almost every row.
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb"];
        var problem = new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8, Precision.Fp16], [0.4], null,
            AxisParser.Parse("1e8..1e12:log:300", "--params").Values, [5, 10, 20, 40, 80, 160], true,
            AxisParser.Parse("8..512:pow2", "--gpus").Values, TestData.Standard, Selection.Unconstrained(objective) with { MaxDays = 90 });
        var options = new SweepOptions(4, Pareto: false, new BinSpec(Axis.Params, Axis.Gpus));
        var acc = new Accumulator(problem, options);
        L0RowSweep rows = L0RowSweep.For(problem, L0LaneSweep.For(problem))!;
        L0RowSweep.Worker worker = rows.NewWorker(acc);
        rows.Run(0, problem.Total / 2, acc, worker);
        Assert.Equal(handsOver, L0RowSweep.BoundsDoNotPay(worker));
        rows.Run(problem.Total / 2, problem.Total, acc, worker);

        SweepResult expected = ReferenceSweep.Run(problem, options), actual = acc.ToResult();
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(BinnedMinimumTests.Cells(expected.Bins!), BinnedMinimumTests.Cells(actual.Bins!));
    }

    [Fact]
    public void The_lane_path_serves_l0_grids_and_only_reductions_it_can_bound()
    {
        Skip.IfNot(Vector256.IsHardwareAccelerated, "no 256-bit vectors on this machine: the scalar path runs");
        SweepProblem l0 = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost));
        L0LaneSweep lanes = Assert.IsType<L0LaneSweep>(L0LaneSweep.For(l0));
        Assert.Null(L0LaneSweep.For(PredictedGrids.Make(TestData.Constrained(ObjectiveKind.Cost))));
        Assert.NotNull(lanes.Bounds(new Accumulator(l0, new SweepOptions(3, Pareto: true, new BinSpec(Axis.Params, Axis.Gpus)))));
        // A reduction it has no bound for needs every admissible point: the scalar path serves it, with the same answer.
        SweepOptions custom = CustomReductionTests.Options(3, pareto: true, new BinSpec(Axis.Params, Axis.Gpus));
        Assert.Null(lanes.Bounds(new Accumulator(l0, custom)));
        Sweeps.AssertSameResult(ReferenceSweep.Run(l0, custom), new CpuBackend(chunkSize: 977, rowShortcut: false).Run(l0, custom));
    }

    private static void AssertEqualToReference(SweepProblem problem, SweepOptions options, CpuBackend backend, string where)
    {
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);
        Assert.True(expected.Evaluated == actual.Evaluated, where);
        Assert.True(expected.Admissible == actual.Admissible, $"{where}: admissible {expected.Admissible} vs {actual.Admissible}");
        AssertSamePoints(expected.Top, actual.Top, where + ", top");
        Assert.Equal(expected.BestPerHardware.Select(p => p is null), actual.BestPerHardware.Select(p => p is null));
        AssertSamePoints(expected.BestPerHardware.OfType<RankedPoint>().ToList(), actual.BestPerHardware.OfType<RankedPoint>().ToList(), where + ", best per hardware");
        AssertSamePoints(expected.Pareto, actual.Pareto, where + ", pareto");
        BinnedMinimum e = expected.Bins!, a = actual.Bins!;
        for (int r = 0; r < e.Rows; r++)
        {
            for (int c = 0; c < e.Columns; c++)
            {
                Assert.True(e.BestIndex(r, c) == a.BestIndex(r, c), $"{where}: cell ({r}, {c}) holds {a.BestIndex(r, c)}, reference {e.BestIndex(r, c)}");
                Assert.True(Bits(e.BestScore(r, c)) == Bits(a.BestScore(r, c)), $"{where}: cell ({r}, {c}) scores {a.BestScore(r, c):R}, reference {e.BestScore(r, c):R}");
            }
        }
    }

    private static void AssertSamePoints(IReadOnlyList<RankedPoint> expected, IReadOnlyList<RankedPoint> actual, string where)
    {
        Assert.True(expected.Count == actual.Count, $"{where}: {actual.Count} points, reference {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            RankedPoint e = expected[i], a = actual[i];
            Assert.True(e.Index == a.Index, $"{where}: point {i} is {a.Index}, reference {e.Index}");
            Assert.True(Bits(e.Score) == Bits(a.Score) && e.Result.Status == a.Result.Status
                && Bits(e.Result.TotalFlops) == Bits(a.Result.TotalFlops) && Bits(e.Result.AchievedFlopsPerGpu) == Bits(a.Result.AchievedFlopsPerGpu)
                && Bits(e.Result.WallClockDays) == Bits(a.Result.WallClockDays) && Bits(e.Result.GpuHours) == Bits(a.Result.GpuHours)
                && Bits(e.Result.CostUsd) == Bits(a.Result.CostUsd) && Bits(e.Result.EnergyMwh) == Bits(a.Result.EnergyMwh)
                && Bits(e.Result.MinGpusForTrainingState) == Bits(a.Result.MinGpusForTrainingState),
                $"{where}: point {e.Index} differs from the reference's");
        }
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
