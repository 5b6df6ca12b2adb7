using ComputeSim.Engine;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Tests;

/// <summary>Shared fixtures: a profile by name, standard assumptions, and grids that exercise edges.</summary>
public static class TestData
{
    public static readonly Assumptions Standard = new() { ActiveFraction = 1, Pue = 1.1, WeightBytesPerParam = 2, StateBytesPerParam = 16 };

    public static AcceleratorSpec Spec(string name) => ProfileCatalog.Get(name).Spec;

    public static ClusterSpec Cluster(string name) => ClusterLoader.Get(name).Spec;

    /// <summary>The repository root (the folder holding ComputeSim.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "ComputeSim.sln")))
                dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("ComputeSim.sln not found above the test binaries");
        }
    }

    /// <summary>Runs predicted with the shipped constants, each on its own profiles and switches.</summary>
    public static IReadOnlyList<ValidationRow> Predict(IReadOnlyList<PublishedRun> runs) => new Calibrator(Spec, Cluster).Predict(runs, null);

    /// <summary>A sheet's runs predicted with the shipped constants, each on its own profiles and switches.</summary>
    public static IReadOnlyList<ValidationRow> PredictSheet(string file) => Predict(Sheet(file));

    /// <summary>A runs file of <c>data/calibration/sheet/</c>: published runs kept out of the public set.</summary>
    public static IReadOnlyList<PublishedRun> Sheet(string file)
    {
        string path = Path.Combine(RepoRoot, "data", "calibration", "sheet", file);
        return CalibrationFile.Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// A grid with every kind of point: a chip without bf16 (V100), two price points, points that do
    /// not fit, ties in cost (L0 cost does not depend on the GPU count), and an odd size.
    /// </summary>
    public static SweepProblem MixedGrid(Selection selection, int paramsCount = 37, bool perParamTokens = true)
    {
        string[] names = ["v100-sxm2-32gb", "a100-sxm4-80gb", "h100-sxm5-80gb", "mi300x"];
        return new SweepProblem(
            names.Select(Spec).ToList(), names, [Precision.Fp16, Precision.Bf16, Precision.Fp8],
            [0.3, 0.45], [2.0, 3.5], AxisParser.Parse($"1e8..1e13:log:{paramsCount}", "--params").Values,
            perParamTokens ? [5, 20] : [1e11, 3e11], perParamTokens,
            AxisParser.Parse("1..16384:pow2", "--gpus").Values.Append(1000).ToArray(),
            Standard, selection);
    }

    public static Selection Constrained(ObjectiveKind objective) => new()
    {
        Objective = objective,
        MaxDays = 90,
        MaxCostUsd = 5e7,
        MustFit = 1,
    };
}

