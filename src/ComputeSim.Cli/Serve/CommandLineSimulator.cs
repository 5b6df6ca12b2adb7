using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Serve;

namespace ComputeSim.Cli.Serve;

/// <summary>
/// The server's use cases: sweeps through the library's front door (<see cref="FrontDoorSweep"/>); estimate,
/// compare and plan still through this tool's own commands, run in this process with <c>--format json</c>
/// (no child process), a request's fields becoming the flags a spec holds, until they move to the front door too.
/// </summary>
/// <param name="backend">The sweep backend (<c>--backend</c>).</param>
public sealed class CommandLineSimulator(string backend) : ISimulator
{
    private readonly FrontDoorSweep _sweeps = new(backend);

    private static readonly JsonSerializerOptions ProfileJson = new() { WriteIndented = false };

    /// <inheritdoc />
    public JsonNode Profiles() => new JsonArray([.. ProfileCatalog.All.Select(p => JsonSerializer.SerializeToNode(p.File, ProfileJson))]);

    /// <inheritdoc />
    public JsonNode Assumptions()
    {
        JsonNode estimate = Run(["estimate", "--params", "7B", "--tokens", "20x", "--gpus", "64", "--utilization", "0.4", "--format", "json"]);
        return new JsonObject
        {
            ["job"] = new JsonArray(
                $"weights {estimate["memory"]?["weight_bytes_per_param"]} bytes/param, training state {estimate["memory"]?["state_bytes_per_param"]} bytes/param (mixed-precision Adam)",
                $"PUE {estimate["pue"]}; energy scope {estimate["energy_scope"]}"),
            ["planning"] = estimate["plan"]?["planning_assumptions"]?.DeepClone(),
        };
    }

    /// <inheritdoc />
    public JsonNode Estimate(JsonObject job) => Run(["estimate", .. Flags(job), "--format", "json"]);

    /// <inheritdoc />
    public JsonNode Compare(JsonObject job) => Run(["compare", .. Flags(job), "--format", "json"]);

    /// <inheritdoc />
    public JsonNode Plan(JsonObject job) => Run(["plan", .. Flags(job), "--format", "json"]);

    /// <inheritdoc />
    public JsonNode Validate(string profileJson)
    {
        string name = (JsonNode.Parse(profileJson) as JsonObject)?["name"] is JsonValue v && v.TryGetValue(out string? n) ? n : "";
        try
        {
            HardwareProfile p = ProfileLoader.Parse(profileJson, "profile", name);
            return new JsonObject { ["valid"] = true, ["name"] = p.Name, ["supported_precisions"] = new JsonArray([.. p.SupportedPrecisions.Select(x => (JsonNode)PrecisionNames.Name(x))]) };
        }
        catch (InputException e)
        {
            throw new RequestException(e.Message, "profile");
        }
    }

    /// <inheritdoc />
    public long CountPoints(JsonObject spec) => _sweeps.CountPoints(spec);

    /// <inheritdoc />
    public JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel) => _sweeps.Sweep(spec, progress, cancel);

    // A request's fields as the flags a spec holds: max_days → --max-days=VALUE (a list is comma-separated).
    private static IEnumerable<string> Flags(JsonObject fields)
    {
        foreach (var (key, value) in fields)
        {
            string flag = "--" + key.Replace('_', '-');
            if (value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                if (b.GetValue<bool>())
                    yield return flag;
                continue;
            }
            string text = SweepSpec.Text(value);
            yield return $"{flag}={text}";
        }
    }


    private static JsonNode Run(string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = CliApp.Run(args, new CliContext(output, errors));
        if (code != ExitCodes.Ok)
        {
            string line = errors.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("computesim: error: ", StringComparison.Ordinal)) ?? errors.ToString();
            throw Error(line.Replace("computesim: error: ", "", StringComparison.Ordinal).Replace(" (see --help)", "", StringComparison.Ordinal));
        }
        return JsonNode.Parse(output.ToString()) ?? new JsonObject();
    }

    // "--max-days: ..." concerns the field max_days, and says so in the field's name.
    private static RequestException Error(string message)
    {
        message = message.Trim();
        if (!message.StartsWith("--", StringComparison.Ordinal) || message.IndexOf(':', StringComparison.Ordinal) is not (int colon and > 2))
            return new RequestException(message, null);
        string field = message[2..colon].Replace('-', '_');
        return new RequestException(field + message[colon..], field);
    }
}
