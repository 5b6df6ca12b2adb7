using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Benchmarks;

/// <summary>
/// The backends a benchmark runs side by side: every one that runs on this machine by default, or the
/// comma-separated list in <c>COMPUTESIM_BENCH_BACKENDS</c> (e.g. <c>cpu,cuda</c> on a GPU machine).
/// </summary>
public static class Backends
{
    /// <summary>The cpu backend with its L0 row shortcut off: every point priced, as the kernels do (four at a time).</summary>
    public const string CpuEveryPoint = "cpu-every-point";

    /// <summary>The cpu backend with its L0 vector lanes off: the points it must price are priced one by one, as before the lanes.</summary>
    public const string CpuScalar = "cpu-scalar";

    /// <summary>Every point priced one by one, through the scalar path: <see cref="CpuEveryPoint"/> before the lanes.</summary>
    public const string CpuEveryPointScalar = "cpu-every-point-scalar";

    /// <summary>The backends to run; <paramref name="defaults"/> unless the environment names others.</summary>
    public static IEnumerable<string> Selected(params string[] defaults)
    {
        string? listed = Environment.GetEnvironmentVariable("COMPUTESIM_BENCH_BACKENDS");
        return string.IsNullOrWhiteSpace(listed)
            ? defaults
            : listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The cpu backend searching every L2 point's layouts exhaustively, sharing no search: what the layout shortcuts save.</summary>
    public const string CpuExhaustiveLayouts = "cpu-exhaustive-layouts";

    /// <summary>Opens a backend by name (kernel compilation happens here, outside what is measured).</summary>
    public static SweepBackend Open(string name) => name switch
    {
        CpuEveryPoint => new CpuBackend(rowShortcut: false),
        CpuScalar => new CpuBackend(lanes: false),
        CpuEveryPointScalar => new CpuBackend(rowShortcut: false, lanes: false),
        CpuExhaustiveLayouts => new CpuBackend(layoutShortcuts: false),
        _ => SweepBackend.Open(ComputeSim.Engine.Backends.Parse(name, "backend")),
    };

    /// <summary>
    /// An L0 problem on the four accelerators the benchmarks share (A100 80 GB, H100 SXM, H200, MI300X),
    /// bf16, standard assumptions; throws unless it has <paramref name="points"/> points.
    /// </summary>
    public static SweepProblem L0Problem(
        double[] utilizations, string parameters, string tokens, string gpus, Selection selection, long points)
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb", "h200-sxm-141gb", "mi300x"];
        bool perParam = tokens.Contains('x', StringComparison.Ordinal);
        var problem = new SweepProblem(
            names.Select(n => ProfileCatalog.Get(n).Spec).ToList(), names, [Precision.Bf16], utilizations, null,
            AxisParser.Parse(parameters, "--params").Values,
            AxisParser.Parse(tokens, "--tokens", allowPerParam: perParam).Values, perParam,
            AxisParser.Parse(gpus, "--gpus", wholeNumbers: true).Values,
            new Assumptions { ActiveFraction = 1, Pue = 1.1, WeightBytesPerParam = 2, StateBytesPerParam = 16 },
            selection);
        if (problem.Total != points)
            throw new InvalidOperationException($"grid has {problem.Total} points, expected {points}");
        return problem;
    }
}
