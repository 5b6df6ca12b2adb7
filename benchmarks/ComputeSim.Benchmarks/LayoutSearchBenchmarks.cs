using BenchmarkDotNet.Attributes;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Benchmarks;

/// <summary>
/// (c) The L2 layout search, every backend side by side: 256 grid points (2 accelerators × 16 model
/// sizes 1B..1T × 8 cluster sizes 64..8192), each searching its layouts (bounded: see <see cref="LayoutSearch.Fastest"/>).
/// The valid layouts per sweep, which an exhaustive search would price, and those the bounded search prices are
/// printed in setup.
/// </summary>
public class LayoutSearchBenchmarks
{
    private SweepProblem _problem = null!;
    private SweepBackend _backend = null!;

    [ParamsSource(nameof(BackendNames))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Backends compared (see <see cref="Backends"/>).</summary>
    public static IEnumerable<string> BackendNames => Backends.Selected("reference", "cpu", "ilgpu-cpu");


    [GlobalSetup]
    public void Setup()
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb"];
        var parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 1024, Cluster = ClusterLoader.Get("dgx-h100-ndr400").Spec, Space = LayoutSpace.Open,
        };
        _problem = new SweepProblem(
            names.Select(n => ProfileCatalog.Get(n).Spec).ToList(), names, [Precision.Bf16], [1.0], null,
            AxisParser.Parse("1e9..1e12:log:16", "--params").Values, [20], true,
            AxisParser.Parse("64..8192:pow2", "--gpus").Values,
            new Assumptions { ActiveFraction = 1, Pue = 1.1, WeightBytesPerParam = 2, StateBytesPerParam = 16 },
            Selection.Unconstrained(ObjectiveKind.Cost), parallel);
        _backend = Backends.Open(Backend);
        Console.WriteLine($"// valid layouts per sweep: {CountLayouts(_problem)}, priced by the bounded search: {CountLayouts(_problem, bounded: true)}");
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>The whole L2 sweep: 256 points, each a full layout search.</summary>
    [Benchmark]
    public long Sweep() => _backend.Run(_problem, new SweepOptions(10, Pareto: true)).Admissible;

    /// <summary>Valid layouts over the grid: what an exhaustive search prices, and a bounded one covers.</summary>
    public static long CountLayouts(SweepProblem problem) => CountLayouts(problem, bounded: false);

    /// <summary>Layouts priced over the grid by the exhaustive (<see cref="LayoutSearch.Best"/>) or the bounded
    /// (<see cref="LayoutSearch.Fastest"/>) search, one search per point.</summary>
    public static long CountLayouts(SweepProblem problem, bool bounded)
    {
        long total = 0;
        for (long i = 0; i < problem.Total; i++)
        {
            TrainingJob job = problem.Job(i);
            ParallelSettings p = problem.Spec.Parallel;
            TransformerShape shape = p.ShapeFor(job.Parameters);
            AcceleratorSpec hw = problem.Hardware[job.Hardware];
            total += bounded
                ? LayoutSearch.Fastest(shape, (int)job.Gpus, p.GlobalBatch, hw, job.Precision, p.Cluster, p.Space).Evaluated
                : LayoutSearch.Best(shape, (int)job.Gpus, p.GlobalBatch, hw, job.Precision, p.Cluster, p.Space).Evaluated;
        }
        return total;
    }
}
