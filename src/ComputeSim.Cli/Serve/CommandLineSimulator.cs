using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Serve;

namespace ComputeSim.Cli.Serve;

/// <summary>
/// The server's use cases: every one through the library's front door (<see cref="FrontDoorSimulator"/>) but the
/// plan, which runs this tool's own plan command in this process with <c>--format json</c> (no child process), the
/// request's fields becoming its flags, until the web request maps onto the front door's plan request.
/// </summary>
internal static class CommandLineSimulator
{
    /// <summary>The simulator the server runs, with sweeps on <paramref name="backend"/>.</summary>
    public static ISimulator Create(string backend) => new FrontDoorSimulator(backend, Plan);

    private static JsonNode Plan(JsonObject fields)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = CliApp.Run(["plan", .. Flags(fields), "--format", "json"], new CliContext(output, errors));
        if (code == ExitCodes.Ok)
            return JsonNode.Parse(output.ToString()) ?? new JsonObject();
        string line = errors.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("computesim: error: ", StringComparison.Ordinal)) ?? errors.ToString();
        throw Error(line.Replace("computesim: error: ", "", StringComparison.Ordinal).Replace(" (see --help)", "", StringComparison.Ordinal));
    }

    // A request's fields as the flags: max_days → --max-days=VALUE (a list is comma-separated, true is the bare flag).
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
            yield return $"{flag}={SweepSpec.Text(value)}";
        }
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
