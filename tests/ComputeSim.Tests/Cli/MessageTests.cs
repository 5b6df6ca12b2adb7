using System.Text.RegularExpressions;
using ComputeSim.Cli.Output;
using CsCheck;

namespace ComputeSim.Tests.Cli;

/// <summary>Found by a hostile run: numbers hundreds of digits wide, limits misstated, flags silently ignored or mistaken for files.</summary>
public sealed partial class MessageTests
{
    [Fact]
    public void No_formatted_number_is_wider_than_the_stated_width() =>
        Gen.Double.Sample(v =>
        {
            Assert.True(Format.Human(v).Length <= Format.MaxWidth, Format.Human(v));
            Assert.True(Format.Count(v).Length <= Format.MaxWidth, Format.Count(v));
            Assert.True(Format.Usd(v).Length <= Format.MaxWidth + 1, Format.Usd(v));
            Assert.True(Format.Percent(v).Length <= Format.MaxWidth + 2, Format.Percent(v));
        }, iter: 100_000);

    [Theory]
    [InlineData(1e15, "$1e+15")]
    [InlineData(1.3584e300, "$1.358e+300")]
    [InlineData(999.94e12, "$999.9T")]
    [InlineData(1.358e6, "$1.358M")]
    public void Money_switches_to_scientific_past_a_thousand_trillion(double usd, string shown) =>
        Assert.Equal(shown, Format.Usd(usd));

    [Fact]
    public void A_cost_past_1e15_prints_in_a_few_characters()
    {
        CliRun run = CliRun.Of("estimate", "--params", "1e16", "--tokens", "1e18", "--gpus", "1", "--hardware", "h100-sxm5-80gb",
            "--utilization", "1e-9", "--price-per-gpu-hour", "1000");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("$1.68e+28", run.Out);
        Assert.DoesNotMatch(LongNumber(), run.Out);
    }

    [Theory]
    [InlineData("--params", "1.0000001e16", "--params: 1.0000001e+16 is out of range; expected > 0 and <= 1e+16")]
    [InlineData("--gpus", "100000001", "--gpus: 100000001 is out of range; expected >= 1 and <= 1e+08")]
    public void A_limit_message_states_the_value_and_the_real_bound(string flag, string value, string message) =>
        CliRun.Of("sweep", flag, value).AssertBadInput(message);

    [Theory]
    [InlineData("--software", "fsdp-tee", "--software: 'fsdp-tee' is not one of megatron, fsdp, megatron-core, fsdp-te, fsdp-async-tp, megatron-core-graphs (see --help)")]
    [InlineData("--objective", "fastest", "--objective: 'fastest' is not one of cost, time, energy (see --help)")]
    public void A_value_outside_an_options_choices_lists_them_on_one_line(string flag, string value, string message)
    {
        CliRun run = CliRun.Of("sweep", "--predict", flag, value);
        run.AssertBadInput(message);
        Assert.DoesNotContain("\\n", run.Err);
    }

    [Fact]
    public void Nothing_admissible_names_only_the_limits_that_were_given()
    {
        string[] grid = ["sweep", "--params", "7B", "--gpus", "8", "--hardware", "h100-sxm5-80gb", "--backend", "cpu"];
        CliRun deadline = CliRun.Of([.. grid, "--max-days", "0.001"]);
        Assert.Contains("no point meets the constraints: relax --max-days (0.001)\n", deadline.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("--max-cost-usd", deadline.Out);
        Assert.DoesNotContain("--must-fit", deadline.Out);

        CliRun flagged = CliRun.Of("sweep", "--params", "7B", "--gpus", "8", "--hardware", "v100-sxm2-32gb", "--precision", "fp8", "--backend", "cpu");
        Assert.Contains("no point meets the constraints: every point is n/a", flagged.Out);
        Assert.DoesNotContain("relax", flagged.Out);

        CliRun plan = CliRun.Of("plan", "--max-cost-usd", "1", "--params", "1e12", "--tokens-per-param", "20", "--hardware", "h100-sxm5-80gb", "--backend", "cpu", "--quiet");
        Assert.Contains("no configuration meets the limits: raise --max-cost-usd ($1), or widen the grid", plan.Out);
        Assert.DoesNotContain("--max-days", plan.Out);
    }

    [Fact]
    public void No_layout_fits_names_only_the_layout_flags_given()
    {
        string[] job = ["estimate", "--model", "llama2-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "1", "--precision", "bf16"];
        CliRun.Of(job).AssertBadInput("valid layouts tried); add GPUs");
        Assert.DoesNotContain("relax", CliRun.Of(job).Err);
        CliRun.Of([.. job, "--zero", "1"]).AssertBadInput("add GPUs, or relax --zero");
        Assert.DoesNotContain("--tp", CliRun.Of([.. job, "--zero", "1"]).Err);
    }

    [Fact]
    public void Merge_refuses_an_unknown_option_instead_of_reading_it_as_a_file() =>
        CliRun.Of("merge", "--bogus", "part-0.json").AssertBadInput("merge: unknown option '--bogus'");

    [Theory]
    [InlineData("--dp", "8")]
    [InlineData("--tp", "8")]
    [InlineData("--seq-len", "4096")]
    [InlineData("--cluster", "selene")]
    public void A_layout_flag_without_predict_is_refused_not_ignored(string flag, string value) =>
        CliRun.Of("sweep", flag, value).AssertBadInput($"{flag}: applies only with --predict (the L2 model); add --predict, or drop {flag}");

    [Fact]
    public void A_layout_flag_at_its_default_passes_as_a_dumped_spec_holds_it() =>
        Assert.Equal(0, CliRun.Of("sweep", "--params", "7B", "--gpus", "8", "--hardware", "h100-sxm5-80gb", "--backend", "cpu", "--seq-len", "2048", "--layout", "auto").ExitCode);

    /// <summary>Found by the spec round-trip property: '--objective --top' ran the sweep with the default objective.</summary>
    [Theory]
    [InlineData("--objective", "--top")]
    [InlineData("--out", "--pareto")]
    public void An_option_name_is_never_taken_as_a_value(string flag, string value) =>
        CliRun.Of("sweep", flag, value).AssertBadInput($"{flag}: expected a value, not the option '{value}'");

    [Fact]
    public void Dump_spec_refuses_what_would_not_read_back_and_writes_nothing()
    {
        using var dir = new TempFolder("computesim-dump-");
        CliRun.Of("sweep", "--hardware", "h100-sxm5-80gb,,mi300x", "--dump-spec", dir["s.yaml"])
            .AssertBadInput("--dump-spec: the spec would not read back: --dump-spec (the dumped spec), line 6: 'hardware' has no value");
        // The sweep's own checks run before the spec is written, so an empty axis is refused by name there.
        CliRun.Of("sweep", "--gpus", "", "--dump-spec").AssertBadInput("--gpus: empty value");
        Assert.False(File.Exists(dir["s.yaml"]));
    }

    [GeneratedRegex(@"\d{13,}")]
    private static partial Regex LongNumber();
}
