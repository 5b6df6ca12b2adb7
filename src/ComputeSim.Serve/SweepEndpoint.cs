using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeSim.Serve;

/// <summary>
/// <c>POST /api/sweep</c>: checks the spec and the grid's size before any work, then runs the sweep in the
/// client's slot. With <c>Accept: text/event-stream</c> it streams <c>progress</c> events and ends with one
/// <c>result</c>, <c>cancelled</c> or <c>error</c> event; otherwise it answers the result as JSON.
/// </summary>
public static class SweepEndpoint
{
    /// <summary>The header that names a client (the page keeps one per tab); without it, the remote address does.</summary>
    public const string ClientHeader = "X-Client-Id";

    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(150);
    private const int MaxClientIdLength = 64;

    /// <summary>Maps the sweep and its cancel route.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/sweep", (Delegate)RunAsync).WithSummary("Sweep a grid: top-k, best per hardware, Pareto front, heatmap and scaling bins (progress as server-sent events)")
            .Accepts<JsonObject>("application/json");
        app.MapPost("/api/sweep/cancel", (HttpContext c) =>
            Results.Json(new JsonObject { ["cancelled"] = c.RequestServices.GetRequiredService<SweepSlots>().Cancel(ClientOf(c)) }))
            .WithSummary("Cancel this client's running sweep");
    }

    /// <summary>The client a request comes from: its <see cref="ClientHeader"/>, or its address.</summary>
    public static string ClientOf(HttpContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string? id = c.Request.Headers[ClientHeader];
        bool usable = id is { Length: > 0 and <= MaxClientIdLength } && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-');
        return usable ? "id:" + id : "ip:" + c.Connection.RemoteIpAddress;
    }

    private static async Task RunAsync(HttpContext c)
    {
        var settings = c.RequestServices.GetRequiredService<ServeSettings>();
        var simulator = c.RequestServices.GetRequiredService<ISimulator>();
        JsonObject spec;
        long total;
        try
        {
            spec = await RequestBody.ReadAsync(c.Request, RequestBody.SweepFields).ConfigureAwait(false);
            HardwareNames.Check(spec, simulator);
            total = CheckSize(spec, simulator, settings);
        }
        catch (RequestException e)
        {
            await ApiEndpoints.BadRequest(e).ExecuteAsync(c).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            await ApiEndpoints.TooLarge(e, settings).ExecuteAsync(c).ConfigureAwait(false);
            return;
        }

        using SweepSlots.Claim claim = c.RequestServices.GetRequiredService<SweepSlots>().Open(ClientOf(c));
        if (!await claim.EnterAsync(SlotWait, c.RequestAborted).ConfigureAwait(false))
        {
            await Results.Json(new JsonObject { ["error"] = "the server is busy with other sweeps; try again in a moment", ["field"] = null },
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(c).ConfigureAwait(false);
            return;
        }
        using var timeout = new CancellationTokenSource(settings.SweepTimeout);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(claim.Token, c.RequestAborted, timeout.Token);
        var progress = new LatestProgress();
        Task<JsonNode> work = Task.Run(() => simulator.Sweep(spec, progress, cancel.Token), cancel.Token);
        bool stream = c.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        var events = stream ? new EventStream(c.Response) : null;
        if (events is not null)
            await events.StartAsync().ConfigureAwait(false);

        long shown = -1;
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(ProgressEvery, CancellationToken.None)).ConfigureAwait(false);
            long done = progress.Done;
            if (events is not null && done != shown && !c.RequestAborted.IsCancellationRequested)
            {
                shown = done;
                await events.SendAsync("progress", new JsonObject { ["done"] = done, ["total"] = total }).ConfigureAwait(false);
            }
        }
        (string kind, JsonNode body, int status) = Outcome(work, progress.Done, total, timeout.IsCancellationRequested, settings);
        if (c.RequestAborted.IsCancellationRequested)
            return;
        if (events is not null)
            await events.SendAsync(kind, body).ConfigureAwait(false);
        else
            await Results.Json(body, statusCode: status).ExecuteAsync(c).ConfigureAwait(false);
    }

    private static (string Kind, JsonNode Body, int Status) Outcome(Task<JsonNode> work, long done, long total, bool timedOut, ServeSettings settings)
    {
        if (work.IsCompletedSuccessfully)
            return ("result", work.Result, StatusCodes.Status200OK);
        Exception? e = work.Exception?.GetBaseException();
        if (e is RequestException bad)
            return ("error", new JsonObject { ["error"] = RequestBody.OneLine(bad.Message), ["field"] = bad.Field }, StatusCodes.Status400BadRequest);
        if (work.IsCanceled || e is OperationCanceledException)
        {
            string why = timedOut ? $"the sweep ran past the server's {settings.SweepTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s limit; run it with computesim sweep --spec"
                : "cancelled";
            return ("cancelled", new JsonObject { ["error"] = why, ["done"] = done, ["total"] = total }, timedOut ? StatusCodes.Status504GatewayTimeout : 499);
        }
        return ("error", new JsonObject { ["error"] = $"internal error: {e?.GetType().Name}: {RequestBody.OneLine(e?.Message ?? "")}", ["field"] = null },
            StatusCodes.Status500InternalServerError);
    }

    // Refuses a grid too large for a web request before anything is evaluated.
    private static long CheckSize(JsonObject spec, ISimulator simulator, ServeSettings settings)
    {
        if (spec["top"] is JsonValue top && top.TryGetValue(out int k) && k > settings.MaxTop)
            throw new RequestException($"top: {k} is over this server's limit of {settings.MaxTop}; for more, run computesim sweep --spec with --top or --out", "top");
        long total = simulator.CountPoints(spec);
        if (total > settings.MaxGridPoints)
        {
            throw new RequestException($"the grid has {total:N0} points, over this server's limit of {settings.MaxGridPoints:N0}: shorten an axis, "
                + "or run it on the command line (computesim sweep --spec FILE --top 10 --pareto, sharded with --shard I/N across machines)", "grid");
        }
        return total;
    }

    /// <summary>Keeps only the latest count (the sweep reports from worker threads; the stream reads it when it writes).</summary>
    private sealed class LatestProgress : IProgress<long>
    {
        private long _done;

        public long Done => Interlocked.Read(ref _done);

        public void Report(long value) => Interlocked.Exchange(ref _done, value);
    }
}
