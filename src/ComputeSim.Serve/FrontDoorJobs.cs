using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>Estimate, compare and the default assumptions through the front door, as JSON in the CLI's column names.</summary>
public static class FrontDoorJobs
{
    /// <summary>One job on one accelerator: its row (planned), peak, price basis, memory and notes.</summary>
    public static JsonNode Estimate(JsonObject fields) => FrontDoorSweep.Guard(() =>
    {
        EstimateResult r = Simulator.Estimate(JobSpec.Estimate(fields));
        Estimate e = r.Estimate;
        JsonObject o = SweepJson.Row(e.Row with { Plan = r.Plan.Result });
        o["peak_tflops_per_gpu"] = e.PeakFlops / TrainingCost.FlopsPerTflop;
        o["price_source"] = e.PriceBasis;
        o["memory"] = new JsonObject
        {
            ["weights_bytes"] = e.Memory.WeightsBytes,
            ["training_state_bytes"] = e.Memory.TrainingStateBytes,
            ["min_gpus_for_weights"] = e.Memory.MinGpusForWeights,
            ["min_gpus_for_training_state"] = e.Memory.MinGpusForTrainingState,
            ["chip_cost_for_training_state_usd"] = e.Memory.ChipCostForTrainingStateUsd,
        };
        o["mfu_note"] = e.MfuNote;
        if (e.StepParts is StepParts parts)
            o["step_parts"] = new JsonObject(StepPartFields.All.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Seconds(parts))));
        o["model_accuracy"] = e.Accuracy?.ToJson();
        o["planning_assumptions"] = Lines(r.Planning.Notes);
        o["notes"] = Lines(r.Notes);
        return (JsonNode)o;
    });

    /// <summary>The job on each accelerator, with those left out and why.</summary>
    public static JsonNode Compare(JsonObject fields) => FrontDoorSweep.Guard(() =>
    {
        CompareResult r = Simulator.Compare(JobSpec.Compare(fields));
        return (JsonNode)new JsonObject
        {
            ["estimates"] = new JsonArray([.. r.Estimates.Select(e => (JsonNode)SweepJson.Row(e.Row))]),
            ["skipped"] = Lines(r.Skipped),
            ["planning_assumptions"] = Lines(r.Planning.Notes),
            ["notes"] = Lines(r.Notes),
        };
    });

    /// <summary>The planning assumptions of a default job, each with its source.</summary>
    public static JsonNode Assumptions() => FrontDoorSweep.Guard(() =>
        (JsonNode)new JsonObject { ["planning"] = Lines(Simulator.Planning(new LayoutRequest(), new PlanningRequest(), new AssumptionsRequest().Resolve(), [Defaults.Hardware]).Notes) });

    private static JsonArray Lines(IEnumerable<string> lines) => [.. lines.Select(l => (JsonNode)l)];
}
