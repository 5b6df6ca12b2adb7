using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Hybrid models: Mamba-2 mixer layers among attention and MLP or expert layers (Nemotron-H, Nemotron 3).</summary>
public class HybridShapeTests
{
    private static TransformerShape Preset(string name) => ShapePresets.ShapeOf(name);

    /// <summary>The released models' sizes as they are published: Nemotron-H 8B, 47B and 56B (arXiv:2504.03624, the Hugging Face
    /// cards) to the billion their names round to. Nemotron 3 Nano 30B-A3B: its released checkpoint counts 31.6B parameters (the
    /// count listings of the release give, which the card rounds to "30B in total"), to the tenth; its card's "3.5B active
    /// parameters" within 3%, since the card does not say which embeddings it counts (the model counts both, 0.70B; without the
    /// input embedding 3.23B).</summary>
    [Theory]
    [InlineData("nemotron-h-8b", 8e9, 0.5e9, 8e9, 0.5e9)]
    [InlineData("nemotron-h-47b", 47e9, 0.5e9, 47e9, 0.5e9)]
    [InlineData("nemotron-h-56b", 56e9, 0.5e9, 56e9, 0.5e9)]
    [InlineData("nemotron3-nano-30b-a3b", 31.6e9, 0.05e9, 3.5e9, 0.105e9)]
    public void Preset_sizes_round_to_the_published_ones(string name, double total, double totalRounding, double active, double activeRounding)
    {
        TransformerShape s = Preset(name);
        Assert.InRange(s.Parameters, total - totalRounding, total + totalRounding);
        Assert.InRange(s.ActiveParameters, active - activeRounding, active + activeRounding);
    }

    /// <summary>Nemotron 3 Super's and Ultra's latent experts count as their checkpoints do: Megatron-Bridge's verification cards for
    /// the released models (examples/model_verification_cards/nemotron-3-super-120b-a12b and nemotron-3-ultra-550b-a55b) count
    /// 123,611,033,088 and 560,524,603,904 elements, the prediction module included; the main model and one module of an attention and
    /// a latent expert layer with its 2h→h projection and three norms (written out here) come within a millionth (20,992 and 25,088
    /// elements short, not identified). Their names' 120B and 550B are the main model (120.67B and 549.31B: to the billion and to the
    /// ten billion), and 12B and 55B active the active count without the input embedding, to the billion.</summary>
    [Theory]
    [InlineData("nemotron3-super-120b-a12b", 4096, 32, 1024, 2688, 123_611_033_088, 120e9, 1e9, 12e9)]
    [InlineData("nemotron3-ultra-550b-a55b", 8192, 64, 2048, 5120, 560_524_603_904, 550e9, 5e9, 55e9)]
    public void Latent_experts_count_as_the_released_checkpoint(string name, double h, double heads, double latent, double f,
        long checkpoint, double total, double totalRounding, double active)
    {
        TransformerShape s = Preset(name);
        double attention = h + 2 * h * (heads * 128) + 2 * h * (2 * 128);
        double experts = h + 512 * 2 * latent * f + 2 * h * latent + 2 * 2 * h * f + h * 512;
        double module = attention + experts + 2 * h * h + 3 * h;
        Assert.Equal(checkpoint, s.Parameters + module, 1e-6 * checkpoint);
        Assert.InRange(s.Parameters, total - totalRounding, total + totalRounding);
        Assert.InRange(s.ActiveParameters - s.Vocab * h, active - 0.5e9, active + 0.5e9);
    }

