using ComputeSim.Cli.Commands;
using ComputeSim.Engine.Validation;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// The whole public calibration set (data/calibration/, 583 runs from 36 sources: A100, H100, H200, H800, B200, GB200, B300, GB300,
/// MI300X, MI325X, MI355X; dense and MoE; BF16, FP8 and MXFP8; Megatron-LM, NeMo and Megatron-Bridge releases from 24.05 to 26.08, llm-foundry,
/// TorchTitan, DeepSeek, MLPerf Training 4.1 to 5.1, NVIDIA's DGX Cloud benchmarking recipes) predicted with the shipped
/// constants. The set holds the same Megatron-Bridge layouts from several releases, whose published throughput differs by up to
/// 1.8x for MoE models (Qwen3-30B-A3B on 8 GB200: 22,775 tokens/s/GPU in 25.09, 40,960 in 26.06.01); the run most over (Megatron-Bridge 25.11's Qwen3-30B-A3B on 16 H100, dropless, +115%) is half what
/// 25.09 (token-dropping) and 26.02.01 publish for the same layout (docs/calibration.md). GPT-OSS's 31 runs, which joined with
/// sliding-window attention after the constants were fitted, are the largest known gap (Megatron-Bridge's about 41% fast). Every
/// run stays in the set and in these figures.
/// </summary>
public class PublicSetAccuracyTests
{
    private static bool BlackwellUltra(PublishedRun run) => run.Hardware is "gb300-279gb" or "b300-sxm-288gb";

    // GPT-OSS is the set's only MoE model with sliding-window attention (Mistral 7B, also windowed, is dense).
    private static bool GptOss(PublishedRun run) => run.Shape.SlidingWindow > 0 && run.Shape.IsMoe;

    private static bool MlPerf(PublishedRun run) => run.Group.StartsWith("mlperf", StringComparison.Ordinal);

    private static bool Bridge(PublishedRun run) => run.Group.StartsWith("mbridge", StringComparison.Ordinal);

    private static bool DgxCloud(PublishedRun run) => run.Group.StartsWith("dgxc", StringComparison.Ordinal);

    private static bool AmdBenchmark(PublishedRun run) => run.Group.StartsWith("amd-pytorch-training", StringComparison.Ordinal);

    // The 321 runs of the set before GPT-OSS, MLPerf, DGX Cloud and AMD's PyTorch training benchmark joined it (2026-12-06).
    private static bool Before(PublishedRun run) => !GptOss(run) && !MlPerf(run) && !DgxCloud(run) && !AmdBenchmark(run);


    // The shipped constants' prediction of each published run that <paramref name="which"/> picks.
    private static IReadOnlyList<ValidationRow> Predict(Func<PublishedRun, bool> which) =>
        new Calibrator(TestData.Spec, TestData.Cluster).Predict([.. Validator.AllRuns.Where(which)], null);

    // Median |error|, as validate reports it; every run given must have a prediction.
    private static double Median(IEnumerable<ValidationRow> rows)
    {
        var errors = rows.Select(r => Math.Abs(r.RelativeError)).Order().ToList();
        Assert.All(errors, e => Assert.True(double.IsFinite(e)));
        return ValidateCommand.Median(errors);
    }

    // Median of the signed errors: the model's bias on the runs given.
    private static double SignedMedian(IEnumerable<ValidationRow> rows) => ValidateCommand.Median([.. rows.Select(r => r.RelativeError).Order()]);

    // Mean of ln(predicted / published): a bias that a few large misses do not hide.
    private static double MeanLog(IEnumerable<ValidationRow> rows) => rows.Average(r => Math.Log(r.Predicted / r.Run.Published));

    private static int Within15(IEnumerable<ValidationRow> rows) => rows.Count(r => Math.Abs(r.RelativeError) <= 0.15);

    // Median |error| of the runs given at most the limit; what names them in the failure.
    private static void AssertMedianAtMost(IEnumerable<ValidationRow> rows, double limit, string what = "")
    {
        double median = Median(rows);
        Assert.True(median <= limit, $"{what}median error {median:P1}");
    }

