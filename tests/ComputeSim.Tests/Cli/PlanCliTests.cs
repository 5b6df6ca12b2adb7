using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Tests.Cli;

public class PlanCliTests
{
    // The README's question on a coarser grid: $10M, 60 days, H100 or MI300X.
    private static readonly string[] ReadmeQuestion =
    [
        "plan", "--max-cost-usd", "10M", "--max-days", "60", "--hardware", "h100-sxm5-80gb,mi300x",
        "--params", "1e9..1e13:log:41", "--tokens-per-param", "1..1000:log:31", "--quiet",
    ];

    [Fact]
    public void Plan_answers_a_budget_and_deadline_question_end_to_end()
    {
        JsonElement j = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu"]);
        JsonElement best = j.GetProperty("recommendation");
        Assert.True(best.GetProperty("cost_usd").GetDouble() <= 10e6);
        Assert.True(best.GetProperty("wall_clock_days").GetDouble() <= 60);
        Assert.Contains(best.GetProperty("hardware").GetString(), new[] { "h100-sxm5-80gb", "mi300x" });
        double n = best.GetProperty("params").GetDouble(), d = best.GetProperty("tokens").GetDouble();
        Assert.Equal(ComputeOptimal.Loss(ScalingLaws.Besiroglu.Law, n, d), best.GetProperty("predicted_loss").GetDouble());
        Assert.Equal(6 * n * d, best.GetProperty("total_flops").GetDouble(), 6 * n * d * 1e-12);
        Assert.Equal(5, j.GetProperty("runner_ups").GetArrayLength());
        foreach (JsonElement r in j.GetProperty("runner_ups").EnumerateArray())
            Assert.True(r.GetProperty("predicted_loss").GetDouble() >= best.GetProperty("predicted_loss").GetDouble());
        Assert.Equal(2, j.GetProperty("best_per_hardware").GetArrayLength());
        Assert.Equal("besiroglu", j.GetProperty("law").GetString());
    }

    [Fact]
    public void Plan_is_the_same_on_the_reference_and_cpu_backends()
    {
        JsonElement a = CliRun.Json([.. ReadmeQuestion, "--backend", "reference"]).GetProperty("recommendation");
        JsonElement b = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu"]).GetProperty("recommendation");
        Assert.Equal(a.ToString(), b.ToString());
    }

    [Fact]
    public void Text_output_has_the_breakdown_and_the_runner_ups()
    {
        CliRun run = CliRun.Of([.. ReadmeQuestion, "--backend", "cpu"]);
        Assert.Equal(0, run.ExitCode);
        foreach (string s in new[] { "recommendation:", "params", "tokens_per_param", "total_flops", "wall_clock_days", "cost_usd", "predicted_loss", "runner-ups", "best per accelerator:", "compute_optimal_at_6ND" })
            Assert.Contains(s, run.Out);
    }

    [Fact]
    public void Target_loss_with_inference_demand_reports_inference_cost()
    {
        JsonElement j = CliRun.Json("plan", "--target-loss", "2.1", "--inference-tokens", "10T", "--hardware", "h100-sxm5-80gb", "--max-days", "365",
            "--params", "1e9..1e13:log:41", "--tokens-per-param", "1..1000:log:31", "--backend", "cpu", "--quiet");
        JsonElement best = j.GetProperty("recommendation");
        Assert.True(best.GetProperty("predicted_loss").GetDouble() <= 2.1);
        Assert.True(best.GetProperty("inference_cost_usd").GetDouble() > 0);
        Assert.Equal("total_cost_usd", j.GetProperty("objective").GetString());
        CliRun text = CliRun.Of("plan", "--target-loss", "2.1", "--inference-tokens", "10T", "--hardware", "h100-sxm5-80gb", "--max-days", "365",
            "--params", "1e9..1e13:log:41", "--tokens-per-param", "1..1000:log:31", "--backend", "cpu", "--quiet");
        Assert.Contains("optimal_at_target_loss", text.Out);
        Assert.Contains("inference_cost_usd", text.Out);
    }

