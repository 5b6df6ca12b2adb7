using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Cli.Commands;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Serve;

namespace ComputeSim.Cli.Serve;

/// <summary>
/// The server's use cases through this tool's own commands, run in this process with <c>--format json</c>
/// (no child process): a request's fields become the flags a spec holds. Stands until the library's front door
/// serves the same use cases as typed calls.
/// </summary>
/// <param name="backend">The sweep backend (<c>--backend</c>).</param>
public sealed class CommandLineSimulator(string backend) : ISimulator
{
    private static readonly JsonSerializerOptions ProfileJson = new() { WriteIndented = false };

    /// <inheritdoc />
    public JsonNode Profiles() => new JsonArray([.. ProfileCatalog.All.Select(p => JsonSerializer.SerializeToNode(p.File, ProfileJson))]);

    /// <inheritdoc />
    public JsonNode Assumptions()
    {
        JsonNode estimate = Run(["estimate", "--params", "7B", "--tokens", "20x", "--gpus", "64", "--utilization", "0.4", "--format", "json"], null, default);
        return new JsonObject
        {
            ["job"] = new JsonArray(
                $"weights {estimate["memory"]?["weight_bytes_per_param"]} bytes/param, training state {estimate["memory"]?["state_bytes_per_param"]} bytes/param (mixed-precision Adam)",
                $"PUE {estimate["pue"]}; energy scope {estimate["energy_scope"]}"),
            ["planning"] = estimate["plan"]?["planning_assumptions"]?.DeepClone(),
        };
    }

    /// <inheritdoc />
    public JsonNode Estimate(JsonObject job) => Run(["estimate", .. Flags(job), "--format", "json"], null, default);

    /// <inheritdoc />
    public JsonNode Compare(JsonObject job) => Run(["compare", .. Flags(job), "--format", "json"], null, default);

    /// <inheritdoc />
    public JsonNode Plan(JsonObject job) => Run(["plan", .. Flags(job), "--format", "json"], null, default);

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
    public long CountPoints(JsonObject spec)
    {
        Command sweep = SweepCommand.Create(new CliContext(TextWriter.Null, TextWriter.Null));
        ParseResult parse = sweep.Parse([.. Flags(spec)], CliApp.Parsing);
        if (parse.Errors.Count > 0)
            throw Error(CliApp.OneLine(parse.Errors[0]));
        try
        {
            string Text(string flag) => parse.GetValue<string>(flag)!;
            long Count(string flag) => AxisParser.Parse(Text(flag), flag, allowPerParam: flag == "--tokens").Values.Length;
            string? hardware = parse.GetValue<string?>("--hardware");
            long accelerators = hardware is null ? ProfileCatalog.All.Count(p => p.HasPrice)
                : hardware.Trim() == "all" ? ProfileCatalog.All.Count : hardware.Split(',').Length;
            string? price = parse.GetValue<string?>("--price-per-gpu-hour");
            long prices = price is null || price.Contains('=', StringComparison.Ordinal) ? 1 : AxisParser.Parse(price, "--price-per-gpu-hour").Values.Length;
            long utilizations = parse.GetValue<bool>("--predict") ? 1 : Count("--utilization");
            return checked(Count("--params") * Count("--tokens") * Count("--gpus") * utilizations * prices * accelerators * Text("--precision").Split(',').Length);
        }
        catch (InputException e)
        {
            throw Error(e.Message);
        }
        catch (OverflowException)
        {
            throw new RequestException("the grid has more points than a 64-bit count holds", "grid");
        }
    }

    /// <inheritdoc />
    public JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel)
    {
        JsonNode result = Run(["sweep", .. Flags(spec), "--backend", backend, "--quiet", "--format", "json"], progress, cancel);
        cancel.ThrowIfCancellationRequested();
        return result;
    }

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
            string text = value is JsonArray list ? string.Join(',', list.Select(Text)) : Text(value);
            yield return $"{flag}={text}";
        }
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
        : node is JsonValue n && n.TryGetValue(out double d) ? d.ToString("R", CultureInfo.InvariantCulture) : node?.ToJsonString() ?? "";

    // The command runs to its end: progress is known only when it is done (the front door reports it per chunk).
    private static JsonNode Run(string[] args, IProgress<long>? progress, CancellationToken cancel)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = CliApp.Run(args, new CliContext(output, errors) { Cancel = cancel });
        cancel.ThrowIfCancellationRequested();
        _ = progress;
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
