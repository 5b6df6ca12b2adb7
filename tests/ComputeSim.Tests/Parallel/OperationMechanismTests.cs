using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>The mechanisms behind the L2 model's fit to the public set: each a property that the earlier model broke.</summary>
public class OperationMechanismTests
{
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");
    private static readonly ClusterSpec Core = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);

    [Theory]
    [InlineData(128, 256)]
    [InlineData(64, 64)]
    public void A_batch_of_one_tile_gemms_fills_one_wave_not_one_wave_each(double m, double n)
    {
        // 132 single-tile GEMMs on 132 SMs run side by side (batched attention products, grouped experts); HBM is
        // made fast enough that only the compute counts.
        AcceleratorSpec hw = H100 with { MemoryBandwidthBytesPerSecond = 1e18 };
        double peak = GemmModel.SustainedPeak(hw, Precision.Bf16, Core);
        double one = GemmModel.Seconds(m, n, 4096, 1, hw, peak, 2.0, 0.0);
        double batch = GemmModel.Seconds(m, n, 4096, hw.ComputeUnits, hw, peak, 2.0, 0.0);
        Assert.Equal(one, batch, one * 1e-12);
        // One more member starts a second wave.
        double over = GemmModel.Seconds(m, n, 4096, hw.ComputeUnits + 1, hw, peak, 2.0, 0.0);
        Assert.Equal(2.0 * one, over, one * 1e-12);
    }

    [Fact]
    public void One_layer_chunks_leave_the_logits_on_the_last_stage()
    {
        // 40 layers on 4 stages × 10 chunks (NeMo's Nemotron-22B layout): no stage can give a layer away.
        var shape = new TransformerShape { Layers = 40 };
        var layout = new Layout { Tp = 1, Pp = 4, Dp = 1, MicroBatch = 1, Interleave = 10 };
        Assert.Equal((10.0 + 2.0) / 10.0, StepModel.ChunkSeconds(shape, layout, 1.0, 2.0), 12);
    }

    [Fact]
    public void Uneven_stages_put_the_spare_chunks_beside_the_logits()
    {
        // 126 layers on 16 stages × 8 chunks (Llama 3 405B): the last stage holds 6 layers and the loss, the others 8.
        var shape = new TransformerShape { Layers = 126 };
        var layout = new Layout { Tp = 1, Pp = 16, Dp = 1, MicroBatch = 1, Interleave = 8 };
        Assert.Equal(8.0 / 8.0, StepModel.ChunkSeconds(shape, layout, 1.0, 1.5), 12);
        // Logits worth more than the two spare layers make the last stage the slowest.
        Assert.Equal((6.0 + 3.0) / 8.0, StepModel.ChunkSeconds(shape, layout, 1.0, 3.0), 12);
    }

    [Fact]
    public void Each_tensor_parallel_rank_routes_its_own_share_of_the_tokens()
    {
        // Expert tensor parallelism 1 with sequence parallelism: doubling t halves what each GPU dispatches and computes.
        TransformerShape shape = ShapePresets.ShapeOf("qwen3-235b-a22b");
        var one = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1, Ep = 8, SequenceParallel = 0 };
        var two = one with { Tp = 2, Dp = 4, SequenceParallel = 1 };
        Assert.Equal(LayerModel.RoutedTokens(one, 4096) / 2, LayerModel.RoutedTokens(two, 4096));
        // Exposed and latency-free, the all-to-all is its bytes alone.
        var noOverlap = Core with { TpCommOverlap = 0, ScaleUpLatencySeconds = 0, ScaleOutLatencySeconds = 0 };
        double Dispatch(in Layout l) => LayerModel.Evaluate(shape, l, H100, Precision.Bf16, noOverlap, true).CommunicationSeconds
            - LayerModel.Evaluate(shape, l, H100, Precision.Bf16, noOverlap, false).CommunicationSeconds;
        Assert.Equal(Dispatch(one) / 2, Dispatch(two), Dispatch(one) * 1e-9);
    }

    [Fact]
    public void Megatron_core_issues_one_gemm_per_local_expert_and_torch_grouped_mm_one_per_projection()
    {
        TransformerShape shape = ShapePresets.ShapeOf("qwen3-30b-a3b");
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1, Ep = 8 };
        Assert.Equal(0, TrainingSoftware.WithSoftware(Core, Software.Fsdp).GemmPerExpert);
        double core = LayerModel.Evaluate(shape, layout, H100, Precision.Bf16, Core, true).ElementwiseSeconds;
        double grouped = LayerModel.Evaluate(shape, layout, H100, Precision.Bf16, Core with { GemmPerExpert = 0 }, true).ElementwiseSeconds;
        // 16 local experts: 15 more GEMMs for each of the two projections, in each of the three passes.
        Assert.Equal(3 * 2 * 15 * Core.KernelOverheadSeconds, core - grouped, 1e-12);
    }
}
