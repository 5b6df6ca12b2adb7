using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Benchmarks;

/// <summary>
/// The speed issue's L2 job (<c>sweep --predict</c>) at 1/4 of its size: 4 accelerators (A100 80 GB, H100 SXM,
/// H200, MI300X) × 128 model sizes 1e9..1e12 × 9 cluster sizes 64..16384, bf16, 20 tokens per parameter, every
/// layout open, cheapest point: 4,608 points, each a layout search. <c>Tokens</c> 4 adds a tokens axis
/// (5x, 10x, 20x, 40x) whose points share each search. Op/s counts grid points.
/// </summary>
public class PredictJobBenchmarks
{
    private SweepProblem _problem = null!;
    private SweepBackend _backend = null!;

    [ParamsSource(nameof(BackendNames))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Points on the tokens axis: 1 (the job) or 4.</summary>
    [Params(1, 4)]
    public int Tokens { get; set; } = 1;

    /// <summary>Training software of the job's cluster: megatron (Megatron-LM 2021's switches, the job as first measured) or
    /// megatron-core (the DGX H100 cluster's default since the releases round).</summary>
    [Params("megatron", "megatron-core")]
    public string Software { get; set; } = "megatron-core";

    /// <summary>Backends compared: cpu, and cpu searching every point's layouts exhaustively (the reference path, one thread,
    /// is left to <see cref="LayoutSearchBenchmarks"/>).</summary>
    public static IEnumerable<string> BackendNames => Backends.Selected("cpu", Backends.CpuExhaustiveLayouts);

    [GlobalSetup]
    public void Setup()
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb", "h200-sxm-141gb", "mi300x"];
        var parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 1024, Space = LayoutSpace.Open,
            Cluster = TrainingSoftware.TryParse(Software, out Software software)
                ? TrainingSoftware.WithSoftware(ClusterLoader.Get("dgx-h100-ndr400").Spec, software)
                : throw new ArgumentException($"unknown software '{Software}'"),
        };
        double[] tokens = Tokens == 1 ? [20] : [5, 10, 20, 40];
        _problem = new SweepProblem(
            names.Select(n => ProfileCatalog.Get(n).Spec).ToList(), names, [Precision.Bf16], [1.0], null,
            AxisParser.Parse("1e9..1e12:log:128", "--params").Values, tokens, true,
            AxisParser.Parse("64..16384:pow2", "--gpus").Values,
            new Assumptions { ActiveFraction = 1, Pue = 1.1, WeightBytesPerParam = 2, StateBytesPerParam = 16 },
            Selection.Unconstrained(ObjectiveKind.Cost), parallel);
        _backend = Backends.Open(Backend);
        if (Tokens == 1)
            Console.WriteLine($"// points per sweep: {_problem.Total}; valid layouts: {LayoutSearchBenchmarks.CountLayouts(_problem)}, "
                + $"priced by the bounded search: {LayoutSearchBenchmarks.CountLayouts(_problem, bounded: true)} (one search per point)");
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>The whole sweep, top 10 and the Pareto front; the result is the admissible count.</summary>
    [Benchmark]
    public long CheapestPredicted() => _backend.Run(_problem, new SweepOptions(10, Pareto: true)).Admissible;
}
