using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComputeSim.Serve;

/// <summary>The server takes accelerators by name only: each one named must be a built-in profile (or <c>all</c>).</summary>
public static class HardwareNames
{
    private const string Field = "hardware";

    /// <summary>Throws <see cref="RequestException"/> naming the first unknown accelerator, with the known ones.</summary>
    public static void Check(JsonObject body, ISimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(simulator);
        if (body[Field] is not JsonNode value)
            return;
        var known = simulator.Profiles().AsArray().Select(p => p?["name"]?.GetValue<string>()).OfType<string>().ToList();
        JsonNode?[] items = value is JsonArray list ? [.. list] : [value];
        foreach (string name in items.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String)
            .SelectMany(v => v.GetValue<string>().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (name != "all" && !known.Contains(name, StringComparer.Ordinal))
                throw new RequestException($"{Field}: unknown accelerator '{name}'; known: {string.Join(", ", known)}, or all", Field);
        }
    }
}
