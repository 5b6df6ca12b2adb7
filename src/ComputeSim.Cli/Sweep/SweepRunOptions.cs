using System.CommandLine;
using System.Globalization;
using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Sweep;

/// <summary>The sweep flags for checkpoints, resuming and cross-checking.</summary>
internal sealed class SweepRunOptions
{
    /// <summary>Default <c>--verify-tolerance</c>: the L0 formulas are a few multiplies and divides, so backends agree to the last bits.</summary>
    public const double DefaultVerifyTolerance = 1e-9;
    private const double MaxCheckpointSeconds = 86_400;

    /// <summary>--checkpoint DIR.</summary>
    public Option<string?> Checkpoint { get; } = new("--checkpoint") { Description = "Save progress in folder DIR as the sweep runs, so that an interrupted sweep can be resumed (not with --out)" };
    /// <summary>--resume.</summary>
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the sweep saved in --checkpoint DIR (same flags as the interrupted run)" };
    /// <summary>--checkpoint-seconds.</summary>
    public Option<string> CheckpointSeconds { get; } = new("--checkpoint-seconds")
    {
        Description = "Seconds between checkpoints",
        DefaultValueFactory = _ => SweepDriver.DefaultSegmentTime.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    };
    /// <summary>--verify.</summary>
    public Option<bool> Verify { get; } = new("--verify") { Description = "Recompute a fixed sample of points and every kept point with the reference formulas, and re-derive what a checkpoint or partial results supplied; exit 3 if anything differs by more than --verify-tolerance" };
    /// <summary>--verify-tolerance.</summary>
    public Option<string> VerifyTolerance { get; } = new("--verify-tolerance")
    {
        Description = "Largest relative difference --verify accepts",
        DefaultValueFactory = _ => DefaultVerifyTolerance.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Checkpoint, Resume, CheckpointSeconds, Verify, VerifyTolerance })
            command.Add(o);
    }

    /// <summary>Adds <c>--verify</c> and <c>--verify-tolerance</c> alone (for <c>merge</c>, which computes nothing else).</summary>
    public void AddVerifyTo(Command command)
    {
        command.Add(Verify);
        command.Add(VerifyTolerance);
    }

    /// <summary>The <c>--verify-tolerance</c> if <c>--verify</c> is given, else null.</summary>
    public double? VerifyToleranceIfAsked(ParseResult parse) => parse.GetValue(Verify) ? Tolerance(parse) : null;

    private double Tolerance(ParseResult parse) => Validate.Number(parse.GetValue(VerifyTolerance)!, "--verify-tolerance", 0, 1, minInclusive: true);

    /// <summary>Resolves and checks the flags against each other.</summary>
    public SweepRunSettings Resolve(ParseResult parse, BackendKind backend, string? outPath)
    {
        string? checkpoint = parse.GetValue(Checkpoint);
        bool resume = parse.GetValue(Resume);
        if (resume && checkpoint is null)
            throw new InputException("--resume: needs --checkpoint DIR, the folder the interrupted sweep saved its progress in");
        if (checkpoint is not null && outPath is not null)
            throw new InputException("--checkpoint: cannot be combined with --out (a file of every point cannot be resumed); drop --out and use --top/--pareto, or drop --checkpoint");
        if (checkpoint is not null && string.IsNullOrWhiteSpace(checkpoint))
            throw new InputException("--checkpoint: empty folder name");
        double seconds = Validate.Number(parse.GetValue(CheckpointSeconds)!, "--checkpoint-seconds", 0, MaxCheckpointSeconds, minInclusive: true);
        double tolerance = Tolerance(parse);
        return new SweepRunSettings(backend, checkpoint, resume, TimeSpan.FromSeconds(seconds), parse.GetValue(Verify), tolerance)
        {
            OpenOutput = outPath is null ? null : (problem, planning) => new PointFileSink(problem, outPath, "--out", planning),
            OutputName = outPath,
        };
    }
}
