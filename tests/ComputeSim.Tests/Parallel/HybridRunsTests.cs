using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>NVIDIA's published hybrid runs (data/calibration/sheet/hybrid.tsv: Megatron-Bridge 26.02.01 to 26.08 and NeMo AutoModel,
/// Nemotron 3 Nano and Super), kept out of the set and predicted with the shipped constants and each row's published layout
/// (docs/calibration.md, part 26). No constant was fitted to them; the ranges hold the gaps so that a change that moves them is seen.</summary>
public class HybridRunsTests
{
    private static IReadOnlyList<ValidationRow> Rows() =>
        new Calibrator(TestData.Spec, TestData.Cluster).Predict(TestData.Sheet("hybrid.tsv"), null);

    /// <summary>Nemotron 3 Nano on Megatron-Bridge (20 runs on 8 to 16 H100, B200, GB200, B300 and GB300, FP8 and MXFP8) comes out fast
    /// by 6% to 29%, a median 16%, where the set's Qwen3 30B-A3B on the same systems and releases is 10% to 15% slow on H100, B200 and
    /// GB200 and within 7% on B300 and GB300: the Mamba-2 mixers cost more than the model prices them at, by about as much on every
    /// system. Nemotron 3 Super (15 MXFP8 runs on 64 GPUs) is fast by 10% to 20% on the NVL72 racks, where its 64-way expert
    /// parallelism stays on one NVLink domain, and slow by 14% to 28% on 8-GPU DGX B200 and B300 nodes.</summary>
    [Fact]
    public void Megatron_bridges_hybrid_runs_are_fast_on_nvlink_racks_and_slow_across_dgx_nodes()
    {
        var rows = Rows();
        Assert.Equal(37, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        var nano = rows.Where(r => r.Run.Model == "nemotron3-nano-30b-a3b" && r.Run.Group.StartsWith("mbridge", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, nano.Count);
        Assert.All(nano, r => Assert.InRange(r.SpeedError, 0.03, 0.32));
        Assert.InRange(Percentiles.Interpolated([.. nano.Select(r => r.SpeedError).Order()], 0.5), 0.10, 0.22);
        var super = rows.Where(r => r.Run.Model == "nemotron3-super-120b-a12b" && r.Run.Group.StartsWith("mbridge", StringComparison.Ordinal)).ToList();
        Assert.Equal(15, super.Count);
        Assert.All(super.Where(r => r.Run.Hardware is "gb200-186gb" or "gb300-279gb"), r => Assert.InRange(r.SpeedError, 0.05, 0.25));
        Assert.All(super.Where(r => r.Run.Hardware is "b200-sxm-192gb" or "b300-sxm-288gb"), r => Assert.InRange(r.SpeedError, -0.32, -0.10));
    }

    /// <summary>NeMo AutoModel's two hybrid rows (H100, BF16, sequence 4,096, activation checkpointing and FSDP2 as their configs
    /// read) come out slow, Nano by 23% and Super by 45%: full recomputation as priced is dearer than what those runs spend, and
    /// Super's config names one node where the table prints 64 GPUs.</summary>
    [Fact]
    public void AutoModels_checkpointed_hybrid_rows_are_slow()
    {
        var rows = Rows().Where(r => r.Run.Group == "nemo-automodel-perf").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.InRange(r.SpeedError, -0.50, -0.15));
    }
}
