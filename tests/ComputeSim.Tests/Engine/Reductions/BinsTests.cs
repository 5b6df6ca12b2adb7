using System.Text;
using System.Text.Json.Nodes;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Robustness;

namespace ComputeSim.Tests.Engine.Reductions;

/// <summary>
/// Heatmap bins are a reduction like the rest: the row shortcut bounds them, the device reduces them, and they
/// checkpoint, merge and round-trip; every path equals the reference cell by cell.
/// </summary>
public sealed class BinsTests
{
    public static TheoryData<Axis, Axis> Axes => new()
    {
        { Axis.Params, Axis.Gpus },
        { Axis.Tokens, Axis.Hardware },
        { Axis.Hardware, Axis.Precision },
        { Axis.Gpus, Axis.Tokens },
    };

    [Theory]
    [MemberData(nameof(Axes))]
    public void The_row_shortcut_keeps_bins_exact_on_random_grids(Axis rows, Axis columns)
    {
        for (int seed = 0; seed < 6; seed++)
        {
            SweepProblem problem = RandomGrids.Make(new Random(seed), moderate: seed % 2 == 0);
            var options = new SweepOptions(2, seed % 3 == 0, new BinSpec(rows, columns));
            Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), new CpuBackend(rowChunkSize: 1 << 12).Run(problem, options));
        }
    }

    [Theory]
    [MemberData(nameof(Axes))]
    public void Bins_reduce_on_the_device_and_equal_reference(Axis rows, Axis columns)
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 3001);
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount: 41);
        var options = new SweepOptions(1, Pareto: true, new BinSpec(rows, columns));
        SweepResult actual = backend.Run(problem, options);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        Sweeps.AssertSameResult(expected, actual);
        Assert.Equal(BinnedMinimumTests.Cells(expected.Bins!), BinnedMinimumTests.Cells(actual.Bins!));
        Assert.True(backend.ChunksReducedOnDevice > 0, $"{backend.ChunksReducedOnDevice} chunks on the device, {backend.ChunksReducedOnHost} on the host");
    }

    [Fact]
    public void Bins_checkpoint_and_merge_shards_to_the_whole()
    {
        SweepProblem problem = RandomGrids.Make(new Random(3), moderate: true);
        var options = new SweepOptions(3, Pareto: true, new BinSpec(Axis.Params, Axis.Gpus));
        var backend = new CpuBackend(chunkSize: 333, rowChunkSize: 1 << 12);
        var whole = PartialSweep.Empty(problem, options);
        for (int shard = 0; shard < 3; shard++)
        {
            var slice = new ShardSlice(shard, 3);
            byte[] file = Sweeps.Serialize(backend.RunRange(problem, options, slice.RangeOf(problem.Total)), problem, options, slice);
            string text = Encoding.UTF8.GetString(file);
            Assert.Contains("\"version\": 4", text, StringComparison.Ordinal);
            Assert.Contains("\"bins\"", text, StringComparison.Ordinal);
            whole.Merge(PartialSweepFormat.Read(file, $"shard {shard}", problem, options).Partial);
        }
        SweepResult expected = ReferenceSweep.Run(problem, options);
        Sweeps.AssertSameResult(expected, whole.Accumulator.ToResult());
        Assert.Equal(BinnedMinimumTests.Cells(expected.Bins!), BinnedMinimumTests.Cells(whole.Accumulator.ToResult().Bins!));
        Assert.Null(ReductionCheck.Run(problem, options, whole.Ranges, whole.Accumulator.Snapshot()).Mismatch);
    }

    [Fact]
    public void Sweeps_without_bins_write_version_3_files_and_keep_their_grid_identity()
    {
        SweepProblem problem = RandomGrids.Make(new Random(5), moderate: true);
        var plain = new SweepOptions(3, Pareto: true);
        string text = Encoding.UTF8.GetString(Sweeps.Serialize(new CpuBackend().RunRange(problem, plain, new IndexRange(0, 10)), problem, plain));
        Assert.Contains("\"version\": 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"bins\"", text, StringComparison.Ordinal);
        // Bins change the identity (a checkpoint of one cannot resume the other), and their axes do too.
        string none = GridIdentity.Of(problem, plain);
        string a = GridIdentity.Of(problem, plain with { Bins = new BinSpec(Axis.Params, Axis.Gpus) });
        string b = GridIdentity.Of(problem, plain with { Bins = new BinSpec(Axis.Gpus, Axis.Params) });
        Assert.Equal(3, new[] { none, a, b }.Distinct().Count());
    }

    [Fact]
    public void A_forged_cell_is_refused()
    {
        SweepProblem problem = RandomGrids.Make(new Random(9), moderate: true);
        var options = new SweepOptions(0, Pareto: false, new BinSpec(Axis.Params, Axis.Gpus));
        PartialSweep part = new CpuBackend().RunRange(problem, options, new IndexRange(0, problem.Total / 2));
        JsonNode root = JsonNode.Parse(Sweeps.Serialize(part, problem, options))!;
        // A cell's best point moved to an index the file does not cover.
        root["bins"]![0]![0] = problem.Total - 1;
        var e = Assert.Throws<InputException>(() =>
            PartialSweepFormat.Read(Sweeps.Resign(Encoding.UTF8.GetBytes(root.ToJsonString())), "f", problem, options));
        Assert.StartsWith("f: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
