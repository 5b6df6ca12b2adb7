using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

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
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb", "h200-sxm-141gb", "mi300x"];
        _problem = new SweepProblem(
            names.Select(n => ProfileCatalog.Get(n).Spec).ToList(), names, [Precision.Bf16], [0.35, 0.45], null,
            AxisParser.Parse("1e8..1e13:log:512", "--params").Values,
            AxisParser.Parse("5x..80x:lin:16", "--tokens", allowPerParam: true).Values, true,
            AxisParser.Parse("8..16384:lin:64", "--gpus", wholeNumbers: true).Values,
            new Assumptions { ActiveFraction = 1, Pue = 1.1, WeightBytesPerParam = 2, StateBytesPerParam = 16 },
            new Selection { Objective = ObjectiveKind.Cost, MaxDays = 90, MaxCostUsd = double.PositiveInfinity, MustFit = 1 });
        if (_problem.Total != Points)
            throw new InvalidOperationException($"grid has {_problem.Total} points, expected {Points}");
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
