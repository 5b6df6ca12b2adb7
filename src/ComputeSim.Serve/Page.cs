using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ComputeSim.Serve;

/// <summary>The page: static files embedded in the assembly (index.html, app.js, plots.js, app.css), read once.</summary>
public static class Page
{
    private const string Prefix = "wwwroot/";

    // Nothing but this origin: no CDN, no inline script, no framing.
    private const string Policy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    /// <summary>Maps <c>/</c> to the page and <c>/NAME</c> to each embedded file.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (HttpContext c) => Serve(c, "index.html")).ExcludeFromDescription();
        app.MapGet("/{file}", (HttpContext c, string file) => Serve(c, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext c, string file)
    {
        if (!Files.Value.TryGetValue(file, out byte[]? bytes))
            return Results.NotFound();
        c.Response.Headers.ContentSecurityPolicy = Policy;
        c.Response.Headers.XContentTypeOptions = "nosniff";
        c.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(bytes, Types.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"));
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(Page).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
