using System.CommandLine;
using ComputeSim.Cli;

namespace ComputeSim.Tests.Cli;

/// <summary>Tab completion through the parser, and through the <c>[suggest:N]</c> directive the shell functions call.</summary>
public sealed class CompletionTests
{
    private static List<string> Complete(string line)
    {
        RootCommand root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
        return root.Parse(line).GetCompletions(line.Length).Select(c => c.Label).ToList();
    }

    [Theory]
    [InlineData("sweep --hardware h1", new[] { "h100-pcie-80gb", "h100-sxm5-80gb", "h100-sxm5-96gb-500w" })]
    [InlineData("compare --hardware mi3", new[] { "mi300x", "mi325x", "mi355x" })]
    [InlineData("estimate --hardware b2", new[] { "b200-sxm-192gb" })]
    [InlineData("estimate --model gpt3-1", new[] { "gpt3-13b", "gpt3-175b" })]
    [InlineData("compare --model t5-", new[] { "t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b" })]
    [InlineData("sweep --precision fp", new[] { "fp64", "fp32", "fp16", "fp8" })]
    [InlineData("sweep --backend il", new[] { "ilgpu-cpu" })]
    [InlineData("sweep --objective ", new[] { "cost", "energy", "time" })]
    [InlineData("sweep --plot-kind s", new[] { "scaling" })]
    [InlineData("estimate --grid-region to", new[] { "tokyo" })]
    [InlineData("compare --price-tier re", new[] { "reserved-1y", "reserved-3y" })]
    [InlineData("estimate --mc-backend il", new[] { "ilgpu-cpu" })]
    [InlineData("profiles show v100-sxm2", new[] { "v100-sxm2-16gb", "v100-sxm2-32gb" })]
    public void Values_complete(string line, string[] expected) =>
        Assert.Equal(expected.Order(), Complete(line).Order());

    [Fact]
    public void A_list_completes_its_last_item_and_skips_those_already_listed()
    {
        Assert.Equal(["h100-sxm5-80gb,mi250x", "h100-sxm5-80gb,mi300x", "h100-sxm5-80gb,mi325x", "h100-sxm5-80gb,mi355x"], Complete("sweep --hardware h100-sxm5-80gb,mi").Order());
        Assert.DoesNotContain("mi300x,mi300x", Complete("sweep --hardware mi300x,"));
        Assert.Equal(["bf16,fp8"], Complete("sweep --precision bf16,fp8"));
    }

    [Fact]
    public void Options_and_commands_complete()
    {
        Assert.Equal(["--plot", "--plot-kind"], Complete("sweep --pl"));
        Assert.Contains("--dump-spec", Complete("sweep --d"));
        Assert.Equal(["sweep"], Complete("swe"));
    }

    [Theory]
    [InlineData("sweep", "--hardware <names>")]
    [InlineData("compare", "--model <preset>")]
    [InlineData("estimate", "--hardware <name>")]
    public void Help_names_long_value_lists_briefly(string command, string expected)
    {
        CliRun run = CliRun.Of(command, "--help");
        Assert.Contains(expected, run.Out);
        Assert.DoesNotContain("v100-pcie-16gb|", run.Out);
    }

    [Fact]
    public void The_suggest_directive_prints_one_completion_per_line()
    {
        string line = "computesim sweep --hardware a100-sxm4-8";
        var o = new StringWriter();
        int code = CliApp.Run([$"[suggest:{line.Length}]", line], o, TextWriter.Null);
        Assert.Equal(0, code);
        Assert.Equal(["a100-sxm4-80gb"], o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
