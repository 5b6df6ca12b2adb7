using System.Text.Json;

namespace ComputeSim.Tests.Cli;

public class EstimateCliTests
{
    private static JsonElement Json(params string[] args) => CliRun.Json(args);

    [Fact]
    public void Json_has_every_promised_field_with_seed_values()
    {
        JsonElement j = Json("estimate", "--model", "gpt3-175b", "--hardware", "v100-sxm2-32gb", "--gpus", "1024", "--achieved-tflops", "28");
        foreach (string field in new[] { "hardware", "gpus", "params", "tokens", "total_flops", "pf_days", "utilization", "achieved_tflops_per_gpu",
                     "wall_clock_days", "gpu_hours", "gpu_days", "gpu_years", "cost_usd", "energy_mwh", "memory" })
            Assert.True(j.TryGetProperty(field, out _), $"missing {field}");
        foreach (string field in new[] { "weights_bytes", "training_state_bytes", "min_gpus_for_weights", "min_gpus_for_training_state" })
            Assert.True(j.GetProperty("memory").TryGetProperty(field, out _), $"missing memory.{field}");

        Assert.Equal("v100-sxm2-32gb", j.GetProperty("hardware").GetString());
        Assert.Equal(28, j.GetProperty("achieved_tflops_per_gpu").GetDouble(), 1e-9);
        Assert.Equal(0.224, j.GetProperty("utilization").GetDouble(), 1e-12);
        // Seed: 355 GPU-years and $9.5M at 28 TFLOPS and $3.06/hour, whatever the cluster size.
        Assert.Equal(355, j.GetProperty("gpu_years").GetDouble(), 355 * 0.005);
        Assert.Equal(9.5e6, j.GetProperty("cost_usd").GetDouble(), 9.5e6 * 0.0053);
        Assert.Equal(j.GetProperty("gpu_hours").GetDouble() / 24, j.GetProperty("gpu_days").GetDouble(), 1e-6);
        Assert.Equal(88, j.GetProperty("memory").GetProperty("min_gpus_for_training_state").GetDouble());
    }

    [Fact]
    public void Params_and_tokens_per_param_work_without_a_preset()
    {
        JsonElement j = Json("estimate", "--params", "70B", "--tokens", "20x", "--hardware", "h100-sxm5-80gb", "--gpus", "2048", "--precision", "bf16", "--utilization", "0.4");
        Assert.Equal(1.4e12, j.GetProperty("tokens").GetDouble(), 1);
        Assert.Equal(6 * 70e9 * 1.4e12, j.GetProperty("total_flops").GetDouble(), 1e12);
        double days = 6 * 70e9 * 1.4e12 / (2048 * 989.5e12 * 0.4) / 86400;
        Assert.Equal(days, j.GetProperty("wall_clock_days").GetDouble(), days * 1e-12);
    }

    [Fact]
    public void Missing_price_prints_null_cost_not_a_number()
    {
        JsonElement j = Json("estimate", "--model", "gpt3-13b", "--hardware", "mi250x");
        Assert.Equal(JsonValueKind.Null, j.GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Number, j.GetProperty("energy_mwh").ValueKind);
    }

    [Fact]
    public void Text_output_is_a_readable_breakdown()
    {
        CliRun run = CliRun.Of("estimate", "--model", "gpt3-13b", "--hardware", "a100-sxm4-80gb", "--gpus", "256");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("wall_clock_days", run.Out);
        Assert.Contains("training state", run.Out);
        Assert.Equal("", run.Err);
    }

    [Theory]
    [InlineData("--hardware", "h900", "unknown hardware 'h900'")]
    [InlineData("--gpus", "-5", "--gpus")]
    [InlineData("--gpus", "2.5", "--gpus")]
    [InlineData("--gpus", "lots", "--gpus")]
    [InlineData("--utilization", "1.5", "--utilization")]
    [InlineData("--utilization", "0", "--utilization")]
    [InlineData("--precision", "bf16", "v100-sxm2-32gb has no bf16")]
    [InlineData("--precision", "fp4", "unknown precision")]
    [InlineData("--achieved-tflops", "200", "exceeds")]
    [InlineData("--pue", "0.5", "--pue")]
    [InlineData("--model", "gpt5", "--model")]
    [InlineData("--price-per-gpu-hour", "NaN", "--price-per-gpu-hour")]
    public void Bad_values_are_one_line_errors(string flag, string value, string culprit)
    {
        string hardware = flag == "--hardware" ? value : "v100-sxm2-32gb";
        string[] args = flag == "--hardware"
            ? ["estimate", "--model", "gpt3-13b", "--hardware", value]
            : ["estimate", "--model", "gpt3-13b", "--hardware", hardware, flag, value];
        CliRun.Of(args).AssertBadInput(culprit);
    }

    [Fact]
    public void Params_without_tokens_and_no_model_are_errors()
    {
        CliRun.Of("estimate", "--params", "-7B", "--tokens", "1T").AssertBadInput("--params");
        CliRun.Of("estimate", "--params", "7B").AssertBadInput("--tokens");
        CliRun.Of("estimate").AssertBadInput("--model");
        CliRun.Of("estimate", "--model", "gpt3-13b", "--utilization", "0.3", "--achieved-tflops", "50").AssertBadInput("give one");
    }

    [Fact]
    public void A_cost_past_the_range_of_a_double_says_overflow_not_no_price()
    {
        // Found by a hostile run: the profile has a price; the run is too long for the figures to count.
        CliRun run = CliRun.Of("estimate", "--params", "1e16", "--tokens", "1e18", "--gpus", "1", "--utilization", "1e-300", "--hardware", "h100-sxm5-80gb");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("cost n/a (overflow", run.Out);
        Assert.DoesNotContain("no price", run.Out);
    }
}
