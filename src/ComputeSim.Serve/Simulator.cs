using System.Text.Json.Nodes;

namespace ComputeSim.Serve;

/// <summary>
/// What the server asks of the library: each use case takes the request as the page sends it (the sweep
/// spec's fields, or a job's) and returns its result as JSON in the CLI's column names. One implementation
/// calls the library's front door; the web layer knows nothing of the engine.
/// </summary>
public interface ISimulator
{
    /// <summary>The accelerators the server can price, with their sources.</summary>
    JsonNode Profiles();

    /// <summary>The assumptions a job uses by default, each with its source.</summary>
    JsonNode Assumptions();

    /// <summary>One job on one accelerator.</summary>
    JsonNode Estimate(JsonObject job);

    /// <summary>One job on several accelerators.</summary>
    JsonNode Compare(JsonObject job);

    /// <summary>One job planned: failures, energy, carbon, money.</summary>
    JsonNode Plan(JsonObject job);

    /// <summary>Checks a hardware profile's text with the strict loader.</summary>
    JsonNode Validate(string profileJson);

    /// <summary>Points in the sweep's grid; checks the axes without evaluating anything.</summary>
    long CountPoints(JsonObject spec);

    /// <summary>Runs a sweep: top-k, best per hardware, Pareto front, heatmap bins and scaling curves.</summary>
    /// <param name="spec">The sweep spec's fields.</param>
    /// <param name="progress">Points done so far.</param>
    /// <param name="cancel">Stops the sweep at the next chunk.</param>
    JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel);
}

/// <summary>Bad input: a one-line message and the request field it concerns (null when it concerns none).</summary>
/// <param name="message">The one-line message.</param>
/// <param name="field">The spec or job field, e.g. <c>max_days</c>.</param>
public sealed class RequestException(string message, string? field) : Exception(message)
{
    /// <summary>The field the message concerns, or null.</summary>
    public string? Field { get; } = field;
}
