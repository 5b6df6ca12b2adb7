using System.Text.Json.Nodes;
using ComputeSim.Cli.Serve;
using ComputeSim.Engine;
using ComputeSim.Serve;
using Microsoft.AspNetCore.Builder;

namespace ComputeSim.Tests.Serve;

/// <summary>One server on a free loopback port for the serve tests, over the real engine (cpu backend).</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    /// <summary>Grid limit of the test server: small enough that a refused grid is cheap to build, large enough for a sweep that lasts.</summary>
    public const long MaxGridPoints = 60_000_000;

    private WebApplication? _app;

    /// <summary>The simulator behind the server, counting the sweeps it was asked to run.</summary>
    public CountingSimulator Simulator { get; } = new(CommandLineSimulator.Create(BackendKind.Cpu));

    /// <summary>The page's address, ending in '/'.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A client for the API.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _app = ServeApp.Build(new ServeSettings(Port: 0) { MaxGridPoints = MaxGridPoints }, Simulator);
        await _app.StartAsync();
        Url = ServeApp.BrowserUrl(_app) + "/";
        Http.BaseAddress = new Uri(Url);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>Passes every call to the real simulator and counts the sweeps, so a test can tell that a refused request did no work.</summary>
public sealed class CountingSimulator(ISimulator inner) : ISimulator
{
    private int _sweeps;

    /// <summary>Sweeps started so far.</summary>
    public int Sweeps => Volatile.Read(ref _sweeps);

    public JsonNode Profiles() => inner.Profiles();

    public JsonNode Assumptions() => inner.Assumptions();

    public JsonNode Estimate(JsonObject job) => inner.Estimate(job);

    public JsonNode Compare(JsonObject job) => inner.Compare(job);

    public JsonNode Plan(JsonObject job) => inner.Plan(job);

    public JsonNode Validate(string profileJson) => inner.Validate(profileJson);

    public long CountPoints(JsonObject spec) => inner.CountPoints(spec);

    public JsonNode Sweep(JsonObject spec, IProgress<long>? progress, CancellationToken cancel)
    {
        Interlocked.Increment(ref _sweeps);
        return inner.Sweep(spec, progress, cancel);
    }
}

/// <summary>The serve tests share one server and run one after another (the load test measures latency).</summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}