/// <summary>L2 grids for backend equivalence.</summary>
public static class PredictedGrids
{
    /// <summary>A small L2 grid: derived shapes from 1B to 200B on 8..1024 GPUs, three accelerators (one without a GEMM efficiency).</summary>
    public static SweepProblem Make(Selection selection)
    {
        string[] names = ["a100-sxm4-80gb", "h100-sxm5-80gb", "h100-pcie-80gb"];
        var parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 512,
            Cluster = TestData.Cluster("selene"), Space = LayoutSpace.Open,
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16], [1.0], null,
            AxisParser.Parse("1e9..2e11:log:7", "--params").Values, [20], true,
            AxisParser.Parse("8..1024:pow2", "--gpus").Values, TestData.Standard, selection, parallel);
    }

    /// <summary>A sliding-window MoE grid (GPT-OSS 120B's attention and experts on four layers, two of them windowed) in BF16 and FP8
    /// with FP8 attention on (the FP8 points' windowed backward priced over the causal square), context and expert parallelism
    /// searched, so the band's keys are priced on split sequences too; priced as a production run (production=on).</summary>
    public static SweepProblem MakeSlidingWindow(Selection selection)
    {
        string[] names = ["h100-sxm5-80gb", "b200-sxm-192gb"];
        TransformerShape shape = ShapePresets.ShapeOf("gpt-oss-120b") with { Layers = 4, SlidingLayers = 2, Experts = 16, SeqLen = 8192 };
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = shape, SeqLen = shape.SeqLen, Vocab = shape.Vocab, GlobalBatch = 128,
            // A production run's step (production=on), so the kernels price the factor as the reference does.
            Cluster = SoftwareSwitches.Apply(TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore),
                "fp8_attention=on,production=on", "switches"),
            Space = LayoutSpace.Open,
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8], [1.0], null,
            [shape.Parameters], [20], true, AxisParser.Parse("8..32:pow2", "--gpus").Values, TestData.Standard, selection, parallel);
    }

    /// <summary>A hybrid grid: Nemotron 3 Nano's Mamba-2, attention and expert layers cut to 8 layers of 16 experts, at sequence
    /// 8,192 in BF16 and FP8, at tensor parallelism 2, with context and expert parallelism searched (the Mamba heads and groups bound
    /// context parallelism).</summary>
    public static SweepProblem MakeHybrid(Selection selection)
    {
        string[] names = ["h100-sxm5-80gb", "b200-sxm-192gb"];
        TransformerShape shape = ShapePresets.ShapeOf("nemotron3-nano-30b-a3b") with { Layers = 8, MambaLayers = 3, AttentionLayers = 2, Experts = 16 };
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = shape, SeqLen = shape.SeqLen, Vocab = shape.Vocab, GlobalBatch = 128,
            // Tensor parallelism fixed at 2, so the mixer's split projections and the per-block reductions run; the MLP and expert
            // blocks recomputed, as NVIDIA's H100 recipe for this model does.
            Cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore),
            Space = LayoutSpace.Open with { Tp = 2, Recompute = (int)Recompute.Mlp },
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8], [1.0], null,
            [shape.Parameters], [20], true, AxisParser.Parse("8..32:pow2", "--gpus").Values, TestData.Standard, selection, parallel);
    }

    /// <summary>A latent-attention MoE grid with a multi-token-prediction module (DeepSeek-V3's attention and MTP on six layers of
    /// sixteen experts) in FP8 and NVFP4 (GB200 only), at tensor and pipeline parallelism 2 with expert parallelism searched, under
    /// the NVFP4 recipes' switches: tensor-parallel collectives exposed, pipeline sends overlapped, expert dispatch deduplicated per
    /// node (expert parallelism 16 spans two H100 nodes); attention in FP8 at sequence
    /// 4,096, so its speed is the shorter sequence's. Each accelerator runs on its own reference cluster (H100 on 8-GPU DGX nodes,
    /// GB200 on 72-GPU NVL72 racks), so the kernels read a cluster per accelerator.</summary>
    public static SweepProblem MakeLatent(Selection selection)
    {
        string[] names = ["h100-sxm5-80gb", "gb200-186gb"];
        TransformerShape shape = ShapePresets.ShapeOf("deepseek-v3") with { Layers = 6, DenseLayers = 1, Experts = 16, SeqLen = 4096 };
        ClusterSpec Recipe(string cluster) => SoftwareSwitches.Apply(TrainingSoftware.WithSoftware(TestData.Cluster(cluster), Software.MegatronCore),
            "tp_comm_overlap=off,fp8_attention=on,dedup_dispatch=on", "switches");
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = shape, SeqLen = shape.SeqLen, Vocab = shape.Vocab, GlobalBatch = 256,
            // Tensor parallelism fixed at 2, so the duplicated down projections and head-split up projections both run; pipeline
            // parallelism at 2, so the sends are priced.
            Cluster = Recipe("dgx-h100-ndr400"),
            Space = LayoutSpace.Open with { Tp = 2, Pp = 2 },
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Fp8, Precision.Nvfp4], [1.0], null,
            [shape.Parameters], [20], true, AxisParser.Parse("16..32:pow2", "--gpus").Values, TestData.Standard, selection, parallel,
            clusters: [Recipe("dgx-h100-ndr400"), Recipe("gb200-nvl72")]);
    }

    /// <summary>An MoE grid at sequence 32K under Megatron-Core 0.18's switches (the iteration in CUDA graphs, fused expert MLPs), BF16,
    /// FP8 and MXFP8 (Blackwell only): context, expert and uneven pipeline parallelism all searched.</summary>
    public static SweepProblem MakeMoe(Selection selection)
    {
        string[] names = ["h100-sxm5-80gb", "b200-sxm-192gb"];
        TransformerShape shape = ShapePresets.ShapeOf("mixtral-8x7b") with { SeqLen = 32768 };
        var parallel = new ParallelSettings
        {
            Enabled = 1, Shape = shape, SeqLen = shape.SeqLen, Vocab = shape.Vocab, GlobalBatch = 64,
            Cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCoreGraphs), Space = LayoutSpace.Open,
        };
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8, Precision.Mxfp8], [1.0], null,
            [shape.Parameters], [20], true, AxisParser.Parse("16..256:pow2", "--gpus").Values, TestData.Standard, selection, parallel);
    }
}
