using System.Text.Json;
using ComputeSim.Engine;
using ComputeSim.Example;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Api;

/// <summary>
/// The example program asks the library what the command line asks with flags; the answers must be the same
/// doubles, bit for bit (JSON writes the shortest text that reads back to the same double).
/// </summary>
public class ExampleProgramTests
{
    [Fact]
    public void Estimate_through_the_library_equals_the_command()
    {
        EstimateResult e = Questions.Estimate();
        JsonElement cli = CliRun.Json("estimate", "--model", "gpt3-175b", "--hardware", "h100-sxm5-80gb", "--utilization", "0.4");
        Assert.Equal(cli.GetProperty("wall_clock_days").GetDouble(), e.Estimate.Row.Result.WallClockDays);
        Assert.Equal(cli.GetProperty("cost_usd").GetDouble(), e.Estimate.Row.Result.CostUsd);
        Assert.Equal(cli.GetProperty("energy_mwh").GetDouble(), e.Estimate.Row.Result.EnergyMwh);
        Assert.Equal(cli.GetProperty("plan").GetProperty("co2e_t").GetDouble(), e.Plan.Result.Co2eTonnes);
    }

    [Fact]
    public void Sweep_through_the_library_equals_the_command()
    {
        SweepReport s = Questions.Sweep();
        JsonElement cli = CliRun.Json("sweep", "--params", "7e9,70e9", "--gpus", "256,1024", "--hardware", "h100-sxm5-80gb,a100-sxm4-80gb",
            "--top", "3", "--pareto", "--backend", "cpu", "--quiet");
        JsonElement[] top = [.. cli.GetProperty("top").EnumerateArray()];
        Assert.Equal(top.Length, s.Result.Top.Count);
        for (int i = 0; i < top.Length; i++)
        {
            Assert.Equal(top[i].GetProperty("index").GetInt64(), s.Result.Top[i].Index);
            Assert.Equal(top[i].GetProperty("cost_usd").GetDouble(), s.Result.Top[i].Result.CostUsd);
            Assert.Equal(top[i].GetProperty("wall_clock_days").GetDouble(), s.Result.Top[i].Result.WallClockDays);
        }
        Assert.Equal(cli.GetProperty("pareto").GetArrayLength(), s.Result.Pareto.Count);
    }

    [Fact]
    public void Plan_through_the_library_equals_the_command()
    {
        PlanOutcome p = Questions.Plan();
        JsonElement cli = CliRun.Json("plan", "--max-cost-usd", "1M", "--max-days", "60", "--hardware", "h100-sxm5-80gb", "--params", "1e9..1e11:log:9",
            "--tokens-per-param", "10..100:log:5", "--gpus", "64..1024:pow2", "--backend", "cpu", "--quiet");
        JsonElement best = cli.GetProperty("recommendation");
        PlanPoint chosen = p.Answer.Best ?? throw new InvalidOperationException("the example's plan found nothing");
        Assert.Equal(best.GetProperty("params").GetDouble(), chosen.Job.Parameters);
        Assert.Equal(best.GetProperty("gpus").GetDouble(), chosen.Job.Gpus);
        Assert.Equal(best.GetProperty("cost_usd").GetDouble(), chosen.Result.CostUsd);
        Assert.Equal(best.GetProperty("wall_clock_days").GetDouble(), chosen.Result.WallClockDays);
    }

