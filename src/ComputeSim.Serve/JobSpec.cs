using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>A job's fields (the keys of <c>computesim estimate</c>'s flags, in snake case) as the front door's requests.</summary>
public static class JobSpec
{
    /// <summary>An estimate of the job on its one accelerator.</summary>
    public static EstimateRequest Estimate(JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var (job, layout) = Job(fields);
        var r = new EstimateRequest { Job = job, Layout = layout, PriceSource = Optional(fields, "price_source") };
        return fields["hardware"] is JsonNode h ? r with { Hardware = SweepSpec.Text(h) } : r;
    }

    /// <summary>The job on each accelerator named (all of them when none is).</summary>
    public static CompareRequest Compare(JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var (job, layout) = Job(fields);
        return new CompareRequest
        {
            Job = job, Layout = layout, PriceSource = Optional(fields, "price_source"),
            Hardware = fields["hardware"] is JsonNode h ? SweepSpec.List(h) : null,
        };
    }

    private static string? Optional(JsonObject fields, string key) => fields[key] is JsonNode v ? SweepSpec.Text(v) : null;

    private static (JobRequest Job, LayoutRequest Layout) Job(JsonObject fields)
    {
        var job = new JobRequest();
        var layout = new LayoutRequest();
        foreach (var (key, value) in fields)
        {
            if (key is "hardware" or "price_source")
                continue;
            if (SweepSpec.Layout(layout, key, value) is LayoutRequest l)
            {
                layout = l;
                continue;
            }
            job = key switch
            {
                "model" => job with { Model = SweepSpec.Text(value) },
                "params" => job with { Parameters = SweepSpec.Number(value, key) },
                "tokens" => Tokens(job, value),
                "gpus" => job with { Gpus = SweepSpec.Number(value, key) },
                "precision" => job with { Precision = PrecisionNames.Parse(SweepSpec.Text(value), key) },
                "utilization" => job with { Utilization = SweepSpec.Number(value, key) },
                "achieved_tflops" => job with { AchievedTflops = SweepSpec.Number(value, key) },
                "price_per_gpu_hour" => job with { PricePerGpuHourUsd = SweepSpec.Number(value, key) },
                _ when SweepSpec.Assumption(job.Assumptions, key, value) is AssumptionsRequest a => job with { Assumptions = a },
                _ => throw new InputException(key, "not a field of a job the server prices"),
            };
        }
        return (job, layout);
    }

    // "20x" is a multiple of the parameters (Chinchilla's rule), anything else a token count.
    private static JobRequest Tokens(JobRequest job, JsonNode? value)
    {
        double v = AxisParser.ParseNumber(SweepSpec.Text(value), "tokens", out bool perParam);
        return perParam ? job with { TokensPerParam = v, Tokens = null } : job with { Tokens = v, TokensPerParam = null };
    }
}
