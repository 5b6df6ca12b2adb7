using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Tests.Cli;

public class PlanningCliTests
{
    private static readonly string[] Job = ["estimate", "--model", "gpt3-175b", "--hardware", "h100-sxm5-80gb", "--gpus", "1024", "--precision", "bf16", "--utilization", "0.4"];

    private static JsonElement Plan(params string[] extra) => CliRun.Json([.. Job, .. extra]).GetProperty("plan");

    [Fact]
    public void Estimate_json_has_the_plan_with_units_in_every_name()
    {
        JsonElement p = Plan();
        foreach (string field in new[] { "checkpoint_write_s", "job_mtbf_hours", "checkpoint_interval_min", "young_interval_min", "daly_interval_min", "ettr",
                     "wall_clock_days_with_failures", "gpu_hours_with_failures", "cost_usd_with_failures", "energy_mwh_with_failures", "co2e_t", "own_cost_usd", "cheaper" })
            Assert.True(p.TryGetProperty(field, out _), $"missing plan.{field}");
        Assert.Equal("on-demand", p.GetProperty("price_tier").GetString());
        Assert.NotEmpty(p.GetProperty("planning_assumptions").EnumerateArray());
        // 1,024 GPUs in 8-GPU nodes at 6.5 failures per 1,000 node-days: MTBF = 24 h / (128 x 0.0065).
        Assert.Equal(24 / (128 * 6.5e-3), p.GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
        double ettr = p.GetProperty("ettr").GetDouble();
        Assert.InRange(ettr, 0.9, 1.0);
        JsonElement e = CliRun.Json(Job);
        Assert.Equal(e.GetProperty("wall_clock_days").GetDouble() / ettr, p.GetProperty("wall_clock_days_with_failures").GetDouble(), 1e-9);
    }

    /// <summary>The default failure rate was measured on 8-GPU nodes (RSC-1); a cluster whose node is a 72-GPU NVLink domain fails nine
    /// times as often per node, so the same 1,152 GPUs lose a job as often in 16 GB200 NVL72 racks as in 144 DGX nodes.</summary>
    [Fact]
    public void The_default_failure_rate_follows_the_gpus_not_the_size_of_a_node()
    {
        string[] job = ["estimate", "--model", "gpt3-175b", "--hardware", "gb200-186gb", "--gpus", "1152", "--precision", "bf16", "--utilization", "0.4"];
        JsonElement Run(params string[] extra) => CliRun.Json([.. job, .. extra]).GetProperty("plan");
        double perNodeDay = Defaults.FailuresPer1000NodeDays.Value / 1000;
        JsonElement rack = Run("--cluster", "gb200-nvl72");
        JsonElement dgx = Run("--cluster", "dgx-b200-ndr400");
        Assert.Equal(24 / (144 * perNodeDay), dgx.GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
        Assert.Equal(dgx.GetProperty("job_mtbf_hours").GetDouble(), rack.GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
        Assert.Contains(rack.GetProperty("planning_assumptions").EnumerateArray(), n => n.GetString()!.StartsWith("58.5 failures per 1,000 node-days", StringComparison.Ordinal));
        // A rate the user gives is per node of the cluster, as given: 16 racks at the 8-GPU node's rate fail nine times less often.
        Assert.Equal(24 / (16 * perNodeDay), Run("--cluster", "gb200-nvl72", "--failures-per-1000-node-days", Defaults.FailuresPer1000NodeDays.Text)
            .GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
    }

    [Fact]
    public void Spot_costs_less_than_reserved_less_than_on_demand_and_the_tier_flag_picks_one()
    {
        JsonElement tiers = Plan().GetProperty("cost_usd_with_failures_by_tier");
        double onDemand = tiers.GetProperty("on-demand").GetDouble(), r1 = tiers.GetProperty("reserved-1y").GetDouble(), spot = tiers.GetProperty("spot").GetDouble();
        Assert.True(spot < r1 && r1 < onDemand);
        Assert.Equal(spot, Plan("--price-tier", "spot").GetProperty("cost_usd_with_failures").GetDouble(), 1e-6);
        Assert.Equal(onDemand * 0.5, Plan("--price-tier", "spot", "--spot-multiplier", "0.5").GetProperty("cost_usd_with_failures").GetDouble(), 1e-6);
    }

    [Fact]
    public void A_region_sets_the_carbon_and_more_failures_lower_the_ettr()
    {
        double mwh = Plan().GetProperty("energy_mwh_with_failures").GetDouble();
        Assert.Equal(mwh * 12.9 / 1000, Plan("--grid-region", "oregon").GetProperty("co2e_t").GetDouble(), 1e-9);
        Assert.True(Plan("--failures-per-1000-node-days", "20").GetProperty("ettr").GetDouble() < Plan().GetProperty("ettr").GetDouble());
    }

    [Fact]
    public void Zero_variance_monte_carlo_equals_the_deterministic_plan()
    {
        JsonElement p = Plan("--mfu-dist", "normal:0.4,0", "--failure-rate-dist", "fixed:6.5", "--price-factor-dist", "uniform:1,1", "--mc-samples", "50");
        foreach (string q in new[] { "wall_clock_days_with_failures", "cost_usd_with_failures", "energy_mwh_with_failures" })
        {
            double v = p.GetProperty(q).GetDouble();
            foreach (string pct in new[] { "_p10", "_p50", "_p90" })
                Assert.Equal(v, p.GetProperty(q + pct).GetDouble());
        }
    }

    [Fact]
    public void Percentiles_are_identical_on_reference_cpu_and_ilgpu_cpu()
    {
        string[] mc = ["--mfu-dist", "triangular:0.3,0.4,0.45", "--failure-rate-dist", "normal:6.5,2", "--price-factor-dist", "uniform:0.8,1.3", "--mc-samples", "300", "--seed", "99"];
        string Bands(string backend) => string.Join(";", Plan([.. mc, "--mc-backend", backend]).EnumerateObject()
            .Where(f => f.Name.EndsWith("_p10", StringComparison.Ordinal) || f.Name.EndsWith("_p50", StringComparison.Ordinal) || f.Name.EndsWith("_p90", StringComparison.Ordinal))
            .Select(f => $"{f.Name}={f.Value.GetRawText()}"));
        string reference = Bands("reference");
        Assert.Contains("cost_usd_with_failures_p90", reference);
        Assert.Equal(reference, Bands("cpu"));
        Assert.Equal(reference, Bands("ilgpu-cpu"));
    }

    [Fact]
    public void Predicted_runs_are_planned_too_and_their_utilisation_is_not_drawn_from_an_mfu_distribution()
    {
        string[] predicted = ["estimate", "--model", "llama2-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "512", "--precision", "bf16", "--mc-samples", "100"];
        JsonElement p = CliRun.Json([.. predicted, "--failure-rate-dist", "triangular:2.34,6.5,13"]).GetProperty("plan");
        Assert.True(p.GetProperty("wall_clock_days_with_failures_p10").GetDouble() < p.GetProperty("wall_clock_days_with_failures_p90").GetDouble());
        // Found by a hostile run: MFU draws round 0.4 beside a predicted 0.475 put the estimate below its own P10.
        CliRun.Of([.. predicted, "--mfu-dist", "uniform:0.3,0.4"]).AssertBadInput("--mfu-dist: only when the utilisation is given");
        CliRun.Of("sweep", "--predict", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--mfu-dist", "uniform:0.3,0.4")
            .AssertBadInput("--mfu-dist: only when the utilisation is given");
    }

    [Fact]
    public void Gemm_efficiency_is_varied_only_where_the_step_is_predicted()
    {
        JsonElement p = CliRun.Json("estimate", "--model", "llama2-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "512", "--precision", "bf16",
            "--matmul-efficiency-factor-dist", "normal:1,0.05", "--mc-samples", "100").GetProperty("plan");
        Assert.True(p.GetProperty("wall_clock_days_with_failures_p10").GetDouble() < p.GetProperty("wall_clock_days_with_failures_p90").GetDouble());
        // A factor of 1 re-runs the chosen layout at the profile's own efficiency: the predicted answer (to rounding).
        JsonElement one = CliRun.Json("estimate", "--model", "llama2-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "512", "--precision", "bf16",
            "--matmul-efficiency-factor-dist", "fixed:1", "--mc-samples", "10").GetProperty("plan");
        double days = one.GetProperty("wall_clock_days_with_failures").GetDouble();
        Assert.Equal(days, one.GetProperty("wall_clock_days_with_failures_p50").GetDouble(), days * 1e-12);
        CliRun.Of([.. Job, "--matmul-efficiency-factor-dist", "normal:0.7,0.05"]).AssertBadInput("--matmul-efficiency-factor-dist");
        CliRun.Of([.. Job, "--matmul-efficiency-factor-dist", "fixed:0.7", "--mfu-dist", "fixed:0.4"]).AssertBadInput("--matmul-efficiency-factor-dist");
    }

    [Fact]
    public void Sweep_rows_carry_their_plan_and_bands()
    {
        JsonElement j = CliRun.Json("sweep", "--params", "7B,70B", "--gpus", "64,512", "--hardware", "h100-sxm5-80gb", "--precision", "bf16", "--top", "3",
            "--failure-rate-dist", "triangular:2.34,6.5,13", "--mc-samples", "200", "--quiet");
        Assert.Equal(200, j.GetProperty("monte_carlo").GetProperty("samples").GetInt32());
        foreach (JsonElement row in j.GetProperty("top").EnumerateArray())
        {
            Assert.InRange(row.GetProperty("ettr").GetDouble(), 0.5, 1.0);
            Assert.True(row.GetProperty("co2e_t").GetDouble() > 0);
            Assert.True(row.GetProperty("wall_clock_days_with_failures_p10").GetDouble() <= row.GetProperty("wall_clock_days_with_failures_p90").GetDouble());
        }
    }

    [Fact]
    public void Every_out_row_is_planned()
    {
        using var dir = new TempFolder("computesim-plan-out");
        CliRun run = CliRun.Of("sweep", "--params", "7B,70B", "--gpus", "64,512", "--hardware", "h100-sxm5-80gb", "--precision", "bf16", "--quiet",
            "--grid-gco2e-per-kwh", "100", "--out", dir["points.jsonl"]);
        Assert.True(run.ExitCode == 0, run.Err);
        string[] lines = File.ReadAllLines(dir["points.jsonl"]);
        Assert.Equal(4, lines.Length);
        foreach (string line in lines)
        {
            JsonElement row = JsonDocument.Parse(line).RootElement;
            double mwh = row.GetProperty("energy_mwh_with_failures").GetDouble();
            Assert.Equal(mwh * 0.1, row.GetProperty("co2e_t").GetDouble(), 1e-9);
            Assert.Equal(row.GetProperty("wall_clock_days").GetDouble() / row.GetProperty("ettr").GetDouble(), row.GetProperty("wall_clock_days_with_failures").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public void Text_output_prints_the_plan_and_its_assumptions()
    {
        CliRun run = CliRun.Of([.. Job, "--price-factor-dist", "uniform:0.9,1.1", "--mc-samples", "100"]);
        Assert.Equal(0, run.ExitCode);
        foreach (string s in new[] { "ettr", "co2e_t", "buy vs rent:", "cost by tier", "monte carlo", "planning assumptions:", "Kokolis et al. 2025", "Daly 2006" })
            Assert.Contains(s, run.Out);
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["--pue", "-1"], "--pue" },
        { ["--gpu-power-fraction", "1.2"], "--gpu-power-fraction" },
        { ["--spot-multiplier", "1.5"], "--spot-multiplier" },
        { ["--server-overhead", "-0.1"], "--server-overhead" },
        { ["--failures-per-1000-node-days", "-3"], "--failures-per-1000-node-days" },
        { ["--storage-gb-per-s-per-gpu", "0"], "--storage-gb-per-s-per-gpu" },
        { ["--checkpoint-interval", "often"], "--checkpoint-interval" },
        { ["--grid-region", "atlantis"], "--grid-region" },
        { ["--grid-region", "oregon", "--grid-gco2e-per-kwh", "10"], "--grid-region" },
        { ["--price-tier", "cheap"], "--price-tier" },
        { ["--mfu-dist", "normal:0.4"], "--mfu-dist" },
        { ["--mfu-dist", "gauss:0.4,0.1"], "--mfu-dist" },
        { ["--mfu-dist", "normal:0.4,x"], "--mfu-dist" },
        { ["--mfu-dist", "normal:0.9,0.1"], "--mfu-dist" },
        { ["--mfu-dist", "uniform:0.5,0.3"], "--mfu-dist" },
        { ["--mfu-dist", "triangular:0.3,0.6,0.5"], "--mfu-dist" },
        { ["--failure-rate-dist", "normal:6.5,-1"], "--failure-rate-dist" },
        { ["--price-factor-dist", "fixed:0"], "--price-factor-dist" },
        { ["--mfu-dist", "fixed:0.4", "--mc-samples", "0"], "--mc-samples" },
        { ["--mfu-dist", "fixed:0.4", "--seed", "-1"], "--seed" },
        { ["--mc-backend", "gpu"], "--mc-backend" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_one_line_naming_the_flag(string[] extra, string flag) =>
        CliRun.Of([.. Job, .. extra]).AssertBadInput(flag);

    [Fact]
    public void A_cluster_file_supplies_the_failure_rate_and_storage_and_flags_override_it()
    {
        using var dir = new TempFolder("computesim-plan");
        string text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "cluster-profiles", "selene.json"))
            .Replace("\"failures_per_1000_node_days\": null", "\"failures_per_1000_node_days\": 2.34", StringComparison.Ordinal)
            .Replace("\"storage_write_gb_per_s_per_gpu\": null", "\"storage_write_gb_per_s_per_gpu\": 1", StringComparison.Ordinal)
            .Replace("\"name\": \"selene\"", "\"name\": \"rsc2\"", StringComparison.Ordinal);
        string path = dir["rsc2.json"];
        File.WriteAllText(path, text);
        JsonElement p = Plan("--cluster", path);
        Assert.Equal(24 / (128 * 2.34e-3), p.GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
        Assert.Equal(174.6e9 * 16 / (1024 * 1e9), p.GetProperty("checkpoint_write_s").GetDouble(), 1e-3);
        Assert.Contains(p.GetProperty("planning_assumptions").EnumerateArray(), n => n.GetString()!.Contains("cluster profile rsc2", StringComparison.Ordinal));
        Assert.Equal(24 / (128 * 6.5e-3), Plan("--cluster", path, "--failures-per-1000-node-days", "6.5").GetProperty("job_mtbf_hours").GetDouble(), 1e-9);
    }
}