    [Fact]
    public void Library_errors_name_the_request_field_and_the_command_line_names_the_flag()
    {
        var error = Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Estimate(new EstimateRequest { Job = new JobRequest { Parameters = 7e9, Tokens = 1e12, Gpus = 0 } }));
        Assert.Equal(Fields.Gpus, error.Subject);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        CliRun.Of("estimate", "--params", "7B", "--tokens", "1T", "--gpus", "0").AssertBadInput("--gpus: 0 is out of range");
    }

    [Fact]
    public void Library_requests_are_checked_as_the_command_line_checks_its_flags()
    {
        // Found by a hostile run: the library took what the command line refuses, or failed without naming the field.
        JobRequest job = new() { Parameters = 7e9, Tokens = 1e12, Gpus = 64, Utilization = 0.4 };
        var missing = Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Estimate(new EstimateRequest { Job = job, Hardware = null! }));
        Assert.Equal(Fields.Hardware, missing.Subject);
        var unknown = Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Estimate(new EstimateRequest { Job = job, Hardware = "h900" }));
        Assert.Equal(Fields.Hardware, unknown.Subject);
        Assert.Contains("unknown hardware 'h900'", unknown.Message, StringComparison.Ordinal);
        // An axis never holds a value twice, through any door.
        SweepRequest grid = new() { Params = [7e9, 70e9], Gpus = [256], Hardware = ["h100-sxm5-80gb"], Backend = BackendKind.Cpu };
        Assert.Equal("params", Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Sweep(grid with { Params = [7e9, 7e9] })).Subject);
        Assert.Equal("gpus", Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Sweep(grid with { Gpus = [256, 256] })).Subject);
        Assert.Equal("precision", Assert.Throws<ComputeSim.Model.InputException>(
            () => Simulator.Sweep(grid with { Precisions = [ComputeSim.Model.Precision.Bf16, ComputeSim.Model.Precision.Bf16] })).Subject);
        Assert.Equal(2, Simulator.Sweep(grid).Result.Top.Count);
    }

    [Fact]
    public void A_job_whose_utilisation_is_given_refuses_the_L2_inputs_it_would_ignore_as_the_command_line_does()
    {
        // QA: through the library (and so the server) these ran with the fields silently ignored.
        var job = new JobRequest { Model = "gpt3-13b", Utilization = 0.4 };
        string Refused(LayoutRequest layout)
        {
            var estimate = Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Estimate(new EstimateRequest { Job = job, Layout = layout }));
            var compare = Assert.Throws<ComputeSim.Model.InputException>(() => Simulator.Compare(new CompareRequest { Job = job, Layout = layout, Hardware = ["h100-sxm5-80gb"] }));
            Assert.Equal(estimate.Message, compare.Message);
            return estimate.Message;
        }
        Assert.StartsWith("software: '?' is not one of", Refused(new LayoutRequest { Software = "?" }), StringComparison.Ordinal);
        Assert.StartsWith("switches: 'bogus'", Refused(new LayoutRequest { Switches = "bogus" }), StringComparison.Ordinal);
        foreach (var (layout, field) in new (LayoutRequest, string)[]
        {
            (new() { Software = "megatron" }, Fields.Software), (new() { Switches = "cuda_graphs=on" }, Fields.Switches), (new() { SeqLen = 4096 }, Fields.SeqLen),
            (new() { Tp = 2 }, Fields.Tp), (new() { Dp = 8 }, Fields.Dp), (new() { ScaleOutGbps = 400 }, Fields.ScaleOutGbps),
        })
        {
            Assert.StartsWith($"{field}: applies only when the L2 model predicts the utilisation", Refused(layout), StringComparison.Ordinal);
        }
        CliRun.Of("estimate", "--model", "gpt3-13b", "--utilization", "0.4", "--tp", "2").AssertBadInput("--tp: applies only when the L2 model predicts utilisation");
        // The cluster plans failures and checkpoints at any level; an explicit shape holds its sequence and vocabulary.
        var cluster = new LayoutRequest { Cluster = "selene", GpusPerNode = 8 };
        Assert.Equal(0.4, Simulator.Estimate(new EstimateRequest { Job = job, Layout = cluster }).Estimate.Settings.Utilization);
        ComputeSim.Model.TransformerShape shape = ComputeSim.Model.ShapePresets.Find("llama3-8b")!.Shape;
        var shaped = new JobRequest { Shape = shape, Tokens = 1e12, Utilization = 0.4 };
        Simulator.Estimate(new EstimateRequest { Job = shaped, Layout = new LayoutRequest { SeqLen = shape.SeqLen, Vocab = shape.Vocab } });
        Assert.Equal(Fields.SeqLen, Assert.Throws<ComputeSim.Model.InputException>(
            () => Simulator.Estimate(new EstimateRequest { Job = shaped, Layout = new LayoutRequest { SeqLen = shape.SeqLen * 2 } })).Subject);
        Assert.Equal(Fields.Tp, Assert.Throws<ComputeSim.Model.InputException>(
            () => Simulator.Estimate(new EstimateRequest { Job = shaped, Layout = new LayoutRequest { Tp = 2 } })).Subject);
    }

    [Fact]
    public void A_predicted_sweep_refuses_a_utilisation_axis_and_must_fit_as_the_command_line_does()
    {
        SweepRequest grid = new() { Params = [7e9], Gpus = [64], Hardware = ["h100-sxm5-80gb"], Predict = true, Backend = BackendKind.Cpu };
        var utilization = Assert.Throws<ComputeSim.Model.InputException>(() => (grid with { Utilizations = [0.9] }).Problem(TextWriter.Null, out _));
        Assert.Equal(Fields.Utilization, utilization.Subject);
        var mustFit = Assert.Throws<ComputeSim.Model.InputException>(() => (grid with { MustFit = true }).Problem(TextWriter.Null, out _));
        Assert.Equal("must_fit", mustFit.Subject);
        CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--predict", "--must-fit").AssertBadInput("--must-fit: with --predict");
        // The default axis, left alone, is no axis given: one point.
        Assert.Equal(1, grid.Problem(TextWriter.Null, out _).Total);
    }

    [Fact]
    public void A_plan_request_refuses_what_it_would_ignore_as_a_sweep_request_does()
    {
        PlanRequest plan = new() { MaxCostUsd = 1e6, Hardware = ["h100-sxm5-80gb"] };
        string Refused(PlanRequest q) => Assert.Throws<ComputeSim.Model.InputException>(() => q.Resolve(TextWriter.Null)).Subject!;
        Assert.Equal(Fields.Tp, Refused(plan with { Layout = new LayoutRequest { Tp = 2 } }));
        Assert.Equal(Fields.Software, Refused(plan with { Layout = new LayoutRequest { Software = "bogus" } }));
        Assert.Equal(Fields.Utilization, Refused(plan with { Predict = true, Utilizations = [0.5] }));
        // The cluster plans failures and checkpoints at any level, so it stays.
        Assert.Single((plan with { Layout = new LayoutRequest { Cluster = "selene" } }).Resolve(TextWriter.Null).Grid.Hardware);
    }
}
