using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ComputeSim.Serve;

/// <summary>Reads a request's JSON object and checks its fields before any work: known names, plain values, no file paths.</summary>
public static class RequestBody
{
    /// <summary>Fields a sweep request may hold: the sweep spec's fields that name no file (those its reader takes).</summary>
    public static readonly IReadOnlySet<string> SweepFields = SweepSpec.Fields;

    /// <summary>Fields a job (estimate, compare) may hold: those its reader takes.</summary>
    public static readonly IReadOnlySet<string> JobFields = JobSpec.Fields;

    /// <summary>Fields a planning question may hold.</summary>
    public static readonly IReadOnlySet<string> PlanFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "max_cost_usd", "max_days", "max_gpus", "hardware", "price_per_gpu_hour", "law", "target_loss", "objective", "inference_tokens",
        "params", "tokens_per_param", "gpus", "precision", "utilization", "predict", "top",
    };

    // Fields that exist in the CLI but name a file, a folder or how the run writes: never taken from the web.
    private static readonly HashSet<string> CliOnly = new(StringComparer.Ordinal)
    {
        "out", "plot", "plot_kind", "spec", "dump_spec", "checkpoint", "checkpoint_every", "resume", "partial_out", "shard",
        "hf_config", "backend", "max_output_mb", "format", "quiet", "verify", "verify_tolerance",
    };

    private const int MaxTextLength = 512;
    private const int MaxListLength = 64;

    /// <summary>The body as a JSON object whose fields are all in <paramref name="allowed"/>; <see cref="RequestException"/> otherwise.</summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        using JsonDocument document = await ParseAsync(request).ConfigureAwait(false);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new RequestException("the request must be a JSON object of fields, e.g. {\"params\": \"7B\"}", null);
        CheckOnce(root);
        JsonObject body = JsonObject.Create(root.Clone())!;
        Check(body, allowed);
        return body;
    }

    private static async Task<JsonDocument> ParseAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new RequestException($"the request is not valid JSON: {OneLine(e.Message)}", null);
        }
    }

    // A field given twice is ambiguous: refused by name before the body becomes an object (which would throw on the second).
    private static void CheckOnce(JsonElement fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty field in fields.EnumerateObject())
        {
            if (!seen.Add(field.Name))
                throw new RequestException($"{field.Name}: given twice", field.Name);
        }
    }

    /// <summary>Fields whose value is a document (a profile's JSON text), not a name or a number: any length within the request limit.</summary>
    public static readonly IReadOnlySet<string> DocumentFields = new HashSet<string>(["profile"], StringComparer.Ordinal);

    /// <summary>Checks every field: a known name, a number, a boolean, a short string or a short list of them, and never a path.</summary>
    public static void Check(JsonObject body, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(allowed);
        foreach (var (key, value) in body)
        {
            if (DocumentFields.Contains(key) && allowed.Contains(key))
                continue; // read by a strict loader, never opened as a file
            if (CliOnly.Contains(key))
                throw new RequestException($"{key}: not accepted by the server (it names a file or how a run writes); use it with computesim sweep --spec on the command line", key);
            if (!allowed.Contains(key))
                throw new RequestException($"{key}: unknown field; known: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}", key);
            JsonNode?[] items = value is JsonArray list ? [.. list] : [value];
            if (value is JsonArray { Count: > MaxListLength })
                throw new RequestException($"{key}: more than {MaxListLength} values", key);
            foreach (JsonNode? item in items)
                CheckValue(key, item);
        }
    }

    private static void CheckValue(string key, JsonNode? item)
    {
        if (item is not JsonValue v)
            throw new RequestException($"{key}: expected a number, true/false, text or a list of them", key);
        if (v.GetValueKind() != JsonValueKind.String)
            return;
        string text = v.GetValue<string>();
        if (text.Length > MaxTextLength)
            throw new RequestException($"{key}: longer than {MaxTextLength} characters", key);
        if (LooksLikePath(text))
            throw new RequestException($"{key}: '{OneLine(text)}' looks like a file path; the server takes profile and cluster names only (computesim profiles list)", key);
    }

    /// <summary>Whether a value names a file or folder rather than a profile, a number or an axis.</summary>
    public static bool LooksLikePath(string text) =>
        text.IndexOfAny(['/', '\\', '~', '\0']) >= 0
        || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Text on one line (a message quotes what was sent, which may hold line breaks).</summary>
    public static string OneLine(string text) => string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
