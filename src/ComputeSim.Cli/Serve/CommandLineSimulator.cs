using System.Diagnostics;
using System.Text.Json.Nodes;
using ComputeSim.Cli.Commands;
using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Serve;

namespace ComputeSim.Cli.Serve;

/// <summary>
/// The server's use cases, every one through the library's front door (<see cref="FrontDoorSimulator"/>); the plan's
/// JSON is the plan command's own (<see cref="PlanReport"/>), so the page and <c>computesim plan --format json</c> agree.
/// </summary>
internal static class CommandLineSimulator
{
    /// <summary>The simulator the server runs, with sweeps on <paramref name="backend"/>.</summary>
    public static ISimulator Create(BackendKind backend) => new FrontDoorSimulator(backend, fields => Plan(fields, backend));

    private static JsonNode Plan(JsonObject fields, BackendKind backend)
    {
        try
        {
            PlanRequest request = Request(fields) with { Backend = backend };
            var clock = Stopwatch.StartNew();
            PlanOutcome plan = Simulator.Plan(request);
            var report = new PlanReport(plan.Grid, plan.Law, plan.Problem, plan.Answer, plan.Backend, clock.Elapsed.TotalSeconds)
            {
                Runs = new PlannedRuns(plan.Planning, plan.Plans),
            };
            var json = new StringWriter();
            report.WriteJson(json);
            return JsonNode.Parse(json.ToString()) ?? new JsonObject();
        }
        catch (InputException e)
        {
            throw new RequestException(e.Message, e.Subject);
        }
    }

    // A request's fields in the plan command's grammar (axes, K/M/B numbers, name=price pairs), each error naming its field.
    private static PlanRequest Request(JsonObject f)
    {
        string? Text(string key) => f[key] is JsonNode n ? SweepSpec.Text(n) : null;
        double? Number(string key) => Text(key) is string t ? AxisParser.ParseNumber(t, key, out _) : null;
        double[]? Axis(string key, bool whole = false) => Text(key) is string t ? AxisParser.Parse(t, key, wholeNumbers: whole).Values : null;
        var request = new PlanRequest
        {
            MaxCostUsd = Number("max_cost_usd"),
            MaxDays = Number("max_days"),
            MaxGpus = Number("max_gpus"),
            Hardware = GridAxes.Hardware(Text("hardware")),
            PriceAxis = AcceleratorPrices.Applies(Text("price_per_gpu_hour")) ? null : Axis("price_per_gpu_hour"),
            PricesByName = GridAxes.PricesByName(Text("price_per_gpu_hour")),
            TargetLoss = Number("target_loss"),
            InferenceTokens = Number("inference_tokens") ?? 0.0,
            Predict = f["predict"] is JsonNode p && SweepSpec.Flag(p, "predict"),
        };
        if (Text("law") is string law)
            request = request with { Law = law };
        if (Text("objective") is string objective)
        {
            request = request with
            {
                Objective = objective == "time" ? ObjectiveKind.Time
                    : objective == "cost" ? ObjectiveKind.Cost
                    : throw new InputException("objective", $"'{objective}' is not cost or time"),
            };
        }
        if (Axis("params") is double[] parameters)
            request = request with { Params = parameters };
        if (Axis("tokens_per_param") is double[] perParam)
            request = request with { TokensPerParam = perParam };
        if (Axis("gpus", whole: true) is double[] gpus)
            request = request with { Gpus = gpus };
        if (Text("precision") is string precision)
        {
            request = request with { Precision = PrecisionNames.Parse(precision, "precision") };
        }
        if (Axis("utilization") is double[] utilization)
            request = request with { Utilizations = utilization };
        if (Number("top") is double top)
            request = request with { Top = top == Math.Floor(top) && top is >= 0 and <= 1000 ? (int)top : throw new InputException("top", $"{top} is not a whole number from 0 to 1000") };
        return request;
    }
}
