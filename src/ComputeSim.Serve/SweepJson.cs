using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>A sweep's result as the page reads it: the CLI's summary fields and rows, plus the heatmap and scaling bins.</summary>
public static class SweepJson
{
    private static readonly string[] ObjectiveColumns = ["cost_usd", "wall_clock_days", "energy_mwh"];

    /// <summary>The result object.</summary>
    public static JsonObject Of(SweepProblem problem, SweepResult result, BinnedMinimum scaling, IReadOnlyDictionary<long, PlannedRun> plans,
        PlanningSettings planning, string backend, double seconds, string notes)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(planning);
        JsonArray Rows(IEnumerable<RankedPoint> points) => [.. points.Select(p => (JsonNode)Row(problem, p.Index, p.Result, plans))];
        return new JsonObject
        {
            ["grid_points"] = problem.Total,
            ["backend"] = backend,
            ["elapsed_s"] = seconds,
            ["admissible_points"] = result.Admissible,
            ["objective"] = ObjectiveColumns[(int)problem.Selection.Objective],
            ["planning_assumptions"] = new JsonArray([.. planning.Notes.Select(n => (JsonNode)n)]),
            ["notes"] = new JsonArray([.. notes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => (JsonNode)n)]),
            ["top"] = Rows(result.Top),
            ["best_per_hardware"] = Rows(result.BestPerHardware.OfType<RankedPoint>()),
            ["pareto"] = Rows(result.Pareto),
            ["heatmap"] = Heatmap(problem, result.Bins!),
            ["scaling"] = Scaling(problem, scaling),
        };
    }

    /// <summary>One point of a sweep in the CLI's columns, planned when a plan is known.</summary>
    public static JsonObject Row(SweepProblem problem, long index, in PointResult result, IReadOnlyDictionary<long, PlannedRun>? plans)
    {
        ArgumentNullException.ThrowIfNull(problem);
        PointRow row = PointRow.Of(problem, index, result);
        return Row(plans?.GetValueOrDefault(index) is PlannedRun plan ? row with { Plan = plan.Result } : row);
    }

    /// <summary>A row in the CLI's columns (non-finite numbers as null).</summary>
    public static JsonObject Row(PointRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var o = new JsonObject();
        foreach (Column c in PointRow.Columns)
            o[c.Name] = Value(c.Value(row));
        return o;
    }

    private static JsonNode? Value(object? v) => v switch
    {
        double d when double.IsFinite(d) => d,
        double => null,
        long l => l,
        int i => i,
        bool b => b,
        null => null,
        _ => v.ToString(),
    };

    // The objective's best value in each cell of params (rows) × GPUs (columns); null where none is admissible.
    private static JsonObject Heatmap(SweepProblem problem, BinnedMinimum bins) => Grid(bins,
        r => AxisValue(problem, Axis.Params, bins.FirstRowIndex(r)), c => AxisValue(problem, Axis.Gpus, bins.FirstColumnIndex(c)),
        (r, c) => bins.BestIndex(r, c) >= 0 ? Value(bins.BestScore(r, c)) : null);

    // Per accelerator and cluster size, the days of the best point by the objective (the CLI's scaling plot).
    private static JsonObject Scaling(SweepProblem problem, BinnedMinimum bins) => Grid(bins,
        r => problem.HardwareNames[bins.FirstRowIndex(r)], c => AxisValue(problem, Axis.Gpus, bins.FirstColumnIndex(c)),
        (r, c) => bins.BestIndex(r, c) is long i and >= 0 ? Value(problem.Evaluate(i).WallClockDays) : null);

    private static JsonObject Grid(BinnedMinimum bins, Func<int, JsonNode?> row, Func<int, JsonNode?> column, Func<int, int, JsonNode?> cell) => new()
    {
        ["rows"] = new JsonArray([.. Enumerable.Range(0, bins.Rows).Select(row)]),
        ["columns"] = new JsonArray([.. Enumerable.Range(0, bins.Columns).Select(column)]),
        ["values"] = new JsonArray([.. Enumerable.Range(0, bins.Rows).Select(r => (JsonNode)new JsonArray([.. Enumerable.Range(0, bins.Columns).Select(c => cell(r, c))]))]),
    };

    private static double AxisValue(SweepProblem problem, Axis axis, int i) => problem.AxisValues[problem.Spec.Shape.Offset(axis) + i];
}
