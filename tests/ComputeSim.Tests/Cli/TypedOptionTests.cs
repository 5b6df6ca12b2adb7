using System.CommandLine;
using System.CommandLine.Parsing;
using ComputeSim.Cli;
using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Options;

namespace ComputeSim.Tests.Cli;

/// <summary>Numbers and backends are parsed while the command line is parsed: a bad value stops before any work, naming its flag.</summary>
public class TypedOptionTests
{
    [Theory]
    [InlineData("estimate", "--gpus", "abc", "'abc' is not a number")]
    [InlineData("estimate", "--pue", "20x", "'20x' uses an 'x' multiple")]
    [InlineData("estimate", "--restart-minutes", "soon", "'soon' is not a number")]
    [InlineData("plan", "--budget-usd", "1M$", "'1M$' is not a number")]
    [InlineData("sweep", "--max-days", "1e400", "'1e400' is not a number")]
    [InlineData("sweep", "--scale-out-gbps", "fast", "'fast' is not a number")]
    public void A_malformed_number_is_a_parse_error_naming_the_flag(string command, string flag, string value, string why)
    {
        ParseResult parse = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null)).Parse([command, flag, value], CliApp.Parsing);
        ParseError error = Assert.Single(parse.Errors);
        Assert.StartsWith($"{flag.Replace("--budget-usd", "--max-cost-usd", StringComparison.Ordinal)}: {why}", CliApp.OneLine(error));
        CliRun.Of(command, flag, value).AssertBadInput(why);
    }

    [Fact]
    public void Suffixes_parse_to_the_number_and_a_default_is_the_sourced_value()
    {
        var job = new JobOptions();
        var command = new Command("t");
        job.AddTo(command);
        ParseResult parse = command.Parse(["--gpus", "2K", "--params", "175B"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(2000, parse.GetValue(job.Gpus));
        Assert.Equal(175e9, parse.GetValue(job.Params));
        Assert.Null(parse.GetValue(job.Utilization));
        Assert.Equal(ComputeSim.Model.Defaults.Pue.Value, parse.GetValue(job.Assumptions.Pue));
        // A spec holds what was typed, so '175B' is dumped as '175B', and a default as the number.
        Assert.Equal("175B", ((IShownOption)job.Params).Shown(parse));
        Assert.Null(((IShownOption)job.Utilization).Shown(parse));
        Assert.Equal(ComputeSim.Model.Defaults.Pue.Text, ((IShownOption)job.Assumptions.Pue).Shown(parse));
    }
}
