using System.Text.Json;
using ComputeSim.Engine.Validation;

namespace ComputeSim.Tests.Cli;

public class PredictCliTests
{
    private static JsonElement Json(params string[] args) => CliRun.Json(args);

    [Fact]
    public void Estimate_without_utilization_predicts_it_with_every_promised_field()
    {
        JsonElement j = Json("estimate", "--model", "llama2-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "1024", "--precision", "bf16");
        foreach (string f in new[] { "step_time_s", "tokens_per_s", "mfu", "hfu", "layout" })
            Assert.True(j.TryGetProperty(f, out _), $"missing {f}");
        JsonElement layout = j.GetProperty("layout");
        foreach (string f in new[] { "tp", "pp", "dp", "micro_batch", "interleave", "recompute", "sequence_parallel", "zero" })
            Assert.True(layout.TryGetProperty(f, out _), $"missing layout.{f}");
        Assert.Equal(1024, layout.GetProperty("tp").GetInt32() * layout.GetProperty("pp").GetInt32() * layout.GetProperty("dp").GetInt32());
        double mfu = j.GetProperty("mfu").GetDouble();
        Assert.InRange(mfu, 0.05, 0.8031);  // never above the chip's measured GEMM efficiency
        Assert.True(j.GetProperty("hfu").GetDouble() >= mfu);
        JsonElement memory = j.GetProperty("memory");
        double perGpu = memory.GetProperty("per_gpu_bytes").GetDouble();
        Assert.True(perGpu <= 80e9);
        double parts = new[] { "weights_bytes", "gradients_bytes", "optimizer_bytes", "activations_bytes" }.Sum(f => memory.GetProperty("per_gpu").GetProperty(f).GetDouble());
        Assert.Equal(perGpu, parts, perGpu * 1e-12);
        // Wall-clock time follows from the step time: tokens / (batch tokens) steps.
        double steps = 2e12 / (1024 * 4096);
        Assert.Equal(steps * j.GetProperty("step_time_s").GetDouble() / 86400, j.GetProperty("wall_clock_days").GetDouble(), 1e-6);
    }

    [Fact]
    public void Fixed_layout_reproduces_the_megatron_readme_run()
    {
        // Megatron-LM README: GPT-3 175B, t8 p16 d8, micro-batch 1, batch 1536, full recompute: 138 TFLOP/s per GPU (HFU × 312).
        // Tolerance 8%: the per-operation model, fitted to the whole public set, puts this run at -5.2% (-6.7% with the constants
        // fitted to the 253 runs of 2026-12-05; docs/calibration.md, part 14).
        JsonElement j = Json("estimate", "--model", "gpt3-175b", "--hardware", "a100-sxm4-80gb", "--gpus", "1024", "--precision", "bf16",
            "--global-batch", "1536", "--tp", "8", "--pp", "16", "--dp", "8", "--micro-batch", "1", "--interleave", "1", "--recompute", "full",
            "--sequence-parallel", "false", "--zero", "0", "--scale-out-gbps", "200", "--software", "megatron");
        JsonElement l = j.GetProperty("layout");
        Assert.Equal((8, 16, 8, 1, 1, "full", false, 0), (l.GetProperty("tp").GetInt32(), l.GetProperty("pp").GetInt32(), l.GetProperty("dp").GetInt32(),
            l.GetProperty("micro_batch").GetInt32(), l.GetProperty("interleave").GetInt32(), l.GetProperty("recompute").GetString(),
            l.GetProperty("sequence_parallel").GetBoolean(), l.GetProperty("zero").GetInt32()));
        Assert.Equal(138, j.GetProperty("hfu").GetDouble() * 312, 138 * 0.08);
    }

    [Fact]
    public void Default_estimate_of_llama_3_1_405b_on_16k_h100_comes_within_20_percent_of_the_model_cards_gpu_hours()
    {
        // Llama 3.1 model card (meta-llama/llama-models, models/llama3_1/MODEL_CARD.md, "Training Energy Use"): 405B, 30.84M
        // H100-80GB GPU-hours; Llama 3 paper §3.3: 15.6T tokens, up to 16,384 H100. Everything else is the defaults: the DGX H100
        // cluster with Megatron-Core, the default batch and the searched layout. The card counts all training time (failures, the
        // 128K-context stage, annealing), so the estimate with failures is compared, to 20% (measured -18.5%; -15.5% with the constants
        // fitted to the 253 runs of 2026-12-05, before the whole-set fit of part 14 raised the sustained GEMM share, which NVIDIA's
        // 2025 tables ask for and Meta's run at 16K GPUs does not show). Its steady-state MFU, 49.6% with attention counted, is 21%
        // above the 41% of the paper's Table 4, as the calibration rows of that table show: the searched layout stores every
        // activation, as the paper's 8K stage did, under ZeRO-2 (docs/calibration.md, part 9).
        JsonElement j = Json("estimate", "--model", "llama3.1-405b", "--tokens", "15.6T", "--hardware", "h100-sxm5-80gb", "--gpus", "16384",
            "--precision", "bf16");
        Assert.Equal(30.84e6, j.GetProperty("plan").GetProperty("gpu_hours_with_failures").GetDouble(), 30.84e6 * 0.20);
    }

    [Fact]
    public void Compare_predicts_per_generation()
    {
        JsonElement j = Json("compare", "--model", "gpt3-13b", "--gpus", "256", "--precision", "bf16", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb");
        var rows = j.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.TryGetProperty("layout", out _)));
        // The faster chip finishes sooner, but not by its full peak ratio: MFU is lower on H100 (its measured GEMM efficiency is).
        double a100 = rows[0].GetProperty("wall_clock_days").GetDouble(), h100 = rows[1].GetProperty("wall_clock_days").GetDouble();
        Assert.InRange(a100 / h100, 1.5, 989.5 / 312);
    }

