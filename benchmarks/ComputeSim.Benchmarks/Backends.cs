using ComputeSim.Engine;

namespace ComputeSim.Benchmarks;

/// <summary>
/// The backends a benchmark runs side by side: every one that runs on this machine by default, or the
/// comma-separated list in <c>COMPUTESIM_BENCH_BACKENDS</c> (e.g. <c>cpu,cuda</c> on a GPU machine).
/// </summary>
public static class Backends
{
    /// <summary>The cpu backend with its L0 row shortcut off: every point priced, as the kernels do.</summary>
    public const string CpuEveryPoint = "cpu-every-point";

    /// <summary>The backends to run; <paramref name="defaults"/> unless the environment names others.</summary>
    public static IEnumerable<string> Selected(params string[] defaults)
    {
        string? listed = Environment.GetEnvironmentVariable("COMPUTESIM_BENCH_BACKENDS");
        return string.IsNullOrWhiteSpace(listed)
            ? defaults
            : listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Opens a backend by name (kernel compilation happens here, outside what is measured).</summary>
    public static SweepBackend Open(string name) =>
        name == CpuEveryPoint ? new CpuBackend(rowShortcut: false) : BackendNames.Open(name);
}
