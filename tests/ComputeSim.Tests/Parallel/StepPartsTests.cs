using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Where a predicted step's seconds go: the parts are the step, split by the same functions that price it.</summary>
public class StepPartsTests
{
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");
    private static readonly ClusterSpec Dgx = TestData.Cluster("dgx-h100-ndr400");

    public static TheoryData<string, Software> Cases => new()
    {
        { "gpt3-175b", Software.Megatron },
        { "gpt3-175b", Software.MegatronCore },
        { "llama3.1-405b", Software.MegatronCore },
        { "llama3-8b", Software.Fsdp },
        { "deepseek-v3", Software.MegatronCore },
        { "gpt-oss-120b", Software.MegatronCoreGraphs },
    };

    // Every valid layout of a grid that crosses uneven and interleaved stages, every recomputation, ZeRO 0 to 3, and CP and EP.
    private static IEnumerable<Layout> Layouts(TransformerShape shape, int gpus, double batch, ClusterSpec cluster) =>
        from tp in new[] { 1, 8 }
        from pp in new[] { 1, 4, 9 }
        from v in new[] { 1, 2 }
        from cp in new[] { 1, 2 }
        from ep in shape.IsMoe ? new[] { 1, 8 } : [1]
        from zero in new[] { 0, 1, 3 }
        from rc in new[] { Recompute.None, Recompute.Selective, Recompute.Full, Recompute.Partial }
        let dp = gpus / (tp * pp * cp)
        let l = new Layout
        {
            Tp = tp, Pp = pp, Dp = dp, Cp = cp, Ep = ep, MicroBatch = 1, Interleave = v, Zero = zero, Recompute = rc,
            RecomputedLayers = rc == Recompute.Partial ? 2 : 0, SequenceParallel = tp > 1 ? 1 : 0,
        }
        where StepModel.IsValid(shape, l, batch / dp, cluster)
        select l;

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_parts_add_up_to_the_step_on_every_layout(string preset, Software software)
    {
        TransformerShape shape = ShapePresets.ShapeOf(preset);
        ClusterSpec cluster = TrainingSoftware.WithSoftware(Dgx, software);
        const int gpus = 576;
        const double batch = 1152;
        var layouts = Layouts(shape, gpus, batch, cluster).ToList();
        Assert.True(layouts.Count >= 20, $"{layouts.Count} layouts");
        foreach (Layout l in layouts)
        {
            double step = StepModel.Evaluate(shape, l, batch, H100, Precision.Bf16, cluster).StepTimeSeconds;
            StepParts parts = StepBreakdown.Of(shape, l, batch, H100, Precision.Bf16, cluster);
            Assert.Equal(step, parts.Total, step * 1e-12);
            Assert.True(parts.GemmSeconds > 0 && parts.ElementwiseSeconds > 0 && parts.LogitsSeconds > 0);
            // Without a fused kernel (Megatron-LM 2021) the attention's products are GEMMs.
            Assert.Equal(cluster.FlashAttention != 0, parts.AttentionSeconds > 0);
            Assert.True(parts.LayerCommunicationSeconds >= 0 && parts.PipelineSendSeconds >= 0 && parts.DataParallelSeconds >= 0 && parts.OptimizerSeconds > 0);
            // The bubble is p − 1 of the pipeline's m·v + p − 1 busy slots.
            double microBatches = batch / (l.MicroBatch * l.Dp);
            double busy = parts.ComputeSeconds + parts.LayerCommunicationSeconds;
            Assert.Equal((l.Pp - 1.0) / (microBatches * l.Interleave), parts.PipelineBubbleSeconds / busy, 1e-12);
        }
    }

