using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Published runs no fit has seen (data/calibration/sheet/unseen.tsv), predicted with the shipped constants and each
/// source's published layout (docs/calibration.md, part 25).</summary>
public class UnseenRunsTests
{
    private static IReadOnlyList<ValidationRow> Rows() =>
        TestData.PredictSheet("unseen.tsv");

    private static double SpeedError(IReadOnlyList<ValidationRow> rows, string run) => rows.Single(r => r.Run.Name == run).SpeedError;

    /// <summary>OPT-175B (Zhang et al. 2022, arXiv:2205.01068, §2.3): 'up to 147 TFLOP/s per GPU' on 992 A100 80 GB with FSDP and
    /// tensor parallelism 8, recomputation counted; measured −0.3% (+1.7% before part 31), tolerance 10%. NeMo 25.07's Llama 4 Scout on 64 GB200 in FP8
    /// (13,783 tokens/s/GPU): measured +8.4% (+7.9% before part 31), tolerance 12%. The Nemotron-4 340B report's 6,144-GPU stage (arXiv:2406.11704, Table
    /// 2: 8.0 s an iteration), a production run priced as one (production=on): measured −6.8% in speed (−6.2% before part 31), tolerance 12%. TorchTitan's BF16 and MXFP8 Llama 3 8B and Qwen3 8B on 4 GB200 (torchtitan's nvfp4.md, 2026-08):
    /// measured −0.8% to +10.8%, tolerance 11% (−5.7% to +6.2% before part 31 refitted the constants beside the synchronisation factor,
    /// which made clusters of a few GPUs 4-5% faster: BF16 closer, MXFP8 further).</summary>
    [Fact]
    public void Runs_no_fit_has_seen_are_predicted_within_their_stated_tolerances()
    {
        var rows = Rows();
        Assert.Equal(11, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        Assert.InRange(SpeedError(rows, "opt-175b-992"), -0.10, 0.10);
        Assert.InRange(SpeedError(rows, "nemo2507-llama4-scout-gb200-fp8-64"), -0.12, 0.12);
        Assert.InRange(SpeedError(rows, "nemotron4-340b-report-h100-6144"), -0.12, 0.12);
        Assert.All(rows.Where(r => r.Run.Group == "torchtitan-nvfp4-2026-08"), r => Assert.InRange(r.SpeedError, -0.11, 0.11));
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

    /// <summary>MegaScale's Megatron-LM baseline (Jiang et al. 2024, arXiv:2402.15627, NSDI '24; data/calibration/sheet/megascale.tsv):
    /// a 175B GPT on 256 to 12,288 Ampere GPUs (TP 8, PP 8, 6 chunks, batches of 768 and 6,144; Table 2 and Table 3's baseline) and
    /// the 530B on 2,240 to 11,200 (TP 8, PP 35, 3 chunks, weak scaling; Figure 9's MFU labels), micro-batch and recomputation
    /// searched. Measured: the 175B rows −3.7% to +3.0%, tolerance 6%; the 530B rows +5.9% to +8.0%, held between 0% and 12% fast:
    /// the model's MFU is flat at 52% while the published one falls from 49.2% to 48.2%, as MT-NLG's 530B in the set comes out fast
    /// and loses more per data-parallel replica than the model says (docs/calibration.md, part 29).</summary>
    [Fact]
    public void MegaScales_megatron_baseline_is_predicted_within_its_stated_tolerances()
    {
        var rows = TestData.PredictSheet("megascale.tsv");
        Assert.Equal(12, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        Assert.All(rows.Where(r => r.Run.Name.Contains("-175b-")), r => Assert.InRange(r.SpeedError, -0.06, 0.06));
        Assert.Equal(3, rows.Count(r => r.Run.Name.Contains("-530b-")));
        Assert.All(rows.Where(r => r.Run.Name.Contains("-530b-")), r => Assert.InRange(r.SpeedError, 0.0, 0.12));
    }

    /// <summary>Open projects' and papers' runs (data/calibration/sheet/open-runs.tsv). Korthikanti et al. 2022 (arXiv:2205.05198),
    /// the MFU table of Megatron-LM's README at 2e90a342f5 (22B to 1T on 8 to 512 A100, one data-parallel replica, selective
    /// recomputation and sequence parallelism): measured −5.1% to −1.5%, tolerance 8%. Its abstract's 530B on 2,240 A100, 54.2% MFU
    /// against 42.1% with full recomputation (a 1.287 speed-up): the model's speed-up within 6% of it (measured 1.345). TinyLlama's
    /// 24,000 tokens/s a GPU on 16 A100 40 GB (its README): measured −3.6%, tolerance 10%. OLMo-core's README (H100, FSDP2, BF16 and
    /// FP8): its 1B, 7B and Llama 8B measured −6.9% to +6.9%, tolerance 10%; its 13B comes out 15% fast in BF16 and 36% in FP8, held
    /// between 10% and 45% (its published rate is below what the 7B's gives by FLOPs, and the GPU count is not published).</summary>
    [Fact]
    public void Open_projects_runs_are_predicted_within_their_stated_tolerances()
    {
        var rows = TestData.PredictSheet("open-runs.tsv");
        Assert.Equal(15, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        var readme = rows.Where(r => r.Run.Group == "korthikanti-2022-readme").ToList();
        Assert.Equal(4, readme.Count);
        Assert.All(readme, r => Assert.InRange(r.SpeedError, -0.08, 0.08));
        // The model's speed-up over the published one: each run's predicted over published speed, one over the other.
        double speedUpRatio = (1 + SpeedError(rows, "korth2022-530b-2240-selective")) / (1 + SpeedError(rows, "korth2022-530b-2240-fullrecompute"));
        Assert.InRange(speedUpRatio, 0.94, 1.06);
        Assert.InRange(SpeedError(rows, "tinyllama-1.1b-a100-40gb-16"), -0.10, 0.10);
        var olmo = rows.Where(r => r.Run.Group == "olmo-core-readme-2024-11").ToList();
        Assert.All(olmo.Where(r => !r.Run.Name.Contains("-13b-")), r => Assert.InRange(r.SpeedError, -0.10, 0.10));
        Assert.All(olmo.Where(r => r.Run.Name.Contains("-13b-")), r => Assert.InRange(r.SpeedError, 0.10, 0.45));
        Assert.Equal(8, olmo.Count);
    }

    /// <summary>Production runs as their papers report them, from six sources no fit has seen (data/calibration/sheet/production-runs.tsv,
    /// docs/calibration.md, part 30): LLaMA-65B on 2,048 A100 (Touvron et al. 2023, arXiv:2302.13971, §2.4: 380 tokens/s/GPU),
    /// GLM-130B on 768 A100 40 GB (Zeng et al. 2022, arXiv:2210.02414, §2.3: MFU 32.5%), Nemotron-4 15B on 768 to 2,304 H100
    /// (arXiv:2402.16819, Table 2: 0.57 to 0.64 s an iteration), Nemotron-4 340B on 1,536 and 3,072 H100 (arXiv:2406.11704,
    /// Table 2: 10.3 s), BloombergGPT on 512 A100 40 GB (Wu et al. 2023, arXiv:2303.17564, Table 4: 32.5 s a step) and SmolLM3 on
    /// 384 H100 (Hugging Face's SmolLM3 blog: 24 days for 11.2T tokens). Priced as the tuned step of a benchmark, every one comes
    /// out faster than published (measured +9.3% to +57.0%); priced as production runs (production=on, the slowdown chosen on the
    /// set's own eight), measured −8.1% to +7.5% in speed, tolerance 15% each, but BloombergGPT (ZeRO-3 over AWS's 50 Gb/s a
    /// GPU: +31.9%, held between 15% and 45%); median |error| 6.1%, tolerance 7% (−8.2% to +11.4% and 5.1% before part 31's
    /// synchronisation factor and refit).</summary>
    [Fact]
    public void Production_reports_no_fit_has_seen_are_slower_than_the_tuned_step_by_the_production_slowdown()
    {
        var rows = TestData.PredictSheet("production-runs.tsv");
        Assert.Equal(9, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        Assert.All(rows, r => Assert.Contains("production=on", r.Run.Switches, StringComparison.Ordinal));
        Assert.All(rows.Where(r => r.Run.Group != "bloomberggpt-2023"), r => Assert.InRange(r.SpeedError, -0.15, 0.15));
        Assert.InRange(SpeedError(rows, "bloomberggpt-50b-a100-40gb-512"), 0.15, 0.45);
        Assert.InRange(Percentiles.Interpolated([.. rows.Select(r => Math.Abs(r.SpeedError)).Order()], 0.5), 0.0, 0.07);
        // The same runs priced as benchmarks: all faster than published.
        var tuned = TestData.Predict(
            [.. rows.Select(r => r.Run with { Switches = string.Join(',', r.Run.Switches.Split(',').Where(s => s != "production=on")) })]);
        Assert.All(tuned, r => Assert.InRange(r.SpeedError, 0.05, 0.65));
    }
}
