using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

public class ShapeAndMemoryTests
{
    private static TransformerShape Gpt3_175B => ShapePresets.Gpt(96, 12288, 96);

    [Theory]
    // Narayanan et al. 2021 Table 1 "Number of parameters (billion)", one decimal: ±0.05B.
    [InlineData(24, 2304, 24, 1.7)]
    [InlineData(30, 3072, 32, 3.6)]
    [InlineData(36, 4096, 32, 7.5)]
    [InlineData(40, 6144, 48, 18.4)]
    [InlineData(48, 8192, 64, 39.1)]
    [InlineData(60, 10240, 80, 76.1)]
    [InlineData(80, 12288, 96, 145.6)]
    [InlineData(96, 16384, 128, 310.1)]
    [InlineData(105, 20480, 128, 529.6)]
    [InlineData(128, 25600, 160, 1008.0)]
    [InlineData(96, 12288, 96, 174.6)] // GPT-3 175B as GPT-3 Table D.1 counts it
    public void Gpt_parameters_follow_narayanan_eq2(int layers, int hidden, int heads, double billions) =>
        Assert.Equal(billions, ShapePresets.Gpt(layers, hidden, heads).Parameters / 1e9, 0.05);

    [Theory]
    // Llama 2 (Touvron et al. 2023) shapes; exact parameter counts of the released checkpoints.
    [InlineData(32, 4096, 32, 32, 11008, 6_738_415_616L)]
    [InlineData(40, 5120, 40, 40, 13824, 13_015_864_320L)]
    [InlineData(80, 8192, 64, 8, 28672, 68_976_648_192L)]
    public void Llama_parameters_are_exact(int layers, int hidden, int heads, int kvHeads, int ffn, long parameters)
    {
        var shape = ShapePresets.Llama(layers, hidden, heads, kvHeads, ffn);
        Assert.Equal(parameters, shape.Parameters);
    }

