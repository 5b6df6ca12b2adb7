namespace ComputeSim.Tests.Cli;

/// <summary>When failures arrive faster than a restart and a checkpoint interval take, every n/a is explained.</summary>
public class UndefinedTimeNoteTests
{
    [Fact]
    public void A_run_that_never_finishes_says_why_once()
    {
        CliRun run = CliRun.Of("estimate", "--model", "gpt3-175b", "--hardware", "h100-sxm5-80gb", "--gpus", "1e8", "--precision", "bf16", "--utilization", "0.4", "--wide");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("n/a", run.Out, StringComparison.Ordinal);
        Assert.Single(run.Out.Split('\n'), l => l.StartsWith("note: n/a:", StringComparison.Ordinal) && l.Contains("never finishes", StringComparison.Ordinal));
        Assert.Contains("buy vs rent: n/a (the run never finishes)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("lacks a rental or purchase price", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_finishes_has_no_such_note()
    {
        CliRun run = CliRun.Of("estimate", "--model", "gpt3-175b", "--hardware", "h100-sxm5-80gb", "--gpus", "1024", "--precision", "bf16", "--utilization", "0.4");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("note: n/a:", run.Out, StringComparison.Ordinal);
    }
}
