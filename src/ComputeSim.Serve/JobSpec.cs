using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>A job's fields (the keys of <c>computesim estimate</c>'s flags, in snake case) as the front door's requests.</summary>
public static class JobSpec
{
    // Read by the use case itself (which accelerators, which price basis), not by the job.
    private static readonly string[] UseCaseFields = ["hardware", "price_source"];

    // The fields only a job has.
    private static readonly Dictionary<string, FieldSetter<JobRequest>> JobOnlyFields = new(StringComparer.Ordinal)
    {
        ["model"] = (job, v, _) => job with { Model = SweepSpec.Text(v) },
        ["params"] = (job, v, k) => job with { Parameters = SweepSpec.Number(v, k) },
        ["tokens"] = (job, v, _) => Tokens(job, v),
        ["gpus"] = (job, v, k) => job with { Gpus = SweepSpec.Number(v, k) },
        ["precision"] = (job, v, k) => job with { Precision = PrecisionNames.Parse(SweepSpec.Text(v), k) },
        ["utilization"] = (job, v, k) => job with { Utilization = SweepSpec.Number(v, k) },
        ["achieved_tflops"] = (job, v, k) => job with { AchievedTflops = SweepSpec.Number(v, k) },
        ["price_per_gpu_hour"] = (job, v, k) => job with { PricePerGpuHourUsd = SweepSpec.Number(v, k) },
    };

    // A fixed parallel layout: a job may give one; the server's sweep leaves the layout to its search.
    private static readonly Dictionary<string, FieldSetter<LayoutRequest>> ParallelFields = new(StringComparer.Ordinal)
    {
        ["tp"] = (l, v, k) => l with { Tp = (int)SweepSpec.Number(v, k) },
        ["pp"] = (l, v, k) => l with { Pp = (int)SweepSpec.Number(v, k) },
        ["dp"] = (l, v, k) => l with { Dp = (int)SweepSpec.Number(v, k) },
        ["micro_batch"] = (l, v, k) => l with { MicroBatch = (int)SweepSpec.Number(v, k) },
        ["zero"] = (l, v, k) => l with { Zero = (int)SweepSpec.Number(v, k) },
    };

    /// <summary>Every field a job takes: the one list the server accepts and names when it refuses a field.</summary>
    internal static readonly IReadOnlySet<string> Fields = new HashSet<string>(
        [.. UseCaseFields, .. JobOnlyFields.Keys, .. ParallelFields.Keys, .. SweepSpec.LayoutFields.Keys, .. SweepSpec.AssumptionFields.Keys],
        StringComparer.Ordinal);

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
            if (UseCaseFields.Contains(key))
                continue;
            if (JobOnlyFields.TryGetValue(key, out FieldSetter<JobRequest>? setJob))
                job = setJob(job, value, key);
            else if (ParallelFields.TryGetValue(key, out FieldSetter<LayoutRequest>? setLayout))
                layout = setLayout(layout, value, key);
            else if (SweepSpec.Layout(layout, key, value) is LayoutRequest l)
                layout = l;
            else if (SweepSpec.Assumption(job.Assumptions, key, value) is AssumptionsRequest a)
                job = job with { Assumptions = a };
            else
                throw new InputException(key, "not a field of a job the server prices");
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
