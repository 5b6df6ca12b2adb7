using ComputeSim.Api;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Partial recomputation: whole layers recomputed, the fewest per pipeline stage that fit.</summary>
public class PartialRecomputeTests
{
    // Megatron-Bridge's Llama 3 70B FP8 run on 64 GB200 (TP 1, PP 1, FSDP, micro-batch 2): storing everything does not fit
    // 186 GB, recomputing every layer does.
    private static readonly TransformerShape Llama70B = ModernPresets.All.Single(p => p.Name == "llama3-70b").Shape;
    private static readonly AcceleratorSpec Gb200 = TestData.Spec("gb200-186gb");
    private static readonly ClusterSpec Nvl72 = TestData.Cluster("gb200-nvl72");
    private static readonly Layout Fsdp64 = new() { Tp = 1, Pp = 1, Dp = 64, MicroBatch = 2, Interleave = 1, Zero = 3 };
    private const double GlobalBatch = 256;
    private static double MicroBatches => GlobalBatch / (Fsdp64.MicroBatch * Fsdp64.Dp);

    private static double MemoryBytes(in Layout l) => MemoryModel.PerGpu(Llama70B, l, MicroBatches, Precision.Fp8, Nvl72).TotalBytes;

    private static Layout Partial(int layers) => Fsdp64 with { Recompute = Recompute.Partial, RecomputedLayers = layers };

    [Fact]
    public void The_fewest_recomputed_layers_fit_and_one_fewer_does_not()
    {
        int k = MemoryModel.PartialRecomputedLayers(Llama70B, Fsdp64, MicroBatches, Precision.Fp8, Nvl72, Gb200.MemoryBytes);
        Assert.InRange(k, 1, Llama70B.Layers - 1);
        Assert.True(MemoryBytes(Partial(k)) <= Gb200.MemoryBytes);
        Assert.True(MemoryBytes(Partial(k - 1)) > Gb200.MemoryBytes);
    }

    [Fact]
    public void Storing_everything_fits_with_no_layer_recomputed_and_too_little_memory_asks_for_more_than_every_layer()
    {
        Assert.Equal(0, MemoryModel.PartialRecomputedLayers(Llama70B, Fsdp64, MicroBatches, Precision.Fp8, Nvl72, 1e15));
        Assert.Equal(Llama70B.Layers + 1, MemoryModel.PartialRecomputedLayers(Llama70B, Fsdp64, MicroBatches, Precision.Fp8, Nvl72, 1e9));
    }

    [Fact]
    public void No_recomputed_layer_prices_as_storing_everything_and_every_layer_as_full_recomputation()
    {
        double Seconds(in Layout l) => StepModel.LayerSeconds(Llama70B, l, Gb200, Precision.Fp8, Nvl72);
        double none = Seconds(Fsdp64), full = Seconds(Fsdp64 with { Recompute = Recompute.Full });
        Assert.Equal(none, Seconds(Partial(0)));
        Assert.Equal(MemoryBytes(Fsdp64), MemoryBytes(Partial(0)));
        Assert.Equal(full, Seconds(Partial(Llama70B.Layers)), full * 1e-12);
        Assert.Equal(MemoryBytes(Fsdp64 with { Recompute = Recompute.Full }), MemoryBytes(Partial(Llama70B.Layers)), 1.0);
        Assert.Equal(Llama70B.HardwareFlopsPerSequence(Recompute.Full), Llama70B.HardwareFlopsPerSequence(Partial(Llama70B.Layers)), 1.0);
        Assert.Equal(Llama70B.ModelFlopsPerSequence, Llama70B.HardwareFlopsPerSequence(Partial(0)));
    }

