using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Serve;

/// <summary>The server's use cases through the library's front door (and the strict profile loader).</summary>
/// <param name="backend">The sweep backend.</param>
/// <param name="plan">
/// The plan use case, supplied by the caller so that its answer is written as the plan command writes it
/// (the command line maps the request onto the front door's plan request and writes its own JSON).
/// </param>
public sealed class FrontDoorSimulator(BackendKind backend, Func<JsonObject, JsonNode> plan) : ISimulator
{
    private readonly FrontDoorSweep _sweeps = new(backend);

    /// <inheritdoc />
    public JsonNode Profiles() => new JsonArray([.. ProfileCatalog.All.Select(p => JsonSerializer.SerializeToNode(p.File))]);

    /// <inheritdoc />
    public JsonNode Assumptions() => FrontDoorJobs.Assumptions();

    /// <inheritdoc />
    public JsonNode Estimate(JsonObject job) => FrontDoorJobs.Estimate(job);

    /// <inheritdoc />
    public JsonNode Compare(JsonObject job) => FrontDoorJobs.Compare(job);

    /// <inheritdoc />
    public JsonNode Plan(JsonObject job) => plan(job);

    /// <inheritdoc />
    public JsonNode Validate(string profileJson)
    {
        try
        {
            // The CLI's reading of a profile file, from the first character: bad JSON gets the same one line. The
            // upload has no file name for its name to match.
            HardwareProfile p = ProfileLoader.Parse(profileJson, "profile", expectedName: null);
            return new JsonObject { ["valid"] = true, ["name"] = p.Name, ["supported_precisions"] = new JsonArray([.. p.SupportedPrecisions.Select(x => (JsonNode)PrecisionNames.Name(x))]) };
        }
        catch (Exception e) when (e is InputException or JsonException)
        {
            throw new RequestException(InputException.OneLine(e.Message), "profile");
        }
    }

    /// <inheritdoc />
    public long CountPoints(JsonObject spec) => _sweeps.CountPoints(spec);

    /// <inheritdoc />
    public JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel) => _sweeps.Sweep(spec, progress, cancel);
}