    [Fact]
    public void A_layout_without_stages_or_model_parallel_traffic_has_no_bubble_sends_or_layer_communication()
    {
        TransformerShape shape = ShapePresets.ShapeOf("llama3-8b");
        ClusterSpec cluster = TrainingSoftware.WithSoftware(Dgx, Software.Megatron);
        var flat = new Layout { Tp = 1, Pp = 1, Dp = 64, MicroBatch = 1, Interleave = 1, Zero = 1 };
        StepParts p = StepBreakdown.Of(shape, flat, 256, H100, Precision.Bf16, cluster);
        Assert.Equal(0.0, p.PipelineBubbleSeconds);
        Assert.Equal(0.0, p.PipelineSendSeconds);
        Assert.Equal(0.0, p.LayerCommunicationSeconds);
        Assert.True(p.DataParallelSeconds > 0);
        // Megatron-LM 2021 leaves its tensor-parallel all-reduces and pipeline sends exposed; Megatron-Core hides the sends.
        var split = flat with { Tp = 8, Pp = 4, Dp = 2, SequenceParallel = 1 };
        StepParts exposed = StepBreakdown.Of(shape, split, 256, H100, Precision.Bf16, cluster);
        Assert.True(exposed.LayerCommunicationSeconds > 0 && exposed.PipelineSendSeconds > 0 && exposed.PipelineBubbleSeconds > 0);
        Assert.Equal(0.0, StepBreakdown.Of(shape, split, 256, H100, Precision.Bf16, TrainingSoftware.WithSoftware(Dgx, Software.MegatronCore)).PipelineSendSeconds);
    }

    [Fact]
    public void A_production_run_is_the_tuned_step_times_the_slowdown_and_its_parts_still_add_up()
    {
        TransformerShape shape = ShapePresets.ShapeOf("llama3.1-405b");
        ClusterSpec tuned = TrainingSoftware.WithSoftware(Dgx, Software.MegatronCore), production = tuned with { Production = 1 };
        const double batch = 1152;
        foreach (Layout l in Layouts(shape, 576, batch, tuned).Take(12))
        {
            double step = StepModel.Evaluate(shape, l, batch, H100, Precision.Bf16, tuned).StepTimeSeconds;
            double slow = StepModel.Evaluate(shape, l, batch, H100, Precision.Bf16, production).StepTimeSeconds;
            Assert.Equal(L2Calibration.ProductionSlowdown * step, slow, step * 1e-12);
            StepParts parts = StepBreakdown.Of(shape, l, batch, H100, Precision.Bf16, production);
            Assert.Equal(slow, parts.Total, step * 1e-12);
            Assert.Equal(slow - step, parts.ProductionSeconds, step * 1e-12);
            Assert.Equal(0.0, StepBreakdown.Of(shape, l, batch, H100, Precision.Bf16, tuned).ProductionSeconds);
        }
    }

    [Fact]
    public void Synchronisation_grows_with_the_log_of_the_gpus_and_is_a_part_of_the_step()
    {
        Assert.Equal(1.0, StepModel.SynchronisationFactor(1));
        Assert.Equal(1.0 + L2Calibration.SynchronisationSlowdown * Math.Log(1024), StepModel.SynchronisationFactor(1024), 1e-15);
        // Weak scaling: the same replica and micro-batches per rank on 8x the replicas is slower by the factors' ratio, and no less.
        TransformerShape shape = ShapePresets.ShapeOf("llama3.1-405b");
        ClusterSpec cluster = TrainingSoftware.WithSoftware(Dgx, Software.MegatronCore);
        var small = new Layout { Tp = 8, Pp = 8, Dp = 4, MicroBatch = 1, Interleave = 2, Zero = 1, SequenceParallel = 1 };
        Layout large = small with { Dp = 32 };
        double stepSmall = StepModel.Evaluate(shape, small, 4 * 64, H100, Precision.Bf16, cluster).StepTimeSeconds;
        double stepLarge = StepModel.Evaluate(shape, large, 32 * 64, H100, Precision.Bf16, cluster).StepTimeSeconds;
        Assert.True(stepLarge / stepSmall >= StepModel.SynchronisationFactor(large.Gpus) / StepModel.SynchronisationFactor(small.Gpus) - 1e-12,
            $"{stepLarge / stepSmall}");
        StepParts parts = StepBreakdown.Of(shape, large, 32 * 64, H100, Precision.Bf16, cluster);
        Assert.Equal(stepLarge, parts.Total, stepLarge * 1e-12);
        Assert.Equal(stepLarge * (1.0 - 1.0 / StepModel.SynchronisationFactor(large.Gpus)), parts.SynchronisationSeconds, stepLarge * 1e-12);
    }
}
