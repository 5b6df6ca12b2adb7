using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Published runs no fit has seen (data/calibration/sheet/unseen.tsv), predicted with the shipped constants and each
/// source's published layout (docs/calibration.md, part 25).</summary>
public class UnseenRunsTests
{
    private static IReadOnlyList<ValidationRow> Rows() =>
        new Calibrator(TestData.Spec, TestData.Cluster).Predict(TestData.Sheet("unseen.tsv"), null);

    private static double SpeedError(IReadOnlyList<ValidationRow> rows, string run) => rows.Single(r => r.Run.Name == run).SpeedError;

    /// <summary>OPT-175B (Zhang et al. 2022, arXiv:2205.01068, §2.3): 'up to 147 TFLOP/s per GPU' on 992 A100 80 GB with FSDP and
    /// tensor parallelism 8, recomputation counted; measured +1.7%, tolerance 10%. NeMo 25.07's Llama 4 Scout on 64 GB200 in FP8
    /// (13,783 tokens/s/GPU): measured +7.9%, tolerance 12%. The Nemotron-4 340B report's 6,144-GPU stage (arXiv:2406.11704, Table
    /// 2: 8.0 s an iteration), a production run: measured +11.7% in speed, held between 0% and 20% fast as the set's production runs
    /// are (docs/accuracy.md). TorchTitan's BF16 and MXFP8 Llama 3 8B and Qwen3 8B on 4 GB200 (torchtitan's nvfp4.md, 2026-08):
    /// measured −5.7% to +6.2%, tolerance 10%.</summary>
    [Fact]
    public void Runs_no_fit_has_seen_are_predicted_within_their_stated_tolerances()
    {
        var rows = Rows();
        Assert.Equal(11, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        Assert.InRange(SpeedError(rows, "opt-175b-992"), -0.10, 0.10);
        Assert.InRange(SpeedError(rows, "nemo2507-llama4-scout-gb200-fp8-64"), -0.12, 0.12);
        Assert.InRange(SpeedError(rows, "nemotron4-340b-report-h100-6144"), 0.0, 0.20);
        Assert.All(rows.Where(r => r.Run.Group == "torchtitan-nvfp4-2026-08"), r => Assert.InRange(r.SpeedError, -0.10, 0.10));
        double median = Percentiles.Interpolated([.. rows.Select(r => Math.Abs(r.SpeedError)).Order()], 0.5);
        Assert.InRange(median, 0.0, 0.10);
    }

    /// <summary>The known gaps among them, held so that a change that moves them is seen (docs/calibration.md, part 25). TorchTitan's
    /// FP8 Llama 3.1 8B on 32 and 64 H200 (its benchmarks folder, 2025-06) comes out 19% to 20% slow: per-op selective
    /// checkpointing priced as full recomputation, as for the set's TorchTitan rows with torch.compile (12% to 16% slow). Its Llama 4
    /// Scout on 256 GB200 (torchao's MoE training README, 2025-12) comes out 21% fast in BF16 and 24% in MXFP8, where NeMo's
    /// Megatron-Core recipe on 64 GB200, which runs 2.2 times its throughput, is 8% fast.</summary>
    [Fact]
    public void TorchTitans_checkpointed_h200_runs_are_slow_and_its_scout_runs_fast()
    {
        var rows = Rows();
        Assert.All(rows.Where(r => r.Run.Group == "torchtitan-h200-2025-06"), r => Assert.InRange(r.SpeedError, -0.30, -0.10));
        Assert.All(rows.Where(r => r.Run.Group == "torchtitan-mxfp8-2025-12"), r => Assert.InRange(r.SpeedError, 0.10, 0.35));
        Assert.Equal(2, rows.Count(r => r.Run.Group == "torchtitan-mxfp8-2025-12"));
    }
}
