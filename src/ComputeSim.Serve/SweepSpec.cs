using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Api;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Serve;

/// <summary>
/// A sweep spec's fields (the keys of <c>computesim sweep --spec</c>, with the same value grammar: axes such as
/// <c>1e9..1e12:log:16</c>, <c>7B,70B</c>, <c>20x</c>) as the front door's <see cref="SweepRequest"/>.
/// </summary>
public static class SweepSpec
{
    private static readonly string[] Objectives = ["cost", "time", "energy"];

    /// <summary>The request for <paramref name="spec"/>, run on <paramref name="backend"/>; <see cref="InputException"/> naming the field.</summary>
    public static SweepRequest ToRequest(JsonObject spec, BackendKind backend)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var r = new SweepRequest { Backend = backend };
        foreach (var (key, value) in spec)
            r = With(r, key, value);
        return r;
    }

    /// <summary>The assumption fields a sweep and a job share, or null when <paramref name="key"/> is not one.</summary>
    internal static AssumptionsRequest? Assumption(AssumptionsRequest a, string key, JsonNode? value) => key switch
    {
        "pue" => a with { Pue = Number(value, key) },
        "weight_bytes_per_param" => a with { WeightBytesPerParam = Number(value, key) },
        "state_bytes_per_param" => a with { StateBytesPerParam = Number(value, key) },
        "active_fraction" => a with { ActiveFraction = Number(value, key) },
        "energy_scope" => a with { EnergyScope = Choice(value, key, AssumptionsRequest.ScopeNames) },
        "gpu_power_fraction" => a with { GpuPowerFraction = Number(value, key) },
        "server_overhead" => a with { ServerOverhead = Number(value, key) },
        _ => null,
    };

    /// <summary>The layout fields a sweep and a job share, or null when <paramref name="key"/> is not one.</summary>
    internal static LayoutRequest? Layout(LayoutRequest l, string key, JsonNode? value) => key switch
    {
        "seq_len" => l with { SeqLen = (int)Number(value, key) },
        "vocab" => l with { Vocab = (int)Number(value, key) },
        "global_batch" => l with { GlobalBatch = (int)Number(value, key) },
        "cluster" => l with { Cluster = Text(value) },
        "software" => l with { Software = Text(value) },
        "switches" => l with { Switches = Text(value) },
        "tp" => l with { Tp = (int)Number(value, key) },
        "pp" => l with { Pp = (int)Number(value, key) },
        "dp" => l with { Dp = (int)Number(value, key) },
        "micro_batch" => l with { MicroBatch = (int)Number(value, key) },
        "zero" => l with { Zero = (int)Number(value, key) },
        _ => null,
    };

    private static SweepRequest With(SweepRequest r, string key, JsonNode? value) => key switch
    {
        "params" => r with { Params = Axis(value, key) },
        "tokens" => WithTokens(r, value),
        "gpus" => r with { Gpus = Axis(value, key, wholeNumbers: true) },
        "max_gpus" => r with { MaxGpus = Number(value, key) },
        "hardware" => r with { Hardware = List(value) },
        "precision" => r with { Precisions = [.. List(value).Select(p => PrecisionNames.Parse(p, key))] },
        "utilization" => r with { Utilizations = Axis(value, key) },
        "price_per_gpu_hour" => Text(value).Contains('=', StringComparison.Ordinal)
            ? r with { PricesByName = List(value).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => AxisParser.ParseNumber(p[1], key, out _)) }
            : r with { PriceAxis = Axis(value, key) },
        "price_source" => r with { PriceSource = Text(value) },
        "objective" => r with { Objective = (ObjectiveKind)Choice(value, key, Objectives) },
        "max_days" => r with { MaxDays = Number(value, key) },
        "max_cost_usd" => r with { MaxCostUsd = Number(value, key) },
        "must_fit" => r with { MustFit = Flag(value, key) },
        "top" => r with { Top = (int)Number(value, key) },
        "pareto" => r with { Pareto = Flag(value, key) },
        "predict" => r with { Predict = Flag(value, key) },
        SweepSpecVersion.Key => Versioned(r, value),
        _ when Assumption(r.Assumptions, key, value) is AssumptionsRequest a => r with { Assumptions = a },
        _ when Layout(r.Layout, key, value) is LayoutRequest l => r with { Layout = l },
        _ => throw new InputException(key, "not a field of a sweep"),
    };

    // A spec saved from the page or dumped by the command line says its version; the request does not depend on it.
    private static SweepRequest Versioned(SweepRequest r, JsonNode? value)
    {
        SweepSpecVersion.Check(Text(value));
        return r;
    }

    private static SweepRequest WithTokens(SweepRequest r, JsonNode? value)
    {
        AxisValues tokens = AxisParser.Parse(Text(value), "tokens", allowPerParam: true);
        return r with { Tokens = tokens.Values, TokensPerParam = tokens.PerParam };
    }

    internal static double[] Axis(JsonNode? value, string key, bool wholeNumbers = false) =>
        AxisParser.Parse(Text(value), key, wholeNumbers: wholeNumbers).Values;

    internal static double Number(JsonNode? value, string key)
    {
        double v = AxisParser.ParseNumber(Text(value), key, out bool perParam);
        return perParam ? throw new InputException(key, "a multiple of params ('x') is only for tokens") : v;
    }

    internal static bool Flag(JsonNode? value, string key) => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? v.GetValue<bool>()
        : bool.TryParse(Text(value), out bool b) ? b : throw new InputException(key, $"'{Text(value)}' is not true or false");

    internal static int Choice(JsonNode? value, string key, IReadOnlyList<string> names)
    {
        int i = names.ToList().IndexOf(Text(value).Trim().ToLowerInvariant());
        return i >= 0 ? i : throw new InputException(key, $"'{Text(value)}' is not one of {string.Join(", ", names)}");
    }

    // A list field: a JSON list, or the command line's comma-separated text.
    internal static List<string> List(JsonNode? value) => value is JsonArray list
        ? [.. list.Select(Text)]
        : [.. Text(value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A value as the command line would have it: text as is, numbers in round-trip form, a list comma-joined.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        JsonArray list => string.Join(',', list.Select(Text)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.TryGetValue(out double d) => d.ToString("R", CultureInfo.InvariantCulture),
        null => "",
        _ => value.ToJsonString(),
    };
}
