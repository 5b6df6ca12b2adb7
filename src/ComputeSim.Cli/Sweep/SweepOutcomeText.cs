using ComputeSim.Engine;

namespace ComputeSim.Cli.Sweep;

/// <summary>How a sweep's end reads on the command line, and its exit code.</summary>
internal static class SweepOutcomeText
{
    /// <summary>Says how an interrupted sweep stopped and how to go on; returns its exit code.</summary>
    public static int Interrupted(this SweepOutcome o, CliContext ctx)
    {
        string stopped = $"computesim: interrupted after {o.Done:N0} of {o.Total:N0} points";
        ctx.Err.WriteLine(o.Checkpoint is null ? "computesim: interrupted; nothing was written (with --checkpoint DIR a long sweep can be resumed)"
            : o.Saved == o.Done ? $"{stopped}; progress is saved in {o.Checkpoint}. To continue, run the same command with --resume"
            : o.Saved > 0 ? $"{stopped}; saving failed, so the checkpoint in {o.Checkpoint} holds {o.Saved:N0} of them. To continue from there, run the same command with --resume"
            : $"{stopped}; saving failed, so nothing is in {o.Checkpoint}. Run the same command again to start over");
        return SweepExecution.InterruptedExitCode;
    }

    /// <summary>The exit code of a finished sweep: <see cref="SweepExecution.VerifyFailedExitCode"/> (with a one-line error) if <c>--verify</c> failed.</summary>
    public static int ExitCode(this SweepOutcome o, CliContext ctx) => VerifyExitCode(ctx, o.Verify);

    /// <summary>Exit code after <c>--verify</c> (or none): a failure is one line naming what differs.</summary>
    public static int VerifyExitCode(CliContext ctx, VerifyReport? verify)
    {
        if (verify is not { Passed: false } v)
            return ExitCodes.Ok;
        ctx.Err.WriteLine(v.Reductions?.Mismatch is string mismatch
            ? $"computesim: error: --verify: {mismatch}"
            : $"computesim: error: --verify: relative difference {Format.Human(v.MaxRelativeDifference)} at point {v.WorstIndex} "
              + $"exceeds --verify-tolerance {Format.Human(v.Tolerance)}");
        return SweepExecution.VerifyFailedExitCode;
    }
}
