using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComputeSim.Serve;

/// <summary>The web app: the JSON API over <see cref="ISimulator"/>, its OpenAPI document and the page.</summary>
public static class ServeApp
{
    /// <summary>The rate-limiting policy of every API route but the sweep (which has its own slots).</summary>
    public const string ApiPolicy = "api";

    /// <summary>Builds the app, bound to <paramref name="settings"/>'s address; call <c>StartAsync</c> to listen.</summary>
    public static WebApplication Build(ServeSettings settings, ISimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ServeApp).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MaxConcurrentConnections = 256;
        });
        builder.WebHost.UseUrls($"http://{(settings.Host.Contains(':', StringComparison.Ordinal) ? $"[{settings.Host}]" : settings.Host)}:{settings.Port}");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(simulator);
        builder.Services.AddSingleton(new SweepSlots(settings.MaxConcurrentSweeps));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "ComputeSim";
            doc.Info.Description = "What it costs to train a neural network: estimate, compare, sweep, plan, profiles, validate.";
            return Task.CompletedTask;
        }));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.AddConcurrencyLimiter(ApiPolicy, l =>
            {
                l.PermitLimit = settings.MaxConcurrentRequests;
                l.QueueLimit = settings.RequestQueue;
                l.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });

        WebApplication app = builder.Build();
        app.Use(OneLineErrors);
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        ApiEndpoints.Map(app);
        SweepEndpoint.Map(app);
        Page.Map(app);
        return app;
    }

    // A bug answers one line naming the exception, never a stack trace (as the CLI's internal errors do).
    private static async Task OneLineErrors(HttpContext c, RequestDelegate next)
    {
        try
        {
            await next(c).ConfigureAwait(false);
        }
        catch (Exception e) when (!c.Response.HasStarted && e is not OperationCanceledException)
        {
            c.Response.Clear();
            if (Environment.GetEnvironmentVariable("COMPUTESIM_DEBUG") == "1")
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            await Results.Json(new System.Text.Json.Nodes.JsonObject { ["error"] = $"internal error: {e.GetType().Name}: {RequestBody.OneLine(e.Message)}", ["field"] = null },
                statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(c).ConfigureAwait(false);
        }
    }

    /// <summary>The address a browser opens (a wildcard host is shown as this machine's loopback).</summary>
    public static string BrowserUrl(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string url = app.Urls.First();
        return url.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal);
    }
}
