using ComputeSim.Api;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Recomputing the MLP and expert blocks (<see cref="Recompute.Mlp"/>, Megatron-Core's <c>recompute_modules</c> <c>mlp</c> and
/// <c>moe</c>): each block keeps its input and runs its forward again in the backward; the attention stores everything.</summary>
public class MlpRecomputeTests
{
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");
    private static readonly ClusterSpec Cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
    private static readonly TransformerShape Llama70B = ShapePresets.ShapeOf("llama3-70b");
    private static readonly TransformerShape Nano = ShapePresets.ShapeOf("nemotron3-nano-30b-a3b");

    private static Layout Layout(Recompute recompute, int tp = 1, int ep = 1) =>
        new() { Tp = tp, Pp = 1, Dp = 16 / tp, Ep = ep, MicroBatch = 1, Interleave = 1, Recompute = recompute, SequenceParallel = tp > 1 ? 1 : 0 };

    private static LayerTime Layer(in TransformerShape s, in Layout l, bool moe) => LayerModel.Evaluate(s, l, H100, Precision.Fp8, Cluster, moe);

    public static TheoryData<string, int, int> Shapes => new() { { "llama3-70b", 4, 1 }, { "nemotron3-nano-30b-a3b", 1, 8 }, { "mixtral-8x7b", 2, 4 } };

    /// <summary>Its time lies between storing everything and recomputing every layer, its stored activations too, and the attention
    /// and any Mamba mixer are not recomputed: their time equals the stored layout's.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Recomputing_the_mlp_blocks_lies_between_none_and_full(string preset, int tp, int ep)
    {
        TransformerShape s = ShapePresets.ShapeOf(preset);
        bool moe = s.IsMoe;
        LayerTime none = Layer(s, Layout(Recompute.None, tp, ep), moe), mlp = Layer(s, Layout(Recompute.Mlp, tp, ep), moe);
        double Seconds(Recompute r) => StepModel.LayerSeconds(s, Layout(r, tp, ep), H100, Precision.Fp8, Cluster);
        Assert.InRange(Seconds(Recompute.Mlp), Seconds(Recompute.None) * 1.02, Seconds(Recompute.Full) * 0.99);
        Assert.Equal(none.AttentionSeconds, mlp.AttentionSeconds);
        Assert.True(mlp.GemmSeconds > none.GemmSeconds && mlp.ElementwiseSeconds > none.ElementwiseSeconds);
        // The recomputed forward repeats the block's tensor-parallel reduction, or its dispatch and combine.
        if (tp > 1 || ep > 1)
            Assert.True(mlp.CommunicationSeconds > none.CommunicationSeconds);
        double Activations(Recompute r) => MemoryModel.LayerActivationBytes(s, Layout(r, tp, ep), Cluster.FlashAttention, Precision.Fp8);
        Assert.InRange(Activations(Recompute.Mlp), Activations(Recompute.Full) * 1.01, Activations(Recompute.None) * 0.95);
    }

    /// <summary>What it saves is the MLP's intermediate activations, written out for Llama 3 70B (SwiGLU, 28,672 wide) at TP 4 in
    /// FP8: the gate and up projections' outputs and the activation, 2 bytes each, the activation kept as its 1-byte FP8 copy,
    /// 2·2f + f per token, split four ways.</summary>
    [Fact]
    public void It_saves_the_mlps_intermediate_activations()
    {
        double f = 28672, tokens = Llama70B.SeqLen;
        double saved = MemoryModel.LayerActivationBytes(Llama70B, Layout(Recompute.None, 4), Cluster.FlashAttention, Precision.Fp8)
            - MemoryModel.LayerActivationBytes(Llama70B, Layout(Recompute.Mlp, 4), Cluster.FlashAttention, Precision.Fp8);
        Assert.Equal(tokens * (2 * 2 * f + f) / 4, saved, saved * 1e-9);
    }

    /// <summary>Hardware FLOPs add one forward of every MLP: Llama 3 70B's 80 SwiGLU MLPs, three matrices of 8,192 × 28,672, two FLOPs
    /// a weight and token.</summary>
    [Fact]
    public void Hardware_flops_add_one_forward_of_every_mlp()
    {
        double extra = Llama70B.HardwareFlopsPerSequence(Recompute.Mlp) - Llama70B.ModelFlopsPerSequence;
        Assert.Equal(80 * 2.0 * 3 * 8192 * 28672 * Llama70B.SeqLen, extra, extra * 1e-9);
        Assert.True(Nano.HardwareFlopsPerSequence(Recompute.Mlp) < Nano.HardwareFlopsPerSequence(Recompute.Full));
    }

    /// <summary>The search tries it only when it is given, as a recipe states it; given, the bounded search returns the exhaustive
    /// one's layout.</summary>
    [Fact]
    public void The_search_tries_it_only_when_given()
    {
        var open = LayoutSearch.Fastest(Nano, 16, 1024, H100, Precision.Fp8, Cluster, LayoutSpace.Open with { Ep = 8 });
        Assert.NotEqual(Recompute.Mlp, open.Layout.Recompute);
        var space = LayoutSpace.Open with { Ep = 8, Recompute = (int)Recompute.Mlp };
        LayoutChoice bounded = LayoutSearch.Fastest(Nano, 16, 1024, H100, Precision.Fp8, Cluster, space);
        LayoutChoice all = LayoutSearch.Best(Nano, 16, 1024, H100, Precision.Fp8, Cluster, space);
        Assert.Equal(Recompute.Mlp, bounded.Layout.Recompute);
        Assert.Equal(all.Layout, bounded.Layout);
        Assert.Equal(all.Step, bounded.Step);
        Assert.Equal("mlp", LayoutJson.Short(bounded.Layout));
        Assert.Contains("MLP recompute", LayoutJson.Text(bounded.Layout), StringComparison.Ordinal);
    }

    /// <summary>NVIDIA's Nemotron 3 Nano runs on 16 H100 (Megatron-Bridge 26.02.01 to 26.06) recompute their expert layers
    /// (<c>recompute_modules</c> moe, layernorm, core_attn, moe_act): priced so, they come out 4% to 8% slow (the norms and the
    /// attention core they also recompute are not priced), where storing everything put them 11% to 16% fast.</summary>
    [Fact]
    public void Nanos_h100_runs_recompute_their_expert_layers()
    {
        var rows = TestData.PredictSheet("hybrid.tsv")
            .Where(r => r.Run.Model == "nemotron3-nano-30b-a3b" && r.Run.Hardware == "h100-sxm5-80gb" && r.Run.Group.StartsWith("mbridge", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(Recompute.Mlp, r.Choice.Layout.Recompute));
        Assert.All(rows, r => Assert.InRange(r.SpeedError, -0.10, 0.0));
    }
}
