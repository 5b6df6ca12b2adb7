using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>
/// MosaicML llm-foundry MPT benchmarks (scripts/train/benchmarking/README.md): FSDP FULL_SHARD
/// (ZeRO-3), no tensor or pipeline parallelism, FlashAttention, BF16; MFU as published.
/// </summary>
/// <remarks>
/// Out of sample and out of kind: FSDP and FlashAttention (no s×s scores in memory) with Megatron's
/// fitted software constants. FSDP's collectives are taken as fully overlapped.
/// </remarks>
public static class FoundryRuns
{
    private const string Source = "mosaicml/llm-foundry scripts/train/benchmarking/README.md";
    private const int Vocab = 50432;
    private const int Seq = 2048;

    private static TransformerShape Mpt(string size) => size switch
    {
        "70b" => ShapePresets.Gpt(80, 8192, 64, Vocab, Seq),
        "30b" => ShapePresets.Gpt(48, 7168, 64, Vocab, Seq),
        "13b" => ShapePresets.Gpt(40, 5120, 40, Vocab, Seq),
        "7b" => ShapePresets.Gpt(32, 4096, 32, Vocab, Seq),
        _ => ShapePresets.Gpt(24, 2048, 16, Vocab, Seq),
    };


    private static PublishedRun Row(string hw, string size, int gpus, int microBatch, int globalBatch, bool checkpointing, double mfu) =>
        new("llm-foundry", $"MPT-{size}, {gpus} x {hw}", Mpt(size), hw, gpus, globalBatch,
            new LayoutSpace { Tp = 1, Pp = 1, MicroBatch = microBatch, Interleave = 1, Recompute = (int)(checkpointing ? Recompute.Full : Recompute.None), SequenceParallel = 0, Zero = 3 },
            hw.StartsWith("h100", StringComparison.Ordinal) ? "mosaic-h100" : "mosaic-a100-roce", ThroughputMetric.MfuPercent, mfu, 0, Source);

    /// <summary>The BF16, sequence-2048 rows of the reference table.</summary>
    public static IReadOnlyList<PublishedRun> Rows { get; } =
    [
        Row("h100-sxm5-80gb", "70b", 64, 8, 2048, true, 42.57),
        Row("h100-sxm5-80gb", "30b", 32, 14, 1344, true, 43.92),
        Row("h100-sxm5-80gb", "13b", 64, 2, 128, false, 39.86),
        Row("h100-sxm5-80gb", "7b", 8, 6, 48, false, 46.44),
        Row("h100-sxm5-80gb", "1b", 64, 20, 1280, false, 40.85),
        Row("a100-sxm4-80gb", "70b", 64, 8, 2048, true, 53.33),
        Row("a100-sxm4-80gb", "30b", 8, 3, 504, true, 55.3),
        Row("a100-sxm4-80gb", "13b", 8, 2, 48, false, 59.57),
        Row("a100-sxm4-80gb", "7b", 8, 6, 96, false, 64.23),
        Row("a100-sxm4-40gb", "70b", 128, 4, 512, true, 48.91),
        Row("a100-sxm4-40gb", "30b", 128, 6, 768, true, 52.25),
        Row("a100-sxm4-40gb", "13b", 128, 16, 2048, true, 51.93),
        Row("a100-sxm4-40gb", "7b", 128, 18, 2304, true, 50.14),
    ];
}
