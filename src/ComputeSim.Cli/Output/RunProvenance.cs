using System.Reflection;
using System.Text.Json;

namespace ComputeSim.Cli.Output;

/// <summary>
/// Where a file's numbers came from: the tool's version and the run's command line (its flags, and the spec file it
/// names), written into data files that carry metadata (Parquet's key-value metadata), so that a notebook knows.
/// </summary>
internal static class RunProvenance
{
    private static readonly AsyncLocal<string[]?> CommandLine = new();

    /// <summary>The tool's version (the package version, with the commit when the build records one).</summary>
    public static string Version { get; } =
        typeof(RunProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunProvenance).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Records the run's arguments (for the rest of this run's flow, so that runs in one process stay apart).</summary>
    public static void Begin(string[] args) => CommandLine.Value = [.. args];

    /// <summary>The key-value metadata of a file written by this run.</summary>
    public static IReadOnlyDictionary<string, string> Metadata() => new Dictionary<string, string>
    {
        ["computesim.version"] = Version,
        ["computesim.spec"] = JsonSerializer.Serialize(CommandLine.Value ?? []),
        ["computesim.spec_format"] = "the command line as a JSON array of arguments, after @response-file expansion",
    };
}