    [Fact]
    public void Predicted_plan_reports_a_layout()
    {
        JsonElement j = CliRun.Json("plan", "--max-cost-usd", "2M", "--max-days", "60", "--hardware", "h100-sxm5-80gb", "--predict",
            "--params", "1e9..1e11:log:5", "--tokens-per-param", "5,20,80", "--gpus", "64..1024:pow2", "--backend", "cpu", "--quiet");
        JsonElement layout = j.GetProperty("recommendation").GetProperty("layout");
        Assert.Equal(j.GetProperty("recommendation").GetProperty("gpus").GetDouble(),
            layout.GetProperty("tp").GetInt32() * layout.GetProperty("pp").GetInt32() * layout.GetProperty("dp").GetInt32());
    }

    [Fact]
    public void An_answer_on_the_edge_of_an_axis_is_flagged()
    {
        // Too few parameters to spend $10M on: the largest model of the axis wins, and the note says to widen it.
        JsonElement edge = CliRun.Json("plan", "--max-cost-usd", "10M", "--hardware", "mi300x", "--params", "1e8..1e10:log:9", "--tokens-per-param", "1..100:log:9", "--backend", "cpu", "--quiet");
        Assert.Contains(edge.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("--params"));
        JsonElement inside = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu"]);
        Assert.DoesNotContain(inside.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("edge"));
    }

    [Fact]
    public void Every_reported_configuration_is_planned_with_failures_energy_and_carbon()
    {
        JsonElement j = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu", "--grid-region", "finland"]);
        JsonElement best = j.GetProperty("recommendation");
        double ettr = best.GetProperty("ettr").GetDouble();
        Assert.InRange(ettr, 0.5, 1.0);
        // Goodput: the failure-free days and cost over the effective-training-time ratio (Kokolis et al. 2025).
        Assert.Equal(best.GetProperty("wall_clock_days").GetDouble() / ettr, best.GetProperty("wall_clock_days_with_failures").GetDouble(), 1e-6);
        // Carbon: facility energy at Finland's 41.6 gCO2e/kWh (planning facts, codecarbon data).
        Assert.Equal(best.GetProperty("energy_mwh_with_failures").GetDouble() * 41.6 / 1000, best.GetProperty("co2e_t").GetDouble(), 1e-6);
        foreach (JsonElement r in j.GetProperty("runner_ups").EnumerateArray().Concat(j.GetProperty("best_per_hardware").EnumerateArray()))
            Assert.True(r.GetProperty("cost_usd_with_failures").GetDouble() > r.GetProperty("cost_usd").GetDouble());
        Assert.NotEmpty(j.GetProperty("planning_assumptions").EnumerateArray());
        // Within the budget even with failures: no note.
        Assert.True(best.GetProperty("cost_usd_with_failures").GetDouble() <= 10e6);
        Assert.DoesNotContain(j.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("with failures"));
    }

    [Fact]
    public void A_plan_that_failures_push_over_budget_says_so()
    {
        // The sweep's limits hold for the failure-free run: at $9.5M the answer costs $9.34M, and $9.72M with failures.
        string[] args = [.. ReadmeQuestion.Select(a => a == "10M" ? "9.5M" : a), "--backend", "cpu"];
        JsonElement j = CliRun.Json(args);
        JsonElement best = j.GetProperty("recommendation");
        Assert.True(best.GetProperty("cost_usd").GetDouble() <= 9.5e6);
        Assert.True(best.GetProperty("cost_usd_with_failures").GetDouble() > 9.5e6);
        Assert.Contains(j.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("with failures the run costs"));
    }

    [Fact]
    public void Monte_carlo_bands_come_with_the_recommendation()
    {
        JsonElement best = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu", "--mfu-dist", "normal:0.4,0.05", "--mc-samples", "200"]).GetProperty("recommendation");
        double p10 = best.GetProperty("wall_clock_days_with_failures_p10").GetDouble(), p90 = best.GetProperty("wall_clock_days_with_failures_p90").GetDouble();
        Assert.True(p10 < best.GetProperty("wall_clock_days_with_failures_p50").GetDouble() && p90 > p10);
    }

