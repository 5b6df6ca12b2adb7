using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ComputeSim.Serve;

/// <summary>Server-sent events on a response: <c>event: NAME</c> and one line of JSON data each.</summary>
/// <param name="response">The response to write to.</param>
public sealed class EventStream(HttpResponse response)
{
    /// <summary>Sends the headers (no buffering, so that each event reaches the browser as it is written).</summary>
    public async Task StartAsync()
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes one event; a client that went away is not an error.</summary>
    public async Task SendAsync(string name, JsonNode data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            await response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", response.HttpContext.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed the stream (a new sweep or a closed tab): the sweep is cancelled by the same token.
        }
    }
}
