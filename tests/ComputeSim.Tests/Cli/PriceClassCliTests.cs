using System.Text.Json;
using ComputeSim.Tests.Output;

namespace ComputeSim.Tests.Cli;

public class PriceClassCliTests
{
    private static readonly string[] Compare = ["compare", "--model", "gpt3-13b", "--gpus", "256", "--precision", "bf16", "--utilization", "0.4"];

    [Fact]
    public void Compare_warns_once_when_the_ranked_prices_mix_classes()
    {
        // a100-sxm4-40gb is priced at AWS (a hyperscaler), h100-sxm5-80gb at CoreWeave (a neocloud).
        CliRun run = CliRun.Of([.. Compare, "--hardware", "a100-sxm4-40gb,h100-sxm5-80gb"]);
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Err.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("warning: the ranked points mix price classes", lines[0]);
        Assert.Contains("hyperscaler-on-demand: a100-sxm4-40gb (AWS)", lines[0]);
        Assert.Contains("neocloud-on-demand: h100-sxm5-80gb (CoreWeave)", lines[0]);
    }

    [Fact]
    public void One_class_or_one_given_price_does_not_warn()
    {
        // Azure and AWS: two providers, one class.
        CliRun hyperscalers = CliRun.Of("compare", "--model", "gpt3-13b", "--gpus", "256", "--precision", "fp16", "--utilization", "0.4", "--hardware", "v100-sxm2-32gb,a100-sxm4-40gb");
        Assert.Equal("", hyperscalers.Err);
        Assert.Matches(@"(?m)^v100-sxm2-32gb +\d", hyperscalers.Out);
        Assert.Matches(@"(?m)^a100-sxm4-40gb +\d", hyperscalers.Out);
        Assert.Equal("", CliRun.Of([.. Compare, "--hardware", "a100-sxm4-40gb,h100-sxm5-80gb", "--price-per-gpu-hour", "3"]).Err);
    }

    [Fact]
    public void Price_source_sets_other_classes_aside_with_a_note()
    {
        CliRun run = CliRun.Of([.. Compare, "--hardware", "a100-sxm4-40gb,h100-sxm5-80gb", "--price-source", "hyperscaler-on-demand", "--format", "json"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: price source hyperscaler-on-demand: treated as having no price: h100-sxm5-80gb (neocloud-on-demand, CoreWeave)", run.Err);
        Assert.DoesNotContain("warning", run.Err);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Number, rows[0].GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("price_per_gpu_hour_usd").ValueKind);
    }

    [Fact]
    public void Compare_takes_one_price_per_accelerator_as_plan_does()
    {
        JsonElement j = CliRun.Json([.. Compare, "--hardware", "h100-sxm5-80gb,mi250x", "--price-per-gpu-hour", "mi250x=1.5"]);
        var rows = j.EnumerateArray().ToList();
        Assert.Equal(6.155, rows[0].GetProperty("price_per_gpu_hour_usd").GetDouble());
        Assert.Equal(1.5, rows[1].GetProperty("price_per_gpu_hour_usd").GetDouble());
        Assert.Equal(rows[1].GetProperty("gpu_hours").GetDouble() * 1.5, rows[1].GetProperty("cost_usd").GetDouble(), 1e-6);
        CliRun.Of([.. Compare, "--hardware", "h100-sxm5-80gb", "--price-per-gpu-hour", "mi250x=1.5"]).AssertBadInput("mi250x");
    }

    [Fact]
    public void Sweep_takes_one_price_per_accelerator_and_warns_on_mixed_classes()
    {
        CliRun run = CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb,mi250x,a100-sxm4-40gb", "--precision", "bf16",
            "--price-per-gpu-hour", "mi250x=1.25", "--top", "3", "--quiet", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("warning: the ranked points mix price classes", run.Err);
        Assert.Contains("given by hand: mi250x", run.Err);
        Assert.Contains("1.25", run.Out);
        CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--hardware", "mi250x", "--quiet", "--price-per-gpu-hour", "mi250x=abc").AssertBadInput("--price-per-gpu-hour");
    }

    [Fact]
    public void Sweep_price_source_keeps_one_class_by_default_and_refuses_a_named_other()
    {
        CliRun run = CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--precision", "fp16", "--price-source", "hyperscaler-on-demand", "--top", "50", "--quiet", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.DoesNotContain("warning", run.Err);
        Assert.DoesNotContain("h100-sxm5-80gb\"", run.Out.Split("best_per_hardware")[0]);
        CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--price-source", "hyperscaler-on-demand", "--quiet")
            .AssertBadInput("neocloud-on-demand");
        // The note waits for a good run: a refusal stays one line.
        CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--price-source", "hyperscaler-on-demand", "--max-days", "soon", "--quiet").AssertBadInput("--max-days");
        CliRun.Of([.. Compare, "--price-source", "hyperscaler-on-demand", "--mc-samples", "0", "--mfu-dist", "fixed:0.4"]).AssertBadInput("--mc-samples");
    }

    [Fact]
    public void Estimate_text_gives_the_reason_for_a_missing_price_not_a_zero_price()
    {
        CliRun run = CliRun.Of("estimate", "--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--utilization", "0.4", "--price-source", "spot");
        Assert.Equal(0, run.ExitCode);
        string line = run.Out.Split('\n').Single(l => l.StartsWith("cost_usd ", StringComparison.Ordinal));
        Assert.Contains("n/a", line);
        Assert.Contains("not of --price-source", line);
        Assert.DoesNotContain("$0", line);
    }

    [Fact]
    public void Profiles_list_shows_each_price_class()
    {
        string list = CliRun.Of("profiles", "list").Out;
        Assert.Contains("hyperscaler-on-demand, AWS", list);
        Assert.Contains("marketplace-on-demand, RunPod community cloud", list);
    }

    [Theory]
    [InlineData("rows.csv")]
    [InlineData("rows.json")]
    [InlineData("rows.parquet")]
    public void A_missing_price_is_empty_or_null_never_zero(string file)
    {
        using var dir = new TempFolder("computesim-price");
        CliRun run = CliRun.Of([.. Compare, "--hardware", "mi250x,h100-sxm5-80gb", "--out", dir[file]]);
        Assert.True(run.ExitCode == 0, run.Err);
        var rows = RowFileReaders.Read(dir[file]);
        Assert.Null(rows[0]["price_per_gpu_hour_usd"]);
        Assert.Null(rows[0]["cost_usd"]);
        Assert.Equal(6.155, rows[1]["price_per_gpu_hour_usd"]);
        if (file.EndsWith(".csv", StringComparison.Ordinal))
            Assert.DoesNotContain(",mi250x,bf16,12850000000,300000000000,256,0.4,0,", File.ReadAllText(dir[file]));
    }
}