    [Theory]
    [InlineData(new[] { "--tp", "8", "--pp", "2", "--dp", "3" }, "--dp")]
    [InlineData(new[] { "--zero", "5" }, "--zero")]
    [InlineData(new[] { "--layers", "32" }, "--layers")]
    [InlineData(new[] { "--layers", "32", "--hidden", "4096", "--heads", "32", "--kv-heads", "5" }, "--kv-heads")]
    [InlineData(new[] { "--tp", "3" }, "--tp: 3 does not divide the 40 attention heads")]
    [InlineData(new[] { "--recompute", "some" }, "--recompute")]
    [InlineData(new[] { "--global-batch", "0" }, "--global-batch")]
    // A value the parser cannot read is named in words, not as the .NET type it wanted.
    [InlineData(new[] { "--global-batch", "1.5" }, "--global-batch: '1.5' is not a whole number")]
    [InlineData(new[] { "--scale-out-gbps", "fast" }, "--scale-out-gbps: 'fast' is not a number")]
    [InlineData(new[] { "--scale-out-gbps", "-1" }, "--scale-out-gbps")]
    // A true/false option's value that is neither names the option, not "Unrecognized command or argument".
    [InlineData(new[] { "--sequence-parallel", "maybe" }, "--sequence-parallel: 'maybe' is not true or false")]
    // Fixed degrees that leave no valid layout name the constraint, not just "no layout fits": 64 GPUs / tp 8 = dp 8.
    [InlineData(new[] { "--tp", "8", "--pp", "1", "--global-batch", "100" }, "--global-batch: 100 sequences is not a multiple of data-parallel size 8 (64 GPUs / tp 8 / cp 1 / pp 1)")]
    [InlineData(new[] { "--tp", "8", "--pp", "1", "--micro-batch", "4", "--global-batch", "48" }, "--global-batch: 48 sequences is not a multiple of data-parallel size 8 x micro-batch 4 = 32")]
    [InlineData(new[] { "--tp", "8", "--pp", "3" }, "--gpus: 64 GPUs do not divide by tp 8 x cp 1 x pp 3 = 24")]
    public void Bad_l2_input_is_a_one_line_error(string[] extra, string culprit) =>
        CliRun.Of(["estimate", "--model", "gpt3-13b", "--gpus", "64", "--hardware", "a100-sxm4-80gb", .. extra]).AssertBadInput(culprit);

    [Fact]
    public void With_degrees_searched_no_valid_layout_says_what_a_valid_one_needs() =>
        // 62 GPUs (2 x 31) leave no searched split whose data-parallel size divides 64 sequences.
        CliRun.Of("estimate", "--model", "gpt3-13b", "--gpus", "62", "--global-batch", "64", "--hardware", "a100-sxm4-80gb")
            .AssertBadInput("no valid layout: every data-parallel rank must run whole micro-batches of the global batch");

