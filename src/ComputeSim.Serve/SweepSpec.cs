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

    /// <summary>The assumption fields a sweep and a job share, each with how it sets the request.</summary>
    internal static readonly IReadOnlyDictionary<string, FieldSetter<AssumptionsRequest>> AssumptionFields =
        new Dictionary<string, FieldSetter<AssumptionsRequest>>(StringComparer.Ordinal)
        {
            ["pue"] = (a, v, k) => a with { Pue = Number(v, k) },
            ["weight_bytes_per_param"] = (a, v, k) => a with { WeightBytesPerParam = Number(v, k) },
            ["state_bytes_per_param"] = (a, v, k) => a with { StateBytesPerParam = Number(v, k) },
            ["active_fraction"] = (a, v, k) => a with { ActiveFraction = Number(v, k) },
            ["energy_scope"] = (a, v, k) => a with { EnergyScope = Choice(v, k, AssumptionsRequest.ScopeNames) },
            ["gpu_power_fraction"] = (a, v, k) => a with { GpuPowerFraction = Number(v, k) },
            ["server_overhead"] = (a, v, k) => a with { ServerOverhead = Number(v, k) },
        };

    /// <summary>The layout fields a sweep and a job share, each with how it sets the request.</summary>
    internal static readonly IReadOnlyDictionary<string, FieldSetter<LayoutRequest>> LayoutFields =
        new Dictionary<string, FieldSetter<LayoutRequest>>(StringComparer.Ordinal)
        {
            ["seq_len"] = (l, v, k) => l with { SeqLen = (int)Number(v, k) },
            ["vocab"] = (l, v, k) => l with { Vocab = (int)Number(v, k) },
            ["global_batch"] = (l, v, k) => l with { GlobalBatch = (int)Number(v, k) },
            ["cluster"] = (l, v, _) => l with { Cluster = Text(v) },
            ["software"] = (l, v, _) => l with { Software = Text(v) },
            ["switches"] = (l, v, _) => l with { Switches = Text(v) },
        };

    // The fields only a sweep has.
    private static readonly Dictionary<string, FieldSetter<SweepRequest>> SweepOnlyFields = new(StringComparer.Ordinal)
    {
        ["params"] = (r, v, k) => r with { Params = Axis(v, k) },
        ["tokens"] = (r, v, _) => WithTokens(r, v),
        ["gpus"] = (r, v, k) => r with { Gpus = Axis(v, k, wholeNumbers: true) },
        ["max_gpus"] = (r, v, k) => r with { MaxGpus = Number(v, k) },
        ["hardware"] = (r, v, _) => r with { Hardware = List(v) },
        ["precision"] = (r, v, k) => r with { Precisions = [.. List(v).Select(p => PrecisionNames.Parse(p, k))] },
        ["utilization"] = (r, v, k) => r with { Utilizations = Axis(v, k) },
        ["price_per_gpu_hour"] = (r, v, k) => Text(v).Contains('=', StringComparison.Ordinal)
            ? r with { PricesByName = List(v).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => AxisParser.ParseNumber(p[1], k, out _)) }
            : r with { PriceAxis = Axis(v, k) },
        ["price_source"] = (r, v, _) => r with { PriceSource = Text(v) },
        ["objective"] = (r, v, k) => r with { Objective = (ObjectiveKind)Choice(v, k, Objectives) },
        ["max_days"] = (r, v, k) => r with { MaxDays = Number(v, k) },
        ["max_cost_usd"] = (r, v, k) => r with { MaxCostUsd = Number(v, k) },
        ["must_fit"] = (r, v, k) => r with { MustFit = Flag(v, k) },
        ["top"] = (r, v, k) => r with { Top = (int)Number(v, k) },
        ["pareto"] = (r, v, k) => r with { Pareto = Flag(v, k) },
        ["predict"] = (r, v, k) => r with { Predict = Flag(v, k) },
        [SweepSpecVersion.Key] = (r, v, _) => Versioned(r, v),
    };

    /// <summary>Every field a sweep takes: the one list the server accepts and names when it refuses a field.</summary>
    internal static readonly IReadOnlySet<string> Fields =
        new HashSet<string>([.. SweepOnlyFields.Keys, .. AssumptionFields.Keys, .. LayoutFields.Keys], StringComparer.Ordinal);

    /// <summary>The request for <paramref name="spec"/>, run on <paramref name="backend"/>; <see cref="InputException"/> naming the field.</summary>
    public static SweepRequest ToRequest(JsonObject spec, BackendKind backend)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var r = new SweepRequest { Backend = backend };
        foreach (var (key, value) in spec)
            r = With(r, key, value);
        // As the command line: a utilisation given at all, its default too, is refused with predict (the request alone
        // cannot tell the default given from the default left, so the library refuses only another value).
        if (r.Predict && spec.ContainsKey("utilization"))
            throw Check.UtilizationPredicted();
        return r;
    }

    /// <summary>The assumption fields a sweep and a job share, or null when <paramref name="key"/> is not one.</summary>
    internal static AssumptionsRequest? Assumption(AssumptionsRequest a, string key, JsonNode? value) =>
        AssumptionFields.TryGetValue(key, out FieldSetter<AssumptionsRequest>? set) ? set(a, value, key) : null;

    /// <summary>The layout fields a sweep and a job share, or null when <paramref name="key"/> is not one.</summary>
    internal static LayoutRequest? Layout(LayoutRequest l, string key, JsonNode? value) =>
        LayoutFields.TryGetValue(key, out FieldSetter<LayoutRequest>? set) ? set(l, value, key) : null;

    private static SweepRequest With(SweepRequest r, string key, JsonNode? value) => key switch
    {
        _ when SweepOnlyFields.TryGetValue(key, out FieldSetter<SweepRequest>? set) => set(r, value, key),
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

    /// <summary>A true/false field as every route reads it: JSON true or false, or the text a spec file holds ("true", "false");
    /// anything else is refused naming <paramref name="key"/>, never read as false.</summary>
    public static bool Flag(JsonNode? value, string key) => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
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

/// <summary>Sets one field of a request from its JSON value; <paramref name="key"/> names the field in errors.</summary>
/// <typeparam name="T">The request.</typeparam>
/// <param name="request">The request so far.</param>
/// <param name="value">The field's value.</param>
/// <param name="key">The field's name.</param>
internal delegate T FieldSetter<T>(T request, JsonNode? value, string key);
