using ComputeSim.Cli;
using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// The hardest forgery: a partial result whose best point was left out altogether, every count, list
/// and digest made consistent without it. No check of the file can see that; <c>--verify</c>'s re-derivation must.
/// </summary>
public sealed class ForgedPartialTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-forged-");

    public void Dispose() => _temp.Dispose();

    /// <summary>The reductions of <paramref name="range"/> computed as a sweep would, but without the point <paramref name="dropped"/>.</summary>
    private static PartialSweep Without(SweepProblem problem, SweepOptions options, IndexRange range, long dropped)
    {
        var acc = new Accumulator(problem, options);
        for (long i = range.Start; i < range.End; i++)
        {
            if (i != dropped)
                acc.Add(i, problem.Evaluate(i));
        }
        // Counted as seen, so that "evaluated" still matches the ranges.
        acc.Count(evaluated: 1, admissible: 0);
        return new PartialSweep(acc, [range]);
    }

    public static TheoryData<string> Grids => ["L0 (exact re-derivation)", "L2 (sampled re-derivation)"];

    private static SweepProblem Grid(string name) => name.StartsWith("L0", StringComparison.Ordinal)
        ? TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), 3)
        : PredictedGrids.Make(Selection.Unconstrained(ObjectiveKind.Time));

    [Theory]
    [MemberData(nameof(Grids))]
    public void A_left_out_best_point_passes_every_file_check_and_fails_the_rederivation(string grid)
    {
        SweepProblem problem = Grid(grid);
        var options = new SweepOptions(5, Pareto: true);
        long best = ReferenceSweep.Run(problem, options).Top[0].Index;
        var range = new IndexRange(0, problem.Total);
        byte[] forged = Sweeps.Serialize(Without(problem, options, range, best), problem, options);

        PartialSweep read = PartialSweepFormat.Read(forged, "forged.json", problem, options).Partial;
        Assert.NotEqual(best, read.Accumulator.ToResult().Top[0].Index);
        ReductionCheck.Outcome outcome = ReductionCheck.Run(problem, options, read.Ranges, read.Accumulator.Snapshot());
        Assert.Equal(grid.StartsWith("L0", StringComparison.Ordinal), outcome.Exact);
        Assert.NotNull(outcome.Mismatch);
        // The honest file passes the same check.
        PartialSweep honest = new CpuBackend().RunRange(problem, options, range);
        Assert.Null(ReductionCheck.Run(problem, options, honest.Ranges, honest.Accumulator.Snapshot()).Mismatch);
    }

    [Fact]
    public void Resume_with_verify_exits_3_naming_what_the_checkpoint_lacks()
    {
        SweepProblem problem = Grid("L0");
        var options = new SweepOptions(5, Pareto: true);
        SweepResult truth = ReferenceSweep.Run(problem, options);
        // Half the grid done (the first two accelerators), and the best point of one of them left out of the checkpoint.
        var half = new IndexRange(0, problem.Total / 2);
        long best = truth.BestPerHardware.OfType<RankedPoint>().First(p => p.Index < half.End).Index;
        string folder = _temp["ck"];
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, CheckpointStore.FileName), Sweeps.Serialize(Without(problem, options, half, best), problem, options));

        (SweepResult Result, CliRun Run) Resume(bool verify)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            var ctx = new CliContext(o, e);
            var settings = new SweepRunSettings(BackendKind.Cpu, folder, Resume: true, TimeSpan.FromHours(1), verify, 1e-9);
            SweepOutcome outcome = SweepExecution.Run(problem, options, settings, ctx.Hooks(null));
            return (outcome.Result!, new CliRun(outcome.ExitCode(ctx), o.ToString(), e.ToString()));
        }

        // Without --verify nothing recomputes the checkpoint's points: the forgery gives a wrong answer (the documented limit).
        var (trusted, run) = Resume(verify: false);
        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual(Sweeps.Fingerprint(truth), Sweeps.Fingerprint(trusted));
        CliRun verified = Resume(verify: true).Run;
        Assert.Equal(SweepExecution.VerifyFailedExitCode, verified.ExitCode);
        string error = Assert.Single(verified.Err.TrimEnd().Split('\n'), line => line.StartsWith("computesim: error:", StringComparison.Ordinal));
        Assert.Contains("--verify: recomputed", error);
    }
}
