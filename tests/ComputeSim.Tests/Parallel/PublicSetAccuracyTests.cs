using ComputeSim.Engine.Validation;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// The whole public calibration set (data/calibration/, 253 runs from 27 sources: A100, H100, H800, B200, GB200, MI325X; dense
/// and MoE; BF16, FP8 and MXFP8; Megatron-LM, NeMo and Megatron-Bridge releases from 24.05 to 26.08, llm-foundry, TorchTitan, DeepSeek)
/// predicted with the shipped constants. Acceptance: median |error| ≤ 6.0% (measured 5.0%) and at least five runs in six within
/// 15% (measured 217 of 253). The set holds the same Megatron-Bridge layouts from several releases, whose published throughput
/// differs by up to 1.8x for MoE models (Qwen3-30B-A3B on 8 GB200: 22,775 tokens/s/GPU in 25.09, 40,960 in 26.06.01); the run
/// most over (Megatron-Bridge 25.11's Qwen3-30B-A3B on 16 H100, dropless, +115%) is half what 25.09 (token-dropping) and
/// 26.02.01 publish for the same layout (docs/calibration.md). Every run stays in the set and in these figures.
/// </summary>
public class PublicSetAccuracyTests
{
    [Fact]
    public void Median_error_within_6_percent_and_five_in_six_runs_within_15()
    {
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        var errors = calibrator.Predict(Validator.AllRuns, null).Select(r => Math.Abs(r.RelativeError)).Order().ToList();
        Assert.All(errors, e => Assert.True(double.IsFinite(e)));
        int n = errors.Count;
        double median = n % 2 == 0 ? (errors[n / 2 - 1] + errors[n / 2]) / 2 : errors[n / 2];
        Assert.True(median <= 0.060, $"median error {median:P1}");
        int within = errors.Count(e => e <= 0.15);
        Assert.True(within >= 5.0 * n / 6.0, $"{within} of {n} within 15%");
    }

    /// <summary>
    /// TorchTitan's benchmarks (pytorch/torchtitan benchmarks/llama3_h100_202412_torchtitan.md Tables 1-6 and
    /// asyncTP_llama3_h100_2025-06_torchtitan.md): Llama 3.1 8B/70B/405B on 8-512 H100 (96 GB, 500 W) with FSDP, TP, PP and CP.
    /// Acceptance: each source's median |error| ≤ 10% (measured 8.0% and 3.4%), and wherever the source compares two settings of
    /// one run (async against vanilla TP, interleaved against plain 1F1B), the model ranks them as published.
    /// </summary>
    [Fact]
    public void TorchTitan_runs_within_10_percent_median_and_ranked_as_published()
    {
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        var rows = calibrator.Predict([.. Validator.AllRuns.Where(r => r.Group.StartsWith("torchtitan", StringComparison.Ordinal))], null);
        Assert.Equal(26, rows.Count);
        foreach (var source in rows.GroupBy(r => r.Run.Group))
        {
            var errors = source.Select(r => Math.Abs(r.RelativeError)).Order().ToList();
            int n = errors.Count;
            double median = n % 2 == 0 ? (errors[n / 2 - 1] + errors[n / 2]) / 2 : errors[n / 2];
            Assert.True(median <= 0.10, $"{source.Key}: median error {median:P1}");
        }
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
