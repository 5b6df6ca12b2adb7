using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Benchmarks;

/// <summary>
/// The heatmap of <c>sweep --plot heatmap</c> on the speed issue's L0 job at 1/32 of its size (33,554,432 points:
/// 4 accelerators × 1,024 params 1e8..1e13 × 512 tokens 1e9..1e14 × 16 cluster sizes 8..2^18, bf16, cheapest
/// within 90 days): the best point per cell of params × GPUs, the top 10 and the best per accelerator.
/// </summary>
public class HeatmapBenchmarks
{
    /// <summary>Points per invocation.</summary>
    public const int Points = JobBenchmarks.Points;

    private SweepProblem _problem = null!;
    private SweepBackend _backend = null!;

    /// <summary>Cheapest per cell (the row shortcut rules out most rows: a row's cost hardly moves with GPUs), or fastest
    /// per cell (it rules out none: a row spans the cells of every GPU count, and its fastest point bounds only the last).</summary>
    [Params(ObjectiveKind.Cost, ObjectiveKind.Time)]
    public ObjectiveKind Objective { get; set; }

    [ParamsSource(nameof(BackendNames))]
    public string Backend { get; set; } = "cpu";

    /// <summary>
    /// <c>cpu</c> as it runs, beside the scalar every-point path it replaced (<see cref="Backends.CpuScalar"/>)
    /// and the every-point paths without the row shortcut, vectorised and scalar.
    /// </summary>
    public static IEnumerable<string> BackendNames =>
        Backends.Selected("cpu", Backends.CpuScalar, Backends.CpuEveryPoint, Backends.CpuEveryPointScalar);

    [GlobalSetup]
    public void Setup()
    {
        _problem = Backends.L0Problem([0.4], "1e8..1e13:log:1024", "1e9..1e14:log:512", "8..262144:pow2",
            new Selection { Objective = Objective, MaxDays = 90, MaxCostUsd = double.PositiveInfinity }, Points);
        _backend = Backends.Open(Backend);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>Best point per cell of params × GPUs within 90 days, with the top 10 and the best per accelerator.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public long Within90Days() =>
        _backend.Run(_problem, new SweepOptions(10, Pareto: false, new BinSpec(Axis.Params, Axis.Gpus))).Admissible;
}
