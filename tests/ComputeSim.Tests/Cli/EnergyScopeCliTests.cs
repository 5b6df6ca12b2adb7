using System.Text.Json;

namespace ComputeSim.Tests.Cli;

public class EnergyScopeCliTests
{
    private static readonly string[] Job = ["estimate", "--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--gpus", "256", "--precision", "bf16", "--utilization", "0.4"];

    private static JsonElement Estimate(params string[] more) => CliRun.Json([.. Job, .. more]);

    [Theory]
    [InlineData("gpu", 1.1)]
    [InlineData("server", 0.76 * 1.82)]
    [InlineData("facility", 0.76 * 1.82 * 1.1)]
    public void Energy_and_carbon_count_the_same_power_in_every_scope(string scope, double wattsPerBoardWatt)
    {
        JsonElement j = Estimate("--energy-scope", scope, "--grid-gco2e-per-kwh", "100");
        Assert.Equal(scope, j.GetProperty("energy_scope").GetString());
        // Failure-free energy: 700 W x the scope's factor x GPUs x time.
        double hours = j.GetProperty("gpu_hours").GetDouble();
        Assert.Equal(700 * wattsPerBoardWatt * hours / 1e6, j.GetProperty("energy_mwh").GetDouble(), 1e-6);
        JsonElement plan = j.GetProperty("plan");
        double withFailures = plan.GetProperty("energy_mwh_with_failures").GetDouble();
        double planHours = plan.GetProperty("gpu_hours_with_failures").GetDouble();
        Assert.Equal(700 * wattsPerBoardWatt * planHours / 1e6, withFailures, 1e-6);
        Assert.Equal(withFailures * 0.1, plan.GetProperty("co2e_t").GetDouble(), 1e-9);
        Assert.Contains(plan.GetProperty("planning_assumptions").EnumerateArray(), n => n.GetString()!.StartsWith($"energy scope {scope}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_scope_is_facility()
    {
        Assert.Equal("facility", Estimate().GetProperty("energy_scope").GetString());
        CliRun run = CliRun.Of([.. Job]);
        Assert.Contains("energy scope facility", run.Out);
    }

    [Fact]
    public void Measured_usage_follows_the_scope_too()
    {
        string[] usage = ["estimate", "--gpu-hours", "1e6", "--hardware", "a100-sxm4-80gb", "--grid-gco2e-per-kwh", "100"];
        JsonElement gpu = CliRun.Json([.. usage, "--energy-scope", "gpu"]), facility = CliRun.Json([.. usage]);
        Assert.Equal(400 * 1.1 * 1e6 / 1e6, gpu.GetProperty("energy_mwh").GetDouble(), 1e-9);
        Assert.Equal(facility.GetProperty("energy_mwh").GetDouble() * 0.1, facility.GetProperty("co2e_t").GetDouble(), 1e-9);
        Assert.Equal(0.76 * 1.82, facility.GetProperty("energy_mwh").GetDouble() / gpu.GetProperty("energy_mwh").GetDouble(), 1e-9);
    }

    [Fact]
    public void Moe_flops_factor_is_formatted_for_people()
    {
        CliRun run = CliRun.Of("estimate", "--params", "100B", "--tokens", "1T", "--active-fraction", "0.276", "--utilization", "0.4");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("params x tokens x 1.656 (2 fwd x 3 fwd+bwd x 0.276 active)", run.Out);
        Assert.DoesNotContain("1.6560000000000001", run.Out);
    }

    [Theory]
    [InlineData(new[] { "--energy-scope", "rack" }, "--energy-scope")]
    [InlineData(new[] { "--gpu-hours", "1e6", "--days", "3" }, "--gpu-hours and --days")]
    [InlineData(new[] { "--days", "3" }, "--gpus")]
    [InlineData(new[] { "--gpu-hours", "1e6", "--gpus", "8" }, "--gpus")]
    [InlineData(new[] { "--gpu-hours", "-1" }, "--gpu-hours")]
    [InlineData(new[] { "--gpu-hours", "1e6", "--model", "gpt3-13b" }, "--model")]
    [InlineData(new[] { "--gpu-hours", "1e6", "--board-power-w", "0" }, "--board-power-w")]
    public void Bad_usage_is_one_line_naming_the_flag(string[] args, string culprit) =>
        CliRun.Of(["estimate", "--hardware", "a100-sxm4-80gb", .. args]).AssertBadInput(culprit);
}
