using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>
/// Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on GPU Clusters Using
/// Megatron-LM" (arXiv:2104.04473): Table 1 (weak scaling on Selene, A100 80 GB, V = 51200,
/// s = 2048, full recomputation, TFLOP/s per GPU by Eq. 3) and the §5.1 end-to-end projections.
/// </summary>
public static class NarayananTable1
{
    private const string Table1 = "Narayanan et al. 2021 Table 1";

    // Table 1 gives t and p; the micro-batch and interleaving are not published, so they are searched.
    private static LayoutSpace Megatron(int tp, int pp) => new() { Tp = tp, Pp = pp, Recompute = (int)Recompute.Full, SequenceParallel = 0, Zero = 0 };

    private static PublishedRun Row(string name, int tp, int pp, int gpus, int batch, double tflops) =>
        new("narayanan-2021-table1", name, ShapePresets.ShapeOf($"megatron-{name.ToLowerInvariant().Replace(".0b", "b", StringComparison.Ordinal)}"),
            "a100-sxm4-80gb", gpus, batch, Megatron(tp, pp),
            "selene", ThroughputMetric.HardwareTflopsPerGpu, tflops, 0, Table1);

    /// <summary>The ten rows (shapes from the megatron-* presets): t, p, GPUs, batch, TFLOP/s per GPU.</summary>
    public static IReadOnlyList<PublishedRun> Rows { get; } =
    [
        Row("1.7B", 1, 1, 32, 512, 137),
        Row("3.6B", 2, 1, 64, 512, 138),
        Row("7.5B", 4, 1, 128, 512, 142),
        Row("18.4B", 8, 1, 256, 1024, 135),
        Row("39.1B", 8, 2, 512, 1536, 138),
        Row("76.1B", 8, 4, 1024, 1792, 140),
        Row("145.6B", 8, 8, 1536, 2304, 148),
        Row("310.1B", 8, 16, 1920, 2160, 155),
        Row("529.6B", 8, 35, 2520, 2520, 163),
        Row("1008.0B", 8, 64, 3072, 3072, 163),
    ];

    /// <summary>§5.1: GPT-3 175B on 1024 A100 at batch 1536, 300B tokens, "34 days"; 1T on 3072 A100, 450B tokens, "84 days".</summary>
    public static IReadOnlyList<PublishedRun> Projections { get; } =
    [
        new("narayanan-2021-projections", "GPT-3 175B, 1024 A100", ShapePresets.ShapeOf("gpt3-175b"), "a100-sxm4-80gb", 1024, 1536,
            new LayoutSpace { Tp = 8, Recompute = (int)Recompute.Full, SequenceParallel = 0, Zero = 0 }, "selene", ThroughputMetric.Days, 34, 300e9,
            "Narayanan et al. 2021 §5.1 (Eq. 4)"),
        new("narayanan-2021-projections", "1T, 3072 A100", ShapePresets.ShapeOf("megatron-1008b"), "a100-sxm4-80gb", 3072, 3072,
            new LayoutSpace { Tp = 8, Pp = 64, Recompute = (int)Recompute.Full, SequenceParallel = 0, Zero = 0 }, "selene", ThroughputMetric.Days, 84, 450e9,
            "Narayanan et al. 2021 §5.1 (Eq. 4)"),
    ];
}