    [Fact]
    public void Each_recomputed_layer_costs_time_and_saves_memory()
    {
        for (int k = 1; k <= Llama70B.Layers; k++)
            Assert.True(StepModel.LayerSeconds(Llama70B, Partial(k), Gb200, Precision.Fp8, Nvl72) > StepModel.LayerSeconds(Llama70B, Partial(k - 1), Gb200, Precision.Fp8, Nvl72));
        // The first recomputed layer also brings the working set that recomputing needs; each further one only saves.
        double step = MemoryBytes(Partial(1)) - MemoryBytes(Partial(2));
        Assert.True(step > 0);
        Assert.Equal(MemoryBytes(Partial(0)) - step + MemoryModel.LayerWorkingSetBytes(Llama70B, Fsdp64, Nvl72.FlashAttention), MemoryBytes(Partial(1)),
            MemoryBytes(Partial(1)) * 1e-12);
        for (int k = 2; k <= Llama70B.Layers; k++)
            Assert.Equal(step, MemoryBytes(Partial(k - 1)) - MemoryBytes(Partial(k)), step * 1e-9);
    }

    [Fact]
    public void A_pipeline_stage_counts_its_own_layers()
    {
        // 80 layers on 4 stages: 20 per stage, so 10 recomputed layers are half of each stage's.
        var l = Fsdp64 with { Pp = 4, Dp = 16, Recompute = Recompute.Partial, RecomputedLayers = 10 };
        Assert.Equal(0.5, MemoryModel.RecomputedShare(Llama70B, l));
        Assert.True(StepModel.IsValid(Llama70B, l with { RecomputedLayers = 20 }, 16, Nvl72));
        Assert.False(StepModel.IsValid(Llama70B, l with { RecomputedLayers = 21 }, 16, Nvl72));
        Assert.False(StepModel.IsValid(Llama70B, l with { Recompute = Recompute.Full }, 16, Nvl72));
    }

    [Fact]
    public void Outputs_name_the_recomputed_layers()
    {
        Assert.Equal("partial 41", LayoutJson.Short(Partial(41)));
        Assert.Equal("full", LayoutJson.Short(Fsdp64 with { Recompute = Recompute.Full }));
        Assert.Contains("recompute of 41 layers per stage", LayoutJson.Text(Partial(41)));
        Assert.Contains("recompute of 1 layer per stage", LayoutJson.Text(Partial(1)));
    }

    [Fact]
    public void An_open_search_recomputes_only_the_layers_that_do_not_fit()
    {
        // Without context parallelism (searched from 8,192 tokens, it would split the sequence instead of recomputing).
        var space = LayoutSpace.Open with { Tp = 1, Pp = 1, Cp = 1, MicroBatch = 2, Zero = 3 };
        LayoutChoice open = LayoutSearch.Fastest(Llama70B, 64, GlobalBatch, Gb200, Precision.Fp8, Nvl72, space);
        int k = MemoryModel.PartialRecomputedLayers(Llama70B, Fsdp64, MicroBatches, Precision.Fp8, Nvl72, Gb200.MemoryBytes);
        Assert.Equal(Recompute.Partial, open.Layout.Recompute);
        Assert.Equal(k, open.Layout.RecomputedLayers);
        LayoutChoice exhaustive = LayoutSearch.Best(Llama70B, 64, GlobalBatch, Gb200, Precision.Fp8, Nvl72, space);
        Assert.Equal(exhaustive.Layout, open.Layout);
        Assert.Equal(exhaustive.Step.StepTimeSeconds, open.Step.StepTimeSeconds);

        // Asked for, full recomputation recomputes every layer, as the published runs that name it did, and is slower.
        LayoutChoice full = LayoutSearch.Fastest(Llama70B, 64, GlobalBatch, Gb200, Precision.Fp8, Nvl72, space with { Recompute = (int)Recompute.Full });
        Assert.Equal(Recompute.Full, full.Layout.Recompute);
        Assert.True(full.Step.StepTimeSeconds > open.Step.StepTimeSeconds);

        // Asked for, partial recomputation takes the same fewest layers.
        LayoutChoice partial = LayoutSearch.Best(Llama70B, 64, GlobalBatch, Gb200, Precision.Fp8, Nvl72, space with { Recompute = (int)Recompute.Partial });
        Assert.Equal(open.Layout, partial.Layout);
    }
}
