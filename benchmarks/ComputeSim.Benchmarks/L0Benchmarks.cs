using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Benchmarks;

/// <summary>
/// Every backend side by side on one L0 grid of 2,097,152 points (4 accelerators × 2 utilisations ×
/// 512 params × 16 token multiples × 64 cluster sizes). "Op/s" is points per second; the ratio
/// column is relative to the reference path. <c>cpu</c> reduces with its row shortcut,
/// <c>cpu-every-point</c> prices every point; with point output both price every point.
/// </summary>
[MemoryDiagnoser]
public class L0Benchmarks
{
    /// <summary>Points per invocation.</summary>
    public const int Points = 4 * 2 * 512 * 16 * 64;

    private SweepProblem _problem = null!;
    private SweepBackend _backend = null!;

    [ParamsSource(nameof(BackendNames))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Backends compared (see <see cref="Backends"/>).</summary>
    public static IEnumerable<string> BackendNames => Backends.Selected("reference", "cpu", Backends.CpuEveryPoint, "ilgpu-cpu");

    [GlobalSetup]
    public void Setup()
    {
        _problem = Backends.L0Problem([0.35, 0.45], "1e8..1e13:log:512", "5x..80x:lin:16", "8..16384:lin:64",
            new Selection { Objective = ObjectiveKind.Cost, MaxDays = 90, MaxCostUsd = double.PositiveInfinity, MustFit = 1 }, Points);
        // Opened once: kernel compilation is not what is measured.
        _backend = Backends.Open(Backend);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>(b) Reduced: top 10 by cost within 90 days, best per hardware, and the Pareto front.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public long TopKAndPareto() => _backend.Run(_problem, new SweepOptions(10, Pareto: true)).Admissible;

    /// <summary>(a) Every point returned, to a sink that only touches each result.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public double EveryPoint()
    {
        var sink = new ChecksumSink();
        _backend.Run(_problem, new SweepOptions(0, Pareto: false), sink);
        return sink.Sum;
    }

    private sealed class ChecksumSink : IPointSink
    {
        public double Sum { get; private set; }

        public void Write(long start, ReadOnlySpan<PointResult> results)
        {
            double s = 0;
            foreach (ref readonly PointResult r in results)
                s += r.CostUsd;
            Sum += s;
        }
    }
}