    [Fact]
    public void Flops_match_korthikanti_eq7_narayanan_eq3_and_palm()
    {
        TransformerShape g = Gpt3_175B;
        double s = g.SeqLen, h = g.Hidden, l = g.Layers, v = g.Vocab;
        // Korthikanti et al. 2022 Eq. 7 (per sequence): 72·L·s·h²·(1 + s/6h + V/12hL).
        Assert.Equal(72 * l * s * h * h * (1 + s / (6 * h) + v / (12 * h * l)), g.ModelFlopsPerSequence, 1e-9 * g.ModelFlopsPerSequence);
        // Narayanan Eq. 3 (full recompute): 96·s·l·h²·(1 + s/6h + V/16lh).
        Assert.Equal(96 * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h)), g.HardwareFlopsPerSequence(Recompute.Full), 1e-9 * g.ModelFlopsPerSequence);
        // Korthikanti Eq. 8 (selective): 72·L·s·h²·(1 + s/3h + V/12hL).
        Assert.Equal(72 * l * s * h * h * (1 + s / (3 * h) + v / (12 * h * l)), g.HardwareFlopsPerSequence(Recompute.Selective), 1e-9 * g.ModelFlopsPerSequence);
        // PaLM Appendix B: 6N + 12·L·H·Q·T per token, N = 12Lh² + Vh.
        double palm = (6 * (12 * l * h * h + v * h) + 12 * l * h * s) * s;
        Assert.Equal(palm, g.ModelFlopsPerSequence, 1e-9 * palm);
    }

    [Theory]
    // Korthikanti et al. 2022 Table 2, worked for GPT-3 175B, b = 1, t = 8, one layer (GiB, two decimals).
    [InlineData(1, 0, (int)Recompute.None, 2.67)]
    [InlineData(8, 0, (int)Recompute.None, 0.54)]
    [InlineData(8, 1, (int)Recompute.None, 0.33)]
    [InlineData(8, 0, (int)Recompute.Selective, 0.30)] // sbh·13 = 0.3047 GiB; the sheet prints 0.31
    [InlineData(8, 1, (int)Recompute.Selective, 0.10)]
    [InlineData(8, 0, (int)Recompute.Full, 0.047)]
    public void Activation_bytes_per_layer_match_korthikanti_table2(int tp, int sp, int recompute, double gib)
    {
        var layout = new Layout { Tp = tp, Pp = 1, Dp = 1, MicroBatch = 1, Interleave = 1, Recompute = (Recompute)recompute, SequenceParallel = sp };
        double bytes = MemoryModel.LayerActivationBytes(Gpt3_175B, layout, flashAttention: 0);
        Assert.Equal(gib, bytes / (1L << 30), gib < 0.1 ? 0.0005 : 0.005);
    }

    [Fact]
    public void Exact_korthikanti_formulas()
    {
        double s = 2048, b = 2, h = 12288, a = 96, t = 8, sbh = s * b * h;
        Layout L(int sp, Recompute rc) => new() { Tp = 8, Pp = 1, Dp = 1, MicroBatch = 2, Interleave = 1, Recompute = rc, SequenceParallel = sp };
        Assert.Equal(sbh * (10 + 24 / t + 5 * a * s / (h * t)), MemoryModel.LayerActivationBytes(Gpt3_175B, L(0, Recompute.None), 0));
        Assert.Equal(sbh * (34 / t + 5 * a * s / (h * t)), MemoryModel.LayerActivationBytes(Gpt3_175B, L(1, Recompute.None), 0));
        Assert.Equal(sbh * 34 / t, MemoryModel.LayerActivationBytes(Gpt3_175B, L(1, Recompute.Selective), 0));
        Assert.Equal(sbh * 34 / t, MemoryModel.LayerActivationBytes(Gpt3_175B, L(1, Recompute.None), flashAttention: 1));
    }

    [Fact]
    public void Fp8_layers_store_their_gemm_inputs_in_one_byte()
    {
        // Korthikanti's terms with the four GEMM inputs (QKV, projection and MLP inputs h wide, the second MLP GEMM's 4h wide)
        // kept as FP8 copies: 1 + 1 + 1 + 4 = 7 of the 34 bytes per s·b·h; without sequence parallelism 2 of the 10 replicated ones.
        double s = 2048, b = 2, h = 12288, t = 8, sbh = s * b * h;
        Layout L(int sp) => new() { Tp = 8, Pp = 1, Dp = 1, MicroBatch = 2, Interleave = 1, Recompute = Recompute.Selective, SequenceParallel = sp };
        Assert.Equal(sbh * 27 / t, MemoryModel.LayerActivationBytes(Gpt3_175B, L(1), 0, Precision.Fp8));
        Assert.Equal(sbh * (8 + 19 / t), MemoryModel.LayerActivationBytes(Gpt3_175B, L(0), 0, Precision.Fp8));
        Assert.Equal(sbh * 34 / t, MemoryModel.LayerActivationBytes(Gpt3_175B, L(1), 0, Precision.Bf16));
        // Full recomputation keeps only the layer's 16-bit input.
        Assert.Equal(2 * sbh / t, MemoryModel.LayerActivationBytes(Gpt3_175B, L(1) with { Recompute = Recompute.Full }, 0, Precision.Fp8));
    }

    [Fact]
    public void Activation_bytes_follow_the_shapes_own_widths_where_it_is_not_gpt()
    {
        // Llama 3 8B: no dropout masks (8 replicated bytes, not 10); K and V 8 of 32 heads wide; SwiGLU stores both 3.5h-wide
        // up-projection outputs and the 3.5h-wide activation: 2 × (1 + 0.5 + 1 + 2 × 3.5 + 3.5) = 26 split bytes.
        var llama = new TransformerShape { Layers = 32, Hidden = 4096, Heads = 32, KvHeads = 8, Ffn = 14336, Vocab = 128256, SeqLen = 8192, Style = ModelStyle.Llama, Mlp = MlpKind.Gated };
        double sbh = 8192.0 * 1 * 4096;
        Layout L(int tp, int sp) => new() { Tp = tp, Pp = 1, Dp = 1, MicroBatch = 1, Interleave = 1, Recompute = Recompute.Selective, SequenceParallel = sp };
        Assert.Equal(sbh * (8 + 26.0 / 4), MemoryModel.LayerActivationBytes(llama, L(4, 0), 1), 1e-6);
        Assert.Equal(sbh * 34.0 / 4, MemoryModel.LayerActivationBytes(llama, L(4, 1), 1), 1e-6);
        // FP8 keeps the QKV and MLP inputs (replicated) and the projection and down-projection inputs (1 + 3.5 split) in one byte.
        Assert.Equal(sbh * (6 + 21.5 / 4), MemoryModel.LayerActivationBytes(llama, L(4, 0), 1, Precision.Fp8), 1e-6);
        // Llama 2 7B (every head a key/value head, a 2.69h MLP) stores less than Korthikanti's 34.
        TransformerShape llama2 = llama with { KvHeads = 32, Ffn = 11008, SeqLen = 4096 };
        Assert.True(MemoryModel.LayerActivationBytes(llama2, L(1, 0), 1) < 34.0 * 4096 * 4096);
    }

    [Fact]
    public void Nemotron4_340b_fits_h100_without_full_recompute_only_in_fp8()
    {
        // NeMo 24.07's DGX-H100 table ran Nemotron-4 340B in FP8 on 128 GPUs at TP 8, PP 8, VP 12, micro-batch 1, global batch 32;
        // with 16-bit stored activations that layout needs full recomputation on 80 GB.
        TransformerShape shape = ShapePresets.Gpt(96, 18432, 96) with { KvHeads = 8, Ffn = 73728, Vocab = 256000, SeqLen = 4096, Mlp = MlpKind.SquaredRelu };
        var layout = new Layout { Tp = 8, Pp = 8, Dp = 2, MicroBatch = 1, Interleave = 12, Recompute = Recompute.Selective, SequenceParallel = 1, Zero = 2 };
        AcceleratorSpec h100 = TestData.Spec("h100-sxm5-80gb");
        var flash = new ClusterSpec { FlashAttention = 1 };
        double fp8 = MemoryModel.PerGpu(shape, layout, 16, Precision.Fp8, flash).TotalBytes;
        double bf16 = MemoryModel.PerGpu(shape, layout, 16, Precision.Bf16, flash).TotalBytes;
        Assert.True(fp8 <= h100.MemoryBytes, $"FP8 {fp8 / 1e9:F1} GB");
        Assert.True(bf16 > h100.MemoryBytes, $"BF16 {bf16 / 1e9:F1} GB");
    }

    [Theory]
    // ZeRO (Rajbhandari et al. 2020) Figure 1: 7.5B parameters, N_d = 64: 120, 31.4, 16.6, 1.9 GB.
    [InlineData(0, 120.0, 0.05)]
    [InlineData(1, 31.4, 0.05)]
    [InlineData(2, 16.6, 0.05)]
    [InlineData(3, 1.9, 0.05)]
    public void Model_states_match_zero_figure1(int stage, double gb, double tolerance) =>
        Assert.Equal(gb, MemoryModel.ModelStates(7.5e9, 64, stage, ParameterStates.Mixed).TotalBytes / 1e9, tolerance);

    [Fact]
    public void Pipeline_holds_l_layers_or_the_interleaved_excess()
    {
        TransformerShape g = Gpt3_175B;
        var oneF1B = new Layout { Tp = 8, Pp = 16, Dp = 8, MicroBatch = 1, Interleave = 1 };
        Assert.Equal(96, MemoryModel.LayersInFlight(g, oneF1B, 192));
        // Korthikanti §4.2.3: interleaving multiplies by 1 + (p − 1)/(p·v).
        Assert.Equal(96 * (1 + 15.0 / (16 * 3)), MemoryModel.LayersInFlight(g, oneF1B with { Interleave = 3 }, 192), 1e-9);
        // Fewer micro-batches than stages: only m are in flight.
        Assert.Equal(96 * 4 / 16.0, MemoryModel.LayersInFlight(g, oneF1B, 4), 1e-9);
        // Interleaved with m ≤ p + (p − 1)/v micro-batches (Megatron-Core's 2(p − 1) + (v − 1)p warm-up chunks cover the whole step):
        // every forward runs before the first backward, so m micro-batches of the stage's 6 layers, no interleaving excess.
        var interleaved = oneF1B with { Interleave = 3 };
        Assert.Equal(6 * 16, MemoryModel.LayersInFlight(g, interleaved, 16), 1e-9);
        Assert.Equal(6 * 4, MemoryModel.LayersInFlight(g, interleaved, 4), 1e-9);
        Assert.Equal(6 * (16 + 15.0 / 3), MemoryModel.LayersInFlight(g, interleaved, 32), 1e-9);
    }

    [Fact]
    public void A_pipeline_may_hold_two_more_chunks_than_layers_for_the_embedding_and_the_loss()
    {
        // Megatron-Bridge runs Llama 3.1 405B (126 layers) on 256 GB200 as TP 4 x PP 16 x VP 8: 128 chunks.
        TransformerShape llama = ModernPresets.All.Single(p => p.Name == "llama3.1-405b").Shape;
        var layout = new Layout { Tp = 4, Pp = 16, Dp = 4, MicroBatch = 1, Interleave = 8, SequenceParallel = 1 };
        ClusterSpec cluster = TestData.Cluster("dgx-h100-ndr400");
        Assert.True(StepModel.IsValid(llama, layout, 1536 / 4, cluster));
        Assert.False(StepModel.IsValid(llama, layout with { Pp = 8, Interleave = 17, Dp = 8 }, 1536 / 8, cluster));
        // Six layers on two stages: at most eight chunks.
        var two = layout with { Pp = 2, Dp = 32 };
        Assert.True(StepModel.IsValid(llama with { Layers = 6 }, two with { Interleave = 4 }, 1536 / 32, cluster));
        Assert.False(StepModel.IsValid(llama with { Layers = 6 }, two with { Interleave = 5 }, 1536 / 32, cluster));
    }

    [Fact]
    public void Shape_rule_reproduces_gpt3_175b_and_scales()
    {
        TransformerShape s = ShapeRule.FromParameters(174.6e9, 2048, 51200);
        Assert.Equal(96, s.Layers);
        Assert.Equal(12288, s.Hidden);
        Assert.Equal(96, s.Heads);
        Assert.Equal(174.6e9, s.Parameters, 0.01 * 174.6e9);
        Assert.Equal(1, ShapeRule.FromParameters(1e3, 2048, 51200).Layers);
    }

    [Theory]
    [InlineData(1e9)]
    [InlineData(7e9)]
    [InlineData(13e9)]
    [InlineData(40e9)]
    [InlineData(70e9)]
    [InlineData(405e9)]
    [InlineData(1e12)]
    public void Shape_rule_gives_tensor_parallel_friendly_shapes_near_the_asked_size(double parameters)
    {
        TransformerShape s = ShapeRule.FromParameters(parameters, 2048, 51200);
        Assert.Equal(0, s.Heads % 8);
        Assert.Equal(0, s.Hidden % 128);
        Assert.Equal(128, s.Hidden / s.Heads);
        // Whole layers of 12h² leave at most half a layer's parameters off the target.
        Assert.InRange(Math.Abs(s.Parameters - parameters), 0, 0.5 * 12.0 * s.Hidden * s.Hidden + 0.02 * parameters);
    }

    [Fact]
    public void Default_batch_is_4m_tokens_until_the_cluster_outgrows_it_then_one_sequence_per_8_gpus()
    {
        // Llama 2: 4M tokens; Llama 3 405B: 2048 sequences of 8192 on 16,384 GPUs (16M tokens).
        Assert.Equal(2048, BatchRule.Sequences(1024, 2048));
        Assert.Equal(512, BatchRule.Sequences(1024, 8192));
        Assert.Equal(2048, BatchRule.Sequences(16384, 8192));
        Assert.Equal(4096, BatchRule.Sequences(32768, 8192));
        Assert.Equal(1, BatchRule.Sequences(1, 1 << 24));
        var fixedBatch = new ParallelSettings { GlobalBatch = 1536 };
        TransformerShape shape = ShapePresets.ShapeOf("gpt3-175b");
        Assert.Equal(1536, fixedBatch.BatchFor(16384, shape));
        Assert.Equal(BatchRule.Sequences(16384, 2048), new ParallelSettings().BatchFor(16384, shape));
    }
}