    [Fact]
    public void Layouts_lists_the_runner_ups_fastest_first_starting_with_the_chosen_one_each_with_its_steps_parts()
    {
        JsonElement j = Json("estimate", "--model", "gpt3-13b", "--hardware", "a100-sxm4-80gb", "--gpus", "128", "--layouts", "5");
        var list = j.GetProperty("layouts").EnumerateArray().ToList();
        Assert.Equal(5, list.Count);
        JsonElement chosen = j.GetProperty("layout");
        foreach (JsonProperty field in chosen.EnumerateObject())
            Assert.Equal(field.Value.GetRawText(), list[0].GetProperty(field.Name).GetRawText());
        var times = list.Select(l => l.GetProperty("step_time_s").GetDouble()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(list, l => Assert.True(l.GetProperty("memory_per_gpu_bytes").GetDouble() <= 80e9));
        // Each runner-up says where its step goes, as the chosen layout does, and its parts add up to its step.
        foreach (JsonProperty part in j.GetProperty("step_parts").EnumerateObject())
            Assert.Equal(part.Value.GetDouble(), list[0].GetProperty("step_parts").GetProperty(part.Name).GetDouble());
        Assert.All(list, l => Assert.Equal(l.GetProperty("step_time_s").GetDouble(),
            l.GetProperty("step_parts").EnumerateObject().Sum(p => p.Value.GetDouble()), l.GetProperty("step_time_s").GetDouble() * 1e-9));
        Assert.Contains("exposed_communication_s", CliRun.Of("estimate", "--model", "gpt3-13b", "--hardware", "a100-sxm4-80gb", "--gpus", "128", "--layouts", "5").Out);
        CliRun.Of("estimate", "--model", "gpt3-13b", "--utilization", "0.4", "--layouts", "3").AssertBadInput("--layouts");
    }

    [Fact]
    public void Predicting_needs_a_measured_gemm_efficiency() =>
        CliRun.Of("estimate", "--model", "gpt3-13b", "--hardware", "h100-pcie-80gb").AssertBadInput("matmul_efficiency");

    [Fact]
    public void Sweep_predict_refuses_a_utilization_axis_and_reports_layouts()
    {
        CliRun.Of("sweep", "--predict", "--utilization", "0.3").AssertBadInput("--utilization");
        JsonElement j = Json("sweep", "--predict", "--params", "7B,70B", "--gpus", "64,512", "--hardware", "h100-sxm5-80gb", "--backend", "cpu");
        JsonElement best = j.GetProperty("top")[0];
        Assert.True(best.GetProperty("mfu").GetDouble() > 0);
        Assert.True(best.GetProperty("tp").GetInt32() >= 1);
        // Each predicted point ran at its own predicted MFU, not at the utilisation axis' placeholder of 1.
        Assert.All(j.GetProperty("top").EnumerateArray(), r =>
            Assert.Equal(r.GetProperty("mfu").GetDouble(), r.GetProperty("utilization").GetDouble()));
    }

    [Fact]
    public void Validate_prints_every_run_and_table1_stays_within_15_percent()
    {
        CliRun run = CliRun.Of("validate", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(Validator.AllRuns.Count, rows.Count);
        Assert.All(rows.Where(r => r.GetProperty("group").GetString() == "narayanan-2021-table1"),
            r => Assert.InRange(r.GetProperty("relative_error").GetDouble(), -0.15, 0.15));
        Assert.Contains("mean_abs_error", CliRun.Of("validate").Out);
    }

    [Fact]
    public void Compare_leaves_out_the_accelerators_no_layout_fits_and_refuses_only_when_none_does()
    {
        // Found by a hostile run: one accelerator that could not hold Llama 3.1 405B on 64 GPUs ended the whole comparison.
        string[] job = ["compare", "--model", "llama3.1-405b", "--tokens", "1T", "--gpus", "64", "--precision", "bf16"];
        CliRun both = CliRun.Of([.. job, "--hardware", "h100-sxm5-80gb,b200-sxm-192gb", "--format", "json"]);
        Assert.True(both.ExitCode == 0, both.Err);
        Assert.Equal(["b200-sxm-192gb"], JsonDocument.Parse(both.Out).RootElement.EnumerateArray().Select(r => r.GetProperty("hardware").GetString()));
        Assert.Contains("no layout fits the job on 64 GPUs of these, so they are not compared (add GPUs): h100-sxm5-80gb", both.Err);
        CliRun.Of([.. job, "--hardware", "h100-sxm5-80gb,a100-sxm4-80gb"]).AssertBadInput("no layout fits 405.9B params on 64 x h100-sxm5-80gb");
    }
}
