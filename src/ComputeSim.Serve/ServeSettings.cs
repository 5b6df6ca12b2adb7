namespace ComputeSim.Serve;

/// <summary>Where the server listens and the limits that keep one user from starving the others.</summary>
/// <param name="Host">Address to bind; loopback unless the user exposes it.</param>
/// <param name="Port">TCP port; 0 picks a free one.</param>
public sealed record ServeSettings(string Host = ServeSettings.Loopback, int Port = ServeSettings.DefaultPort)
{
    /// <summary>The default address: this machine only.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>The default port.</summary>
    public const int DefaultPort = 5080;

    /// <summary>Largest request body, bytes: a spec or a profile is a few kilobytes.</summary>
    public long MaxRequestBytes { get; init; } = 64 * 1024;

    /// <summary>Largest grid one web sweep may evaluate; bigger sweeps belong on the CLI.</summary>
    public long MaxGridPoints { get; init; } = 50_000_000;

    /// <summary>Largest top-k a web sweep may ask for.</summary>
    public int MaxTop { get; init; } = 1_000;

    /// <summary>Sweeps running at once across all clients (each one uses every core).</summary>
    public int MaxConcurrentSweeps { get; init; } = 2;

    /// <summary>Other API requests running at once; more wait in a short queue.</summary>
    public int MaxConcurrentRequests { get; init; } = 8;

    /// <summary>Requests waiting for a slot before the server answers 503.</summary>
    public int RequestQueue { get; init; } = 64;

    /// <summary>Longest a sweep may run before it is cancelled.</summary>
    public TimeSpan SweepTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest any other request may run.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the address is reachable from other machines.</summary>
    public bool Exposed => Host is not (Loopback or "localhost" or "::1");
}
