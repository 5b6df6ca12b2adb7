using System.Text.Json;
using ComputeSim.Cli;

namespace ComputeSim.Tests.Cli;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public static CliRun Of(params string[] args) => With(ctx => ctx, args);

    /// <summary>Runs in a context made from the capturing one: with a cancellation, or a stand-in backend.</summary>
    internal static CliRun With(Func<CliContext, CliContext> configure, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, configure(new CliContext(o, e)));
        return new CliRun(code, o.ToString(), e.ToString());
    }

    /// <summary>Runs with <c>--format json</c>, asserts success and parses stdout.</summary>
    public static JsonElement Json(params string[] args)
    {
        CliRun run = Of([.. args, "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    /// <summary>Asserts a bad-input exit: code 2, one line on stderr naming <paramref name="culprit"/>, no stack trace.</summary>
    public void AssertBadInput(string culprit)
    {
        Assert.True(ExitCode == 2, $"exit {ExitCode}; stderr: {Err}; stdout: {Out}");
        string[] lines = Err.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("computesim: error:", lines[0]);
        Assert.Contains(culprit, lines[0]);
        Assert.DoesNotContain("   at ", Err);
        Assert.Equal("", Out);
    }
}