    /// <summary>Acceptance, with the constants fitted to all 583 runs (each source family weighing as the square root of its runs,
    /// docs/calibration.md part 23): every run has a layout that fits; over all 583, median |error| ≤ 7% (measured 6.44%; 6.71% with
    /// part 14's seven constants, 7.18% with those fitted to the 253 runs of 2026-12-05), at least 84% within 15% (measured 500,
    /// against 502) and 68% within 10% (measured 410, against 377 on 2026-12-05); over the 552 without GPT-OSS's known gap, median
    /// ≤ 6.75% (measured 6.07%) and at least 88% within 15% (measured 497); over the 321 runs of the set before GPT-OSS, MLPerf, DGX
    /// Cloud and AMD's benchmark joined it, median ≤ 5.75% (measured 4.86%, against 5.39% with part 14's constants and 4.96% when
    /// the constants were fitted to them alone) and at least 87% within 15% (measured 280, against 285).</summary>
    [Fact]
    public void Median_error_within_7_percent_and_84_percent_of_runs_within_15()
    {
        var rows = Predict(_ => true);
        Assert.Equal(583, rows.Count);
        AssertWithin(rows, 0.07, 0.84);
        Assert.True(rows.Count(r => Math.Abs(r.RelativeError) <= 0.10) >= 0.68 * rows.Count, "within 10%");
        AssertWithin([.. rows.Where(r => !GptOss(r.Run))], 0.0675, 0.88);
        var before = rows.Where(r => Before(r.Run)).ToList();
        Assert.Equal(321, before.Count);
        AssertWithin(before, 0.0575, 0.87);
    }

    private static void AssertWithin(IReadOnlyList<ValidationRow> rows, double median, double share15)
    {
        AssertMedianAtMost(rows, median, $"{rows.Count} runs: ");
        Assert.True(Within15(rows) >= share15 * rows.Count, $"{Within15(rows)} of {rows.Count} within 15%");
    }

    /// <summary>
    /// NVIDIA's DGX Cloud benchmarking recipes (NVIDIA/dgxc-benchmarking, the README tables of releases 24.11, 25.04 and 25.05:
    /// Llama 3.1 8B to 405B, Nemotron-4 15B and 340B, Grok-1 and GPT-3 175B on 8 to 2,304 H100 and 128 to 512 GB200 with NeMo;
    /// 204 runs), read from their step times and first predicted before any fit saw them (median 9.33%, signed −7.8%). Acceptance,
    /// with the whole-set fit: median |error| ≤ 10% (measured 7.90%) and at least 90% within 15% (measured 190), and the model's
    /// bias on them stated: signed median between −12% and −4% (measured −5.5%): these H100 runs are faster than the NeMo
    /// performance tables of the same months for the same recipes.
    /// </summary>
    [Fact]
    public void Dgx_cloud_runs_within_10_percent_median_and_their_bias_stated()
    {
        var rows = Predict(DgxCloud);
        Assert.Equal(204, rows.Count);
        AssertWithin(rows, 0.10, 0.90);
        Assert.InRange(SignedMedian(rows), -0.12, -0.04);
    }

    /// <summary>
    /// GPT-OSS (120B in Megatron-Bridge 25.11 to 26.08 on H100, B200, GB200, B300 and GB300; 120B and 20B in NeMo AutoModel on
    /// H100; 31 runs), predicted with its sliding-window attention before any constant saw it. The model puts Megatron-Bridge's 29
    /// runs a median 35% fast on every system and precision (41% before attention's speed followed the head width, part 17), and AutoModel's two within 17% either way (120B on 64 H100 −17%, 20B
    /// on 8 H100 +13%): AutoModel runs the same 120B on the same H100s 27% faster than Megatron-Bridge does, and Megatron-Bridge's
    /// own model TFLOP/s for GPT-OSS are 35-40% below its Qwen3-235B's on the same GB200s (docs/calibration.md, part 10). This is
    /// a known gap, stated here so that a change that moves it is seen: the signed median of Megatron-Bridge's 29 runs between
    /// +25% and +55% (measured +34.8%), AutoModel's within 20%.
    /// </summary>
    [Fact]
    public void Gpt_oss_runs_are_the_known_gap_about_a_third_fast_in_megatron_bridge()
    {
        var rows = Predict(GptOss);
        Assert.Equal(31, rows.Count);
        var bridge = rows.Where(r => Bridge(r.Run)).ToList();
        Assert.Equal(29, bridge.Count);
        Assert.InRange(SignedMedian(bridge), 0.25, 0.55);
        Assert.All(rows.Where(r => !Bridge(r.Run)), r => Assert.InRange(r.RelativeError, -0.20, 0.20));
    }

