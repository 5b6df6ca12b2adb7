using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>How a sweep is run, apart from what it computes.</summary>
/// <param name="Backend">Where the sweep runs.</param>
/// <param name="CheckpointDir">The <c>--checkpoint</c> folder, or null.</param>
/// <param name="Resume">Continue the checkpoint in <paramref name="CheckpointDir"/>.</param>
/// <param name="CheckpointEvery">Time between checkpoints.</param>
/// <param name="Verify">Recompute a sample on the reference formulas.</param>
/// <param name="VerifyTolerance">Largest relative difference <c>--verify</c> accepts.</param>
public sealed record SweepRunSettings(
    BackendKind Backend, string? CheckpointDir, bool Resume, TimeSpan CheckpointEvery, bool Verify, double VerifyTolerance)
{
    /// <summary>Assumptions with which every <c>--out</c> row is planned, or null for unplanned rows.</summary>
    public PlanningAssumptions? Planning { get; init; }

    /// <summary>Opens the file every point is written to (with the rows' planning assumptions), or null for none.</summary>
    public Func<SweepProblem, PlanningAssumptions?, IPointFile>? OpenOutput { get; init; }

    /// <summary>The points file's name, for errors.</summary>
    public string? OutputName { get; init; }

    /// <summary>A whole sweep on <paramref name="backend"/>: no checkpoint, no points file, no verification.</summary>
    public static SweepRunSettings Plain(BackendKind backend) => new(backend, null, false, SweepDriver.DefaultSegmentTime, false, 0);

    /// <summary>The shard this process runs (<c>--shard</c>), or null for the whole grid.</summary>
    public Shard? Shard { get; init; }
}