    /// <summary>A latent expert layer sends and sorts its tokens at the latent width: the same layer with experts at the hidden size
    /// spends more on its expert-parallel all-to-alls and its permutation, and its FLOPs follow its active parameters.</summary>
    [Fact]
    public void Latent_experts_dispatch_narrow_tokens_and_count_their_active_weights()
    {
        TransformerShape latent = Preset("nemotron3-super-120b-a12b") with { MtpLayers = 0 };
        TransformerShape wide = latent with { MoeLatentDim = 0 };
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 64, Ep = 64, MicroBatch = 1, Interleave = 1, Recompute = Recompute.None };
        var hw = TestData.Spec("b200-sxm-192gb");
        var cluster = TestData.Cluster("dgx-b200-ndr400");
        LayerTime Layer(TransformerShape s) => LayerModel.Evaluate(s, layout, hw, Precision.Mxfp8, cluster, true);
        Assert.True(Layer(latent).CommunicationSeconds < Layer(wide).CommunicationSeconds);
        Assert.True(Layer(latent).ElementwiseSeconds < Layer(wide).ElementwiseSeconds);
        double square = 3 * 8 * 2 * (double)latent.SeqLen * latent.SeqLen * 32 * 256;
        double scans = 3 * 40 * 7 * (double)latent.SeqLen * 8192 * 128;
        double expected = 6 * (latent.ActiveParameters - latent.Vocab * (double)latent.Hidden) * latent.SeqLen + square + scans;
        Assert.InRange(latent.ModelFlopsPerSequence / expected, 0.98, 1.02);
    }

    /// <summary>Parameters and model FLOPs add up layer kind by layer kind, each written out here apart from the shape's formulas: a
    /// Mamba-2 mixer (norm, input projection to z, x, B, C and one step per head, convolution of width 4 with bias over x, B and C,
    /// step bias, decay and skip per head, gated norm, output projection), an attention layer (Q and output h × a·d, K and V h × g·d,
    /// one norm), a squared-ReLU MLP (two matrices, one norm); untied embeddings and the final norm. FLOPs: 2 per weight and token of
    /// each GEMM, Megatron-LM's 7·d·N a token for the scan, the full s×s attention square, forward and backward three times the
    /// forward.</summary>
    [Fact]
    public void Nemotron_h_8b_counts_add_up_by_layer_kind()
    {
        TransformerShape s = Preset("nemotron-h-8b");
        double h = 4096, d = 128 * 64, bc = 2 * 8 * 128, heads = 128, seq = 8192, v = 131072;
        double inProj = h * (2 * d + bc + heads);
        double mamba = h + inProj + (d + bc) * 5 + 3 * heads + d + d * h;
        double attention = h + 2 * h * (32 * 128) + 2 * h * (8 * 128);
        double mlp = h + 2 * h * 21504;
        double parameters = 24 * mamba + 4 * attention + 24 * mlp + 2 * v * h + h;
        Assert.Equal(parameters, s.Parameters, 1e-9 * parameters);

        double mambaFlops = 2 * seq * (inProj + d * h) + 7 * seq * d * 128;
        double attentionFlops = 2 * seq * (2 * h * 4096 + 2 * h * 1024) + 2 * seq * seq * 32 * 256;
        double mlpFlops = 2 * seq * 2 * h * 21504;
        double flops = 3 * (24 * mambaFlops + 4 * attentionFlops + 24 * mlpFlops + 2 * seq * h * v);
        Assert.Equal(flops, s.ModelFlopsPerSequence, 1e-9 * flops);
    }

    /// <summary>Nemotron 3 Nano's expert layers count as the active parameters say: its model FLOPs lie within 2% of six per active
    /// weight and token plus the attention square (its six attention layers at sequence 8,192) and the scans.</summary>
    [Fact]
    public void An_moe_hybrids_flops_follow_its_active_parameters()
    {
        TransformerShape s = Preset("nemotron3-nano-30b-a3b");
        double embedding = s.Vocab * (double)s.Hidden;
        double square = 3 * 6 * 2 * (double)s.SeqLen * s.SeqLen * 32 * 256;
        double scans = 3 * 23 * 7 * (double)s.SeqLen * 4096 * 128;
        double expected = 6 * (s.ActiveParameters - embedding) * s.SeqLen + square + scans;
        Assert.InRange(s.ModelFlopsPerSequence / expected, 0.98, 1.02);
    }

    /// <summary>A hybrid's Mamba layers cost time: giving Nemotron-H 8B's attention layers' places to Mamba layers, or its MLP layers'
    /// places, changes the step, and with everything else fixed more Mamba heads take longer.</summary>
    [Fact]
    public void Mamba_layers_are_priced_and_grow_with_their_width()
    {
        TransformerShape s = Preset("nemotron-h-8b");
        var layout = new Layout { Tp = 2, Pp = 1, Dp = 4, MicroBatch = 1, Interleave = 1, Recompute = Recompute.None, SequenceParallel = 1 };
        double Step(TransformerShape shape) =>
            StepModel.Evaluate(shape, layout, 64, TestData.Spec("h100-sxm5-80gb"), Precision.Bf16, TestData.Cluster("dgx-h100-ndr400")).StepTimeSeconds;
        double baseline = Step(s);
        Assert.True(Step(s with { MambaHeads = 256 }) > baseline);
        Assert.True(Step(s with { MambaStateDim = 256 }) > baseline);
        Assert.NotEqual(baseline, Step(s with { MambaLayers = 20, AttentionLayers = 8 }));
        Assert.True(StepModel.Evaluate(s, layout, 64, TestData.Spec("h100-sxm5-80gb"), Precision.Bf16, TestData.Cluster("dgx-h100-ndr400")).Valid == 1);
    }

    /// <summary>Megatron-Core asserts that tensor parallelism splits the Mamba heads and groups, and that context parallelism splits
    /// each tensor-parallel rank's heads and its groups (or is a multiple of them, which it then replicates): Nemotron 3 Nano's 64
    /// heads in 8 groups allow tp 8 but not 16; cp 16 beside tp 4 (16 heads and 2 groups a rank, replicated 8 times) but not cp 64
    /// beside tp 2 (32 heads a rank); and 6 groups of 48 heads on tp 2 leave 3 groups a rank, which cp 2 neither splits nor
    /// replicates.</summary>
    [Fact]
    public void Tensor_and_context_parallelism_must_split_the_mamba_heads_and_groups()
    {
        TransformerShape s = Preset("nemotron3-nano-30b-a3b");
        Assert.True(MambaModel.Splits(s, new Layout { Tp = 8, Cp = 1 }));
        Assert.False(MambaModel.Splits(s, new Layout { Tp = 16, Cp = 1 }));
        Assert.True(MambaModel.Splits(s, new Layout { Tp = 4, Cp = 16 }));
        Assert.False(MambaModel.Splits(s, new Layout { Tp = 2, Cp = 64 }));
        Assert.False(MambaModel.Splits(s with { MambaGroups = 6, MambaHeads = 48 }, new Layout { Tp = 2, Cp = 2 }));
    }

    /// <summary>Inconsistent hybrid fields name what is wrong, in the reader's own names.</summary>
    [Theory]
    [InlineData(0, 4, 128, 128, 8, "give mamba_layers")]
    [InlineData(24, 4, 0, 128, 8, "needs mamba_heads")]
    [InlineData(24, 4, 100, 128, 8, "must divide mamba_heads")]
    [InlineData(40, 20, 128, 128, 8, "at most the 52 layers")]
    public void Inconsistent_hybrid_fields_are_named(int mamba, int attention, int heads, int state, int groups, string message)
    {
        TransformerShape s = Preset("nemotron-h-8b") with
        {
            MambaLayers = mamba,
            AttentionLayers = attention,
            MambaHeads = heads,
            MambaStateDim = state,
            MambaGroups = groups,
            MambaHeadDim = mamba == 0 ? 0 : 64,
        };
        Assert.Contains(message, s.HybridProblem(f => f));
    }

    /// <summary>A run file's hybrid row reads into the preset's shape, and a row whose counts do not fit is refused naming the column.</summary>
    [Fact]
    public void Run_file_rows_read_hybrid_columns()
    {
        TransformerShape nano = Preset("nemotron3-nano-30b-a3b");
        PublishedRun run = TestData.Sheet("hybrid.tsv").First();
        Assert.Equal(nano, run.Shape);
        string header = string.Join('\t', "run_id", "source_group", "source", "style", "mlp", "layers", "hidden", "heads", "vocab", "seq_len",
            "mamba_layers", "attention_layers", "mamba_heads", "mamba_state", "mamba_groups", "mamba_head_dim",
            "accelerator", "gpus", "precision", "global_batch", "software", "cluster", "metric", "value");
        string row = string.Join('\t', "x", "g", "s", "llama", "relu2", "10", "1024", "8", "32000", "4096", "8", "4", "16", "64", "8", "64",
            "h100-sxm5-80gb", "8", "bf16", "64", "megatron-core", "dgx-h100-ndr400", "tokens_per_s_per_gpu", "1000");
        var e = Assert.Throws<InputException>(() => CalibrationFile.Parse(header + "\n" + row, "runs.tsv"));
        Assert.Contains("column 'mamba_layers'", e.Message);
    }
}
