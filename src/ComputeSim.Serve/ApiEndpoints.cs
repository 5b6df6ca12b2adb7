using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeSim.Serve;

/// <summary>The use cases as JSON routes; bad input is HTTP 400 with <c>{"error": "...", "field": "..."}</c>.</summary>
public static class ApiEndpoints
{
    /// <summary>Maps the routes other than the sweep.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder api = app.MapGroup("/api").RequireRateLimiting(ServeApp.ApiPolicy);
        api.MapGet("/profiles", Handler(c => Run(c, s => s.Profiles()))).WithSummary("Accelerators the server can price, with their sources");
        api.MapGet("/assumptions", Handler(c => Run(c, s => s.Assumptions()))).WithSummary("Default assumptions, each with its source");
        api.MapPost("/estimate", Handler(c => RunWithBody(c, RequestBody.JobFields, (s, job) => s.Estimate(job))))
            .WithSummary("One job on one accelerator").Accepts<JsonObject>("application/json");
        api.MapPost("/compare", Handler(c => RunWithBody(c, RequestBody.JobFields, (s, job) => s.Compare(job))))
            .WithSummary("One job on several accelerators (hardware: a list)").Accepts<JsonObject>("application/json");
        api.MapPost("/plan", Handler(c => RunWithBody(c, RequestBody.PlanFields, (s, job) => s.Plan(job))))
            .WithSummary("The model size, tokens, accelerator and cluster that answer a budget or deadline (a scaling law), planned").Accepts<JsonObject>("application/json");
        api.MapPost("/validate", Handler(ValidateAsync)).WithSummary("Check a hardware profile (its JSON text) with the strict loader")
            .Accepts<JsonObject>("application/json");
    }

    /// <summary>A handler whose result is written to the response (a bare <c>HttpContext → Task</c> lambda would be taken as a request delegate).</summary>
    public static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>The HTTP 400 answer for bad input.</summary>
    public static IResult BadRequest(RequestException e) =>
        Results.Json(new JsonObject { ["error"] = RequestBody.OneLine(e.Message), ["field"] = e.Field }, statusCode: StatusCodes.Status400BadRequest);

    private static Task<IResult> Run(HttpContext c, Func<ISimulator, JsonNode> useCase) => Guarded(c, () => Task.FromResult(useCase(Simulator(c))));

    private static Task<IResult> RunWithBody(HttpContext c, IReadOnlySet<string> fields, Func<ISimulator, JsonObject, JsonNode> useCase) =>
        Guarded(c, async () =>
        {
            JsonObject body = await RequestBody.ReadAsync(c.Request, fields).ConfigureAwait(false);
            HardwareNames.Check(body, Simulator(c));
            return useCase(Simulator(c), body);
        });

    private static Task<IResult> ValidateAsync(HttpContext c) => Guarded(c, async () =>
    {
        // The profile travels as text inside a JSON object, so that the strict loader sees exactly what was uploaded.
        JsonObject body = await RequestBody.ReadAsync(c.Request, RequestBody.DocumentFields).ConfigureAwait(false);
        string text = body["profile"] is JsonValue v && v.TryGetValue(out string? s) ? s
            : throw new RequestException("profile: expected the profile's JSON text as a string", "profile");
        return Simulator(c).Validate(text);
    });

    // Runs a use case on the thread pool within the request timeout; bad input is a 400 naming the field.
    private static async Task<IResult> Guarded(HttpContext c, Func<Task<JsonNode>> work)
    {
        var settings = c.RequestServices.GetRequiredService<ServeSettings>();
        try
        {
            JsonNode result = await Task.Run(work, c.RequestAborted).WaitAsync(settings.RequestTimeout, c.RequestAborted).ConfigureAwait(false);
            return Results.Json(result);
        }
        catch (RequestException e)
        {
            return BadRequest(e);
        }
        catch (BadHttpRequestException e)
        {
            return TooLarge(e, settings);
        }
        catch (TimeoutException)
        {
            return Results.Json(new JsonObject { ["error"] = $"the request took longer than {settings.RequestTimeout.TotalSeconds:0} s", ["field"] = null },
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    /// <summary>The answer when Kestrel refuses the body (past <see cref="ServeSettings.MaxRequestBytes"/>).</summary>
    public static IResult TooLarge(BadHttpRequestException e, ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(settings);
        string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? $"the request is over {settings.MaxRequestBytes / 1024} KiB; a spec is a few fields; run large sweeps with computesim sweep --spec"
            : RequestBody.OneLine(e.Message);
        return Results.Json(new JsonObject { ["error"] = message, ["field"] = null }, statusCode: e.StatusCode);
    }

    private static ISimulator Simulator(HttpContext c) => c.RequestServices.GetRequiredService<ISimulator>();
}
