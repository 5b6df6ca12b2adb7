using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Benchmarks;

/// <summary>
/// The speed issue's L0 job at 1/32 of its size (33,554,432 points: 4 accelerators × 1,024 params
/// 1e8..1e13 × 512 tokens 1e9..1e14 × 16 cluster sizes 8..2^18, bf16, cheapest within 90 days), on
/// the backends fast enough to run it many times. The full job is timed as a whole process by
/// <c>benchmarks/scaling.sh</c>.
/// </summary>
public class JobBenchmarks
{
    /// <summary>Points per invocation.</summary>
    public const int Points = 4 * 1024 * 512 * 16;

    private SweepProblem _problem = null!;
    private SweepBackend _backend = null!;

    [ParamsSource(nameof(BackendNames))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Backends compared (the reference path would take half a minute per run).</summary>
    public static IEnumerable<string> BackendNames => Backends.Selected("cpu", Backends.CpuEveryPoint);

    [GlobalSetup]
    public void Setup()
    {
        _problem = Backends.L0Problem([0.4], "1e8..1e13:log:1024", "1e9..1e14:log:512", "8..262144:pow2",
            new Selection { Objective = ObjectiveKind.Cost, MaxDays = 90, MaxCostUsd = double.PositiveInfinity }, Points);
        _backend = Backends.Open(Backend);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>Cheapest point within 90 days (and the best per accelerator, which every sweep keeps).</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public long CheapestWithin90Days() => _backend.Run(_problem, new SweepOptions(1, Pareto: false)).Admissible;
}