    /// <summary>
    /// AMD's published runs (Primus on MI325X: Llama 3.1 8B and 70B, BF16 and FP8; on MI355X: DeepSeek-V2-Lite, tuned, and
    /// Mixtral 8x22B; AMD's MLPerf Training 5.1 Llama 3.1 8B on 8 MI355X), all but the MI325X ones added after the constants were
    /// fitted (since part 14 every run is in the fit). Acceptance: median |error| ≤ 11% (measured 10.8%: 10.0% before part 31, where
    /// five of the six came closer and the median's two moved apart) and four of the six within
    /// 15% (measured four: Llama 3.1 8B in FP8 is 12% and 16% slow on MI325X and MI355X, as FP8 at micro-batch 1-2 is on H100;
    /// Mixtral 8x22B on 64 MI355X, with four micro-batches on four interleaved stages, −27%: docs/calibration.md).
    /// </summary>
    [Fact]
    public void Amd_runs_within_11_percent_median()
    {
        var rows = Predict(r => r.Hardware.StartsWith("mi", StringComparison.Ordinal) && !AmdBenchmark(r));
        Assert.Equal(6, rows.Count);
        Assert.True(Within15(rows) >= 4);
        AssertMedianAtMost(rows, 0.11);
    }

    /// <summary>
    /// AMD's single-node PyTorch training benchmark (the ROCm PyTorch Training Container v25.2 README: Llama 3.1 8B at 4,096 and
    /// 8,192 tokens and Mistral 7B at 8,192, BF16 and FP8, FSDP on 8 MI300X and on 8 MI325X; tokens/s/GPU derived from its TFLOPS
    /// with the benchmark script's own FLOP count), first predicted before any fit (median 7.6%, 13.4% at worst). Acceptance, with
    /// the whole-set fit: each of the 12 within 15% (measured 10.3% at worst), the six on MI300X too (9.0%), and median |error| ≤ 9%
    /// (measured 4.7%). BF16 comes out 5-10% slow, FP8 within 5%.
    /// </summary>
    [Fact]
    public void Amd_pytorch_benchmark_on_mi300x_and_mi325x_within_15_percent()
    {
        var rows = Predict(AmdBenchmark);
        Assert.Equal(12, rows.Count);
        Assert.Equal(6, rows.Count(r => r.Run.Hardware == "mi300x"));
        Assert.All(rows, r => Assert.InRange(r.RelativeError, -0.15, 0.15));
        AssertMedianAtMost(rows, 0.09);
    }

    /// <summary>
    /// MLPerf Training's LLM pretraining submissions (4.1: GPT-3 175B; 5.0 and 5.1: Llama 3.1 405B and 8B; 15 runs on H100, H200,
    /// B200, GB200, GB300 and MI355X from NVIDIA, Nebius, HPE, the University of Florida and AMD), step times read from the result
    /// logs, first predicted before any fit (median 9.2%). Acceptance, with the whole-set fit: the seven Hopper runs (no CUDA graphs
    /// but HPE's) each within 10% (measured 7.4% at worst); the seven runs that capture the whole iteration in CUDA graphs (GB200,
    /// GB300, B200, HPE's H200; all dense) a mean log error within ±8% (measured +0.5%; +15.0% while graphs also cut a dense
    /// layer's kernel cost, docs/calibration.md part 14); all 15, median ≤ 9% (measured 7.35%) and each within 20% (measured 15.9%
    /// at worst).
    /// </summary>
    [Fact]
    public void Mlperf_runs_hopper_within_10_percent_and_graph_captured_runs_centred()
    {
        var rows = Predict(MlPerf);
        Assert.Equal(15, rows.Count);
        var hopper = rows.Where(r => r.Run.Hardware.StartsWith('h')).ToList();
        Assert.Equal(7, hopper.Count);
        Assert.All(hopper, r => Assert.True(Math.Abs(r.RelativeError) <= 0.10, $"{r.Run.Name}: {r.RelativeError:P1}"));
        var graphs = rows.Where(r => r.Run.Software == ComputeSim.Model.Software.MegatronCoreGraphs).ToList();
        Assert.Equal(7, graphs.Count);
        Assert.InRange(MeanLog(graphs), -0.08, 0.08);
        AssertMedianAtMost(rows, 0.09);
        Assert.All(rows, r => Assert.True(Math.Abs(r.RelativeError) <= 0.20, $"{r.Run.Name}: {r.RelativeError:P1}"));
    }

