using System.Diagnostics;
using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>
/// Sweeps through the front door: the spec as a <see cref="SweepRequest"/>, run with the heatmap's bins
/// (params × GPUs) and then the scaling curves' bins (accelerator × GPUs); rows in the CLI's column names.
/// </summary>
/// <param name="backend">The sweep backend.</param>
public sealed class FrontDoorSweep(BackendKind backend)
{
    /// <summary>Points in the spec's grid, from its axes alone.</summary>
    public long CountPoints(JsonObject spec) => Guard(() => SweepSpec.ToRequest(spec, backend).Problem(TextWriter.Null, out _).Total);

    /// <summary>Runs the sweep; progress runs from 0 to the grid's size over both passes.</summary>
    public JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel) => Guard(() =>
    {
        SweepRequest request = SweepSpec.ToRequest(spec, backend);
        var notes = new StringWriter();
        SweepProblem problem = request.Problem(notes, out _);
        PlanningSettings planning = Simulator.Planning(request.Layout, request.Planning, problem.Spec.Assumptions, problem.HardwareNames);
        var clock = Stopwatch.StartNew();
        (SweepResult main, string ranOn) = Run(problem, new SweepOptions(request.Top, request.Pareto, new BinSpec(Axis.Params, Axis.Gpus)), notes, progress, 0, cancel);
        double seconds = clock.Elapsed.TotalSeconds;
        (SweepResult scaling, _) = Run(problem, new SweepOptions(0, false, new BinSpec(Axis.Hardware, Axis.Gpus)), notes, progress, problem.Total, cancel);
        IReadOnlyDictionary<long, PlannedRun> plans = SweepPlans.For(problem, main, planning);
        return SweepJson.Of(problem, main, scaling.Bins!, plans, planning, ranOn, seconds, notes.ToString());
    });

    private (SweepResult Result, string Backend) Run(SweepProblem problem, SweepOptions options, StringWriter notes, IProgress<long>? progress, long before, CancellationToken cancel)
    {
        var run = SweepRunSettings.Plain(backend);
        // Two passes over the grid: progress is reported in grid points, half a point per point evaluated.
        var offset = progress is null ? null : new Progress(done => progress.Report((before + done) / 2));
        SweepOutcome outcome = SweepExecution.Run(problem, options, run, new SweepHooks(line => notes.WriteLine(line), offset, cancel));
        return outcome.Result is SweepResult result ? (result, outcome.Backend)
            : throw new OperationCanceledException($"the sweep was cancelled after {outcome.Done:N0} of {outcome.Total:N0} points", cancel);
    }

    /// <summary>Runs a use case; bad input from the library names its request field, the field the page shows the message beside.</summary>
    public static T Guard<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work();
        }
        catch (InputException e)
        {
            throw new RequestException(e.Message, e.Subject);
        }
    }

    // Reports on the calling thread, at once (Progress<T> would post to the thread pool, out of order).
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
