using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>Published runs the model was not fitted to: out-of-sample checks.</summary>
public static class OtherRuns
{
    private static LayoutSpace Fixed(int tp, int pp, int microBatch, int zero, Recompute recompute) => new()
    {
        Tp = tp, Pp = pp, MicroBatch = microBatch, Recompute = (int)recompute, SequenceParallel = 0, Zero = zero,
    };

    /// <summary>MT-NLG 530B (Smith et al. 2022 §2.4): t8 × p35 on Selene, batch 1920; iteration times → TFLOP/s counted with recompute.</summary>
    public static IReadOnlyList<PublishedRun> MtNlg { get; } =
    [
        .. new[] { (2240, 126.0), (2800, 121.0), (3360, 113.0) }.Select(x => new PublishedRun(
            "mt-nlg-2022", $"MT-NLG 530B, {x.Item1} A100", ShapePresets.ShapeOf("mt-nlg-530b"), "a100-sxm4-80gb",
            x.Item1, 1920, new LayoutSpace { Tp = 8, Pp = 35, Recompute = (int)Recompute.Full, SequenceParallel = 0, Zero = 0 },
            "selene", ThroughputMetric.HardwareTflopsPerGpu, x.Item2, 0,
            "Smith et al. 2022 (MT-NLG) §2.4: 60.1 / 50.2 / 44.4 s per iteration; PaLM Appendix B")),
    ];

    /// <summary>The Megatron-LM README GPT-3 175B example and BLOOM-176B.</summary>
    public static IReadOnlyList<PublishedRun> Megatron { get; } =
    [
        new("megatron-readme", "GPT-3 175B, 1024 A100 (README)", ShapePresets.ShapeOf("gpt3-175b"), "a100-sxm4-80gb", 1024, 1536,
            Fixed(8, 16, 1, 0, Recompute.Full) with { Interleave = 1 }, "selene", ThroughputMetric.HardwareTflopsPerGpu, 138, 0,
            "NVIDIA/Megatron-LM README (2022): 'around 32 seconds ... 138 teraFLOPs per GPU'"),
        new("bloom-2022", "BLOOM-176B, 384 A100", ShapePresets.ShapeOf("bloom-176b"), "a100-sxm4-80gb", 384, 2048,
            Fixed(4, 12, 2, 1, Recompute.Full), "jean-zay-a100", ThroughputMetric.HardwareTflopsPerGpu, 150, 0,
            "bigscience tr11-176B-ml: ~150 TFLOP/s per GPU (149.77 at 104.70 s/iteration)"),
    ];
}
