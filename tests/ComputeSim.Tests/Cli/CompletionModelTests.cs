using System.CommandLine;
using ComputeSim.Cli;
using ComputeSim.Cli.Commands;
using ComputeSim.Profiles;

namespace ComputeSim.Tests.Cli;

/// <summary>Completion comes from the real option model: what the parser accepts is what the shell offers, and no more.</summary>
public sealed class CompletionModelTests
{
    private static RootCommand Root() => CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));

    /// <summary>What the shell function gets for a line with the cursor at its end.</summary>
    private static List<string> Suggest(string line)
    {
        var o = new StringWriter();
        CliApp.Run([$"[suggest:{line.Length}]", line], o, TextWriter.Null);
        return [.. o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    [Fact]
    public void Commands_complete_to_every_command_of_the_parser() =>
        Assert.Equal(Root().Subcommands.Select(c => c.Name).Order(), Suggest("computesim ").Where(s => !s.StartsWith('-') && !s.StartsWith('/')).Order());

    [Fact]
    public void A_prefix_offers_only_the_names_it_starts()
    {
        Assert.Equal(["estimate"], Suggest("computesim es"));
        Assert.All(Suggest("computesim sweep --pr"), s => Assert.StartsWith("--pr", s));
    }

    [Theory]
    [InlineData("estimate")]
    [InlineData("compare")]
    [InlineData("sweep")]
    [InlineData("plan")]
    public void Options_complete_to_every_option_of_the_command(string command)
    {
        Command cmd = Root().Subcommands.Single(c => c.Name == command);
        var expected = cmd.Options.Where(o => !o.Hidden).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
        var offered = Suggest($"computesim {command} --").ToHashSet();
        Assert.Empty(expected.Except(offered));
    }

    [Fact]
    public void Every_model_preset_completes() =>
        Assert.Equal(JobOptions.PresetNames.Order(), Suggest("computesim estimate --model ").Order());

    [Fact]
    public void Every_cluster_profile_completes() =>
        Assert.Equal(ClusterLoader.All.Select(c => c.Name).Order(), Suggest("computesim sweep --cluster ").Order());

    [Fact]
    public void Every_hardware_profile_completes() =>
        Assert.Equal(ProfileCatalog.All.Select(p => p.Name).Order(), Suggest("computesim compare --hardware ").Order());

    [Fact]
    public void Every_completed_preset_and_cluster_is_accepted_by_the_parser()
    {
        foreach (string preset in Suggest("computesim estimate --model "))
            Assert.DoesNotContain("unknown preset", CliRun.Of("estimate", "--model", preset, "--utilization", "0.4", "--tokens", "1B", "--format", "json").Err);
        foreach (string cluster in Suggest("computesim estimate --cluster "))
            Assert.Equal(0, CliRun.Of("estimate", "--model", "gpt3-13b", "--cluster", cluster, "--gpus", "64", "--format", "json").ExitCode);
    }

    [Fact]
    public void Columns_complete_to_the_names_the_command_accepts()
    {
        List<string> offered = Suggest("computesim compare --columns ");
        Assert.Contains("cost_usd", offered);
        Assert.All(offered, c => Assert.Equal(0, CliRun.Of("compare", "--model", "gpt3-13b", "--utilization", "0.4", "--hardware", "mi300x", "--columns", c).ExitCode));
    }

    [Theory]
    [InlineData(new[] { "estimte" }, "unknown command 'estimte'; did you mean 'estimate'?")]
    [InlineData(new[] { "estimate", "--modle", "gpt3-13b" }, "unknown option '--modle' of estimate; did you mean '--model'?")]
    [InlineData(new[] { "estimate", "--model", "gpt3-175", "--utilization", "0.4" }, "did you mean 'gpt3-175b'?")]
    [InlineData(new[] { "estimate", "--model", "gpt3-13b", "--hardware", "h100-sxm5-80g", "--utilization", "0.4" }, "did you mean 'h100-sxm5-80gb'?")]
    [InlineData(new[] { "estimate", "--model", "gpt3-13b", "--cluster", "selen" }, "did you mean 'selene'?")]
    public void Unknown_names_get_the_nearest_known_one(string[] args, string expected) =>
        CliRun.Of(args).AssertBadInput(expected);
}
