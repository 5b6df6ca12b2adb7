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
    public void Every_command_shows_its_help_even_when_it_needs_an_option_or_argument()
    {
        // calibrate needs --runs and --cluster, profiles show a name: asking for help is not an error.
        Command root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
        var paths = root.Subcommands.SelectMany(c => c.Subcommands.Select(s => new[] { c.Name, s.Name }).Prepend([c.Name])).ToList();
        Assert.Contains(paths, p => p.SequenceEqual(["profiles", "show"]));
        foreach (string[] path in paths)
        {
            CliRun run = CliRun.Of([.. path, "--help"]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', path)} --help: {run.Err}");
            Assert.Contains("Usage:", run.Out);
            Assert.Equal("", run.Err);
        }
        Assert.Equal(2, CliRun.Of("calibrate", "--runs", "x.tsv").ExitCode);
    }

    [Fact]
    public void Every_section_name_is_an_option_of_some_command()
    {
        RootCommand root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
        var names = root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet();
        Assert.DoesNotContain(GroupedHelp.Sections.SelectMany(s => s.Options), n => !names.Contains(n));
    }
}