    /// <summary>
    /// Megatron-Bridge's DGX-GB300 and DGX-B300 runs (performance summary 25.11 to 26.08, 66 runs; GPT-OSS's apart, tested above),
    /// first predicted without a refit (6.8%). Acceptance, with the whole-set fit: median |error| ≤ 8% (measured 6.4%; 8.5% with
    /// the GB300 profile's earlier assumed matmul efficiency, 12.3% before the 26.06 MoE recipes were priced with their CUDA
    /// graphs).
    /// </summary>
    [Fact]
    public void Blackwell_Ultra_runs_within_8_percent_median()
    {
        var rows = Predict(r => BlackwellUltra(r) && Bridge(r) && !GptOss(r));
        Assert.Equal(66, rows.Count);
        AssertMedianAtMost(rows, 0.08);
    }

    /// <summary>
    /// The gb300-279gb profile's matmul efficiency (0.88) is inferred from NVIDIA's runs, not measured: it is the value at which the
    /// mean log error over the GB300 runs of the three earliest releases with GB300 tables (Megatron-Bridge 25.11, 26.02, 26.02.01;
    /// 23 runs) is zero. Acceptance: that mean within ±1.5% (measured +0.72% with the whole-set fit, −0.21% with the constants it was
    /// inferred under: a change elsewhere in the model that moves it further makes the profile's number stale), and the 29 GB300
    /// runs of the five later releases (26.04 to 26.08), which the value did not see, within ±3% on the mean log error (measured
    /// −1.16%; −9.7% with the GB200's assumed 0.776) and 9% on the median |error| (measured 5.7%).
    /// </summary>
    [Fact]
    public void Gb300_matmul_efficiency_fits_the_early_releases_and_predicts_the_later_ones()
    {
        string[] early = ["mbridge-perf-25.11", "mbridge-perf-26.02", "mbridge-perf-26.02.01"];
        var rows = Predict(r => r.Hardware == "gb300-279gb" && Bridge(r) && !GptOss(r));
        var fitted = rows.Where(r => early.Contains(r.Run.Group)).ToList();
        var later = rows.Where(r => !early.Contains(r.Run.Group)).ToList();
        Assert.Equal(23, fitted.Count);
        Assert.Equal(29, later.Count);
        Assert.InRange(MeanLog(fitted), -0.015, 0.015);
        Assert.InRange(MeanLog(later), -0.03, 0.03);
        AssertMedianAtMost(later, 0.09, "later releases: ");
    }

    /// <summary>
    /// TorchTitan's benchmarks (pytorch/torchtitan benchmarks/llama3_h100_202412_torchtitan.md Tables 1-6 and
    /// asyncTP_llama3_h100_2025-06_torchtitan.md): Llama 3.1 8B/70B/405B on 8-512 H100 (96 GB, 500 W) with FSDP, TP, PP and CP.
    /// Acceptance: each source's median |error| ≤ 10% (measured 9.8% and 4.7% with the whole-set fit; 8.0% and 3.4% before), and wherever the source compares two settings of
    /// one run (async against vanilla TP, interleaved against plain 1F1B), the model ranks them as published.
    /// </summary>
    [Fact]
    public void TorchTitan_runs_within_10_percent_median_and_ranked_as_published()
    {
        var rows = Predict(r => r.Group.StartsWith("torchtitan", StringComparison.Ordinal));
        Assert.Equal(26, rows.Count);
        foreach (var source in rows.GroupBy(r => r.Run.Group))
            AssertMedianAtMost(source, 0.10, $"{source.Key}: ");
        ValidationRow Row(string name) => rows.Single(r => r.Run.Name == name);
        (string Faster, string Slower)[] pairs =
        [
            ("tt2412-llama31-70b-fsdp32-tp8-asynctp-fp8-256", "tt2412-llama31-70b-fsdp32-tp8-fp8-256"),
            ("tt2412-llama31-405b-fsdp8-tp8-pp8-i1f1b-fp8-512", "tt2412-llama31-405b-fsdp8-tp8-pp8-1f1b-fp8-512"),
            ("ttatp-llama3-70b-asynctp-bf16-256", "ttatp-llama3-70b-vanillatp-bf16-256"),
            ("ttatp-llama3-8b-asynctp-fp8tw-64", "ttatp-llama3-8b-vanillatp-fp8tw-64"),
        ];
        foreach (var (faster, slower) in pairs)
        {
            Assert.True(Row(faster).Run.Published > Row(slower).Run.Published);
            Assert.True(Row(faster).Predicted > Row(slower).Predicted, $"{faster} should beat {slower}");
        }
    }
}
