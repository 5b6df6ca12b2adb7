using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// A fused causal attention kernel's speed with few keys a query (<see cref="LayerModel.KeySpeed"/>), against NVIDIA's cuDNN attention
/// benchmark (NVIDIA/cudnn-frontend, benchmark/sdpa_benchmark_training/results: Llama 3.1's shape, 64 query and 8 key/value heads
/// of 128, causal, BF16, forward plus non-deterministic backward; H200 with cuDNN 9.19, GB200 and GB300 with cuDNN 9.22).
/// </summary>
public class AttentionKeySpeedTests
{
    // Speed per FLOP at sequences 2,048 and 4,096 over that at 8,192: (s/8192)² · t(8192) / t(s), the times in ms as published.
    public static TheoryData<string, double, double, double> Measured => new()
    {
        // chip, t(2048), t(4096), t(8192), each forward + backward as the results' CSV files give them
        { "H200", 0.142 + 0.464, 0.465 + 1.450, 1.708 + 5.083 },
        { "GB200", 0.125 + 0.389, 0.391 + 1.198, 1.397 + 4.127 },
        { "GB300", 0.100 + 0.356, 0.323 + 1.101, 1.185 + 3.832 },
    };

    [Theory]
    [MemberData(nameof(Measured))]
    public void Short_sequences_run_at_the_speed_cudnn_measures_within_4_percent(string chip, double t2048, double t4096, double t8192)
    {
        // Measured 0.672 to 0.700 at 2,048 and 0.869 to 0.887 at 4,096; the rule gives 0.696 and 0.873 (a causal sequence's keys: s/2).
        double at2048 = LayerModel.KeySpeed(1024) / (0.0625 * t8192 / t2048), at4096 = LayerModel.KeySpeed(2048) / (0.25 * t8192 / t4096);
        Assert.True(Math.Abs(at2048 - 1.0) <= 0.04 && Math.Abs(at4096 - 1.0) <= 0.04, $"{chip}: model over measured {at2048:F3} at 2,048, {at4096:F3} at 4,096");
    }

    [Fact]
    public void The_speed_rises_with_the_keys_and_holds_from_a_sequence_of_8192()
    {
        Assert.Equal(1.0, LayerModel.KeySpeed(LayerModel.SaturatedKeys), 15);
        Assert.Equal(1.0, LayerModel.KeySpeed(65536), 15);
        double previous = 0.0;
        foreach (double keys in new[] { 16.0, 64, 128, 512, 1024, 2048, 4096 })
        {
            Assert.True(LayerModel.KeySpeed(keys) > previous);
            previous = LayerModel.KeySpeed(keys);
        }
    }

    [Fact]
    public void A_narrow_window_runs_as_slowly_as_cudnn_measures_it()
    {
        // The same benchmark's GPT-OSS shape on GB200 (cuDNN 9.22): 128 query and key/value heads of 64, a 128-token window, sequence
        // 8,192, batch 2: 0.414 ms forward + 0.911 ms backward, against Llama 3.1's 1.397 + 4.127 ms. The model's ratio: each
        // shape's heads × keys over the kernel's speed for them × the head widths' time (cuDNN's kernel). Tolerance 6%; priced at the
        // full sequence's speed the ratio would be 0.045.
        var window = new TransformerShape
        {
            Layers = 2, Hidden = 2880, Heads = 128, KvHeads = 128, HeadDim = 64, Ffn = 2880, Vocab = 1000, SeqLen = 8192,
            Style = ModelStyle.Llama, Mlp = MlpKind.Gated, SlidingWindow = 128, SlidingLayers = 2,
        };
        double WidthTime(double width) => 2.0 * width / LayerModel.HeadWidthSpeed(width, native: true);
        double windowTime = 128 * LayerModel.KeysOverSpeed(window) * WidthTime(64);
        double llamaTime = 64 * 4096 * WidthTime(128);
        double measured = (0.414 + 0.911) / (1.397 + 4.127);
        Assert.InRange(windowTime / llamaTime / measured, 0.94, 1.06);
    }
}
