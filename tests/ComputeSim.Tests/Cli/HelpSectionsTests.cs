using System.CommandLine;
using ComputeSim.Cli;
using ComputeSim.Cli.Output;

namespace ComputeSim.Tests.Cli;

/// <summary>Long help is grouped into sections, lists every option once, and fits the terminal.</summary>
public sealed class HelpSectionsTests
{
    [Theory]
    [InlineData("sweep")]
    [InlineData("estimate")]
    [InlineData("compare")]
    [InlineData("plan")]
    public void Help_lists_every_option_once_under_a_section(string command)
    {
        CliRun run = CliRun.With(ctx => ctx with { Width = 100 }, command, "--help");
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Out.Split('\n');
        Command cmd = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null)).Subcommands.Single(c => c.Name == command);
        foreach (Option option in cmd.Options.Where(o => !o.Hidden))
            Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^  (--[a-z0-9-]+, )?{System.Text.RegularExpressions.Regex.Escape(option.Name)}( |$|,)"));
        Assert.Contains("Grid (what to price):", lines);
        Assert.Contains("Output:", lines);
        Assert.DoesNotContain("Other:", lines);
        Assert.All(lines, l => Assert.True(l.Length <= 100, l));
    }

    [Fact]
    public void Every_section_name_is_an_option_of_some_command()
    {
        RootCommand root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
        var names = root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet();
        Assert.DoesNotContain(GroupedHelp.Sections.SelectMany(s => s.Options), n => !names.Contains(n));
    }
}
