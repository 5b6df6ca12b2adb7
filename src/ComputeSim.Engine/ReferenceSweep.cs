using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// The obviously-correct sweep: one thread, every index in order, every admissible point kept,
/// then sorted. Every other backend is tested against it. Memory grows with the grid.
/// </summary>
public static class ReferenceSweep
{
    /// <summary>The largest grid the reference path accepts (it keeps every admissible point).</summary>
    public const long MaxPoints = 50_000_000;

    // Progress and cancellation are looked at once every 2^20 points.
    private const long ReportMask = (1L << 20) - 1;

    /// <summary>Runs the sweep; <paramref name="sink"/> receives every point in index order.</summary>
    public static SweepResult Run(
        SweepProblem problem, SweepOptions options, IPointSink? sink = null, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        if (problem.Total > MaxPoints)
            throw new InputException("backend", $"reference: the grid has {problem.Total:N0} points; the reference path takes at most {MaxPoints:N0}");

        var admitted = new List<RankedPoint>();
        var row = new PointResult[1];
        for (long i = 0; i < problem.Total; i++)
        {
            PointResult r = problem.Evaluate(i);
            if (sink is not null)
            {
                row[0] = r;
                sink.Write(i, row);
            }
            if (problem.Selection.Admits(r))
                admitted.Add(new RankedPoint(i, problem.Selection.Value(r), r));
            if ((i & ReportMask) == 0)
            {
                progress?.Report(i);
                cancel.ThrowIfCancellationRequested();
            }
        }
        progress?.Report(problem.Total);

        var byScore = admitted.OrderBy(p => p.Score).ThenBy(p => p.Index).ToList();
        var best = new RankedPoint?[problem.Hardware.Length];
        foreach (RankedPoint p in byScore)
            best[problem.HardwareOf(p.Index)] ??= p;

        return new SweepResult
        {
            Evaluated = problem.Total,
            Admissible = admitted.Count,
            Top = byScore.Take(options.TopK).ToList(),
            BestPerHardware = best,
            Pareto = options.Pareto ? ParetoFront.Of([.. admitted]) : [],
            Bins = options.Bins is null ? null : BestPerCell(problem, options.Bins, admitted),
        };
    }

    /// <summary>Groups the admitted points by cell and keeps each cell's first by (score, index).</summary>
    private static BinnedMinimum BestPerCell(SweepProblem problem, BinSpec spec, List<RankedPoint> admitted)
    {
        var bins = new BinnedMinimum(problem.Spec.Shape, spec);
        foreach (var cell in admitted.GroupBy(p => bins.CellOf(p.Index)))
        {
            RankedPoint best = cell.OrderBy(p => p.Score).ThenBy(p => p.Index).First();
            bins.Add(best.Index, best.Score);
        }
        return bins;
    }
}