    [Fact]
    public void Prices_per_accelerator_replace_the_profiles()
    {
        // At $1/h an H100 (989.5 TFLOP/s) buys more FLOPs per dollar than an MI300X at its profile's $1.85 (1,307 TFLOP/s): it wins.
        JsonElement j = CliRun.Json([.. ReadmeQuestion, "--backend", "cpu", "--price-per-gpu-hour", "h100-sxm5-80gb=1"]);
        JsonElement best = j.GetProperty("recommendation");
        Assert.Equal("h100-sxm5-80gb", best.GetProperty("hardware").GetString());
        Assert.Equal(1.0, best.GetProperty("price_per_gpu_hour_usd").GetDouble());
        JsonElement mi300x = j.GetProperty("best_per_hardware")[1];
        Assert.Equal(TestData.Spec("mi300x").PricePerGpuHourUsd, mi300x.GetProperty("price_per_gpu_hour_usd").GetDouble());
    }

    [Theory]
    [InlineData("--price-per-gpu-hour", "plan", "--max-cost-usd", "1M", "--hardware", "mi300x", "--price-per-gpu-hour", "h100-sxm5-80gb=2")]
    [InlineData("--price-per-gpu-hour", "plan", "--max-cost-usd", "1M", "--hardware", "mi300x", "--price-per-gpu-hour", "mi300x=")]
    [InlineData("--price-per-gpu-hour", "plan", "--max-cost-usd", "1M", "--hardware", "mi300x", "--price-per-gpu-hour", "mi300x=1,mi300x=2")]
    [InlineData("mi250x", "plan", "--max-cost-usd", "1M", "--hardware", "mi250x,mi300x", "--price-per-gpu-hour", "mi300x=1")] // no public price
    [InlineData("--max-cost-usd", "plan")]
    [InlineData("--inference-tokens", "plan", "--max-cost-usd", "1M", "--inference-tokens", "1T")]
    [InlineData("--law", "plan", "--max-cost-usd", "1M", "--law", "gpt")]
    [InlineData("--target-loss", "plan", "--target-loss", "-1")]
    [InlineData("--target-loss", "plan", "--target-loss", "1.8", "--law", "besiroglu")] // below E = 1.8172
    [InlineData("--max-gpus", "plan", "--max-cost-usd", "1M", "--max-gpus", "4")]
    [InlineData("--objective", "plan", "--max-cost-usd", "1M", "--objective", "time")]
    [InlineData("--tokens-per-param", "plan", "--max-cost-usd", "1M", "--tokens-per-param", "0..10:lin:3")]
    [InlineData("--utilization", "plan", "--max-cost-usd", "1M", "--predict", "--utilization", "0.5")]
    [InlineData("--top", "plan", "--max-cost-usd", "1M", "--top", "-1")]
    public void Bad_input_is_one_line_naming_the_flag(string culprit, params string[] args) =>
        CliRun.Of(args).AssertBadInput(culprit);

    [Fact]
    public void Help_shows_an_example_and_the_laws()
    {
        CliRun run = CliRun.Of("plan", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example: computesim plan", run.Out);
        foreach (NamedLaw law in ScalingLaws.All)
            Assert.Contains(law.Name, run.Out);
    }

    [Fact]
    public void An_answer_longer_than_a_year_without_a_deadline_says_how_to_get_a_faster_one()
    {
        // Found by a hostile run: at a given utilisation every cluster size costs the same, and the tie went to a 19-year run on 32 GPUs.
        string[] plan = ["plan", "--max-cost-usd", "10M", "--hardware", "h100-sxm5-80gb,mi300x", "--backend", "cpu", "--quiet"];
        Assert.Contains("without --max-days the fewest GPUs win a tie in loss and cost", CliRun.Of(plan).Out.Replace("\n", " ", StringComparison.Ordinal));
        Assert.DoesNotContain("without --max-days", CliRun.Of([.. plan, "--max-days", "90"]).Out);
    }
}
