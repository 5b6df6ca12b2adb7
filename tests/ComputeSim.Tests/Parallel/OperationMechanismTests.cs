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
    public void Layers_that_divide_the_stages_split_evenly_with_the_logits_on_the_last()
    {
        // 36 layers on 4 stages (Megatron-Bridge's GPT-OSS 120B on H100): 9 each, and the last also runs the logits (2.6 layers'
        // worth with a 201K vocabulary over a 2,880 hidden size). Moving a layer off it (10, 10, 10, 6) would be faster, but
        // Megatron-Core does that only when the recipe asks, and this one does not.
        var shape = new TransformerShape { Layers = 36 };
        var layout = new Layout { Tp = 1, Pp = 4, Dp = 1, MicroBatch = 1, Interleave = 1 };
        Assert.Equal(9.0 + 2.6, StepModel.ChunkSeconds(shape, layout, 1.0, 2.6), 12);
        // 37 layers must be placed unevenly, and the recipe picks the faster placement: 10, 10, 10 and 7 beside the logits.
        Assert.Equal(10.0, StepModel.ChunkSeconds(shape with { Layers = 37 }, layout, 1.0, 2.6), 12);
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

    [Fact]
    public void Fp8_recipes_leave_the_output_layer_in_bf16()
    {
        // Transformer Engine covers the layers' linear modules only: the logit GEMMs cost the same in an FP8 run as in BF16.
        TransformerShape shape = ShapePresets.ShapeOf("llama3-8b");
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1 };
        double bf16 = StepModel.LogitSeconds(shape, layout, H100, Precision.Bf16, Core);
        Assert.Equal(bf16, StepModel.LogitSeconds(shape, layout, H100, Precision.Fp8, Core), bf16 * 1e-12);
    }

    [Fact]
    public void The_loss_reads_every_logit_at_hbm_bandwidth()
    {
        TransformerShape shape = ShapePresets.ShapeOf("llama3-8b");
        var layout = new Layout { Tp = 2, Pp = 1, Dp = 4, MicroBatch = 2, Interleave = 1, SequenceParallel = 1 };
        double tokens = 2.0 * shape.SeqLen, logits = shape.Vocab / 2.0;
        double gemms = 3.0 * GemmModel.Seconds(tokens, logits, shape.Hidden, 1, H100, GemmModel.SustainedPeak(H100, Precision.Bf16, Core), 2.0,
            Core.GemmDepthOverhead);
        double loss = StepModel.LogitSeconds(shape, layout, H100, Precision.Bf16, Core) - gemms;
        Assert.Equal(StepModel.LossBytesPerLogit * tokens * logits / H100.MemoryBandwidthBytesPerSecond, loss, loss * 1e-9);
    }

    [Fact]
    public void A_dense_layers_kernels_cost_the_dense_kernel_cost_and_an_eager_expert_layers_the_host_bound_one()
    {
        // Llama 3 8B's layer and Qwen3-30B-A3B's expert layer on 8 H100: 16 kernels a pass in each, and in the expert layer its own
        // 10 and two GEMMs more for each of its 16 local experts but the first; each kernel costs its layer's rate, whatever the other is.
        TransformerShape dense = ShapePresets.ShapeOf("llama3-8b"), moe = ShapePresets.ShapeOf("qwen3-30b-a3b");
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1, Ep = 8 };
        double Elementwise(in TransformerShape s, in ClusterSpec c, bool expert) => LayerModel.Evaluate(s, layout, H100, Precision.Bf16, c, expert).ElementwiseSeconds;
        ClusterSpec moreDense = Core with { DenseKernelSeconds = Core.DenseKernelSeconds + 1e-6 };
        ClusterSpec moreEager = Core with { KernelOverheadSeconds = Core.KernelOverheadSeconds + 1e-6 };
        Assert.Equal(3 * LayerModel.KernelsPerLayerPass * 1e-6, Elementwise(dense, moreDense, false) - Elementwise(dense, Core, false), 1e-12);
        Assert.Equal(Elementwise(dense, Core, false), Elementwise(dense, moreEager, false));
        Assert.Equal(Elementwise(moe, Core, true), Elementwise(moe, moreDense, true));
        double kernels = LayerModel.KernelsPerLayerPass + LayerModel.MoeKernels(moe, layout, Core);
        Assert.Equal(3 * kernels * 1e-6, Elementwise(moe, moreEager, true) - Elementwise(moe, Core, true), 1e-12);
    }

    [Fact]
    public void A_squared_relu_moves_the_mlp_activation_once_more_per_pass_in_one_more_kernel()
    {
        // Nemotron-4 15B's shape on one GPU: Megatron-Core runs ReLU and the square as two kernels where GeLU runs fused.
        var plain = new TransformerShape
        {
            Layers = 32, Hidden = 6144, Heads = 48, KvHeads = 8, Ffn = 24576, Vocab = 256000, SeqLen = 4096, Mlp = MlpKind.Plain,
        };
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1 };
        double Elementwise(in TransformerShape s) => LayerModel.Evaluate(s, layout, H100, Precision.Bf16, Core, false).ElementwiseSeconds;
        double extra = Elementwise(plain with { Mlp = MlpKind.SquaredRelu }) - Elementwise(plain);
        double roundTrip = 2.0 * 2.0 * 4096 * 24576 / H100.MemoryBandwidthBytesPerSecond;
        Assert.Equal(3.0 * (roundTrip + Core.DenseKernelSeconds), extra, extra * 1e-9);
        // The GEMMs are those of any two-matrix MLP.
        Assert.Equal(plain.Parameters, (plain with { Mlp = MlpKind.SquaredRelu }).Parameters);
    }

    [Fact]
    public void Fp8_casts_follow_the_gemm_inputs_not_the_stored_activations()
    {
        // Same widths, one more up projection: a gated MLP casts the gradient of its 2f-wide first GEMM output, a plain one of an
        // f-wide one, so FP8 costs it 4 bytes more per element of f (read 2, write the FP8 copy and its transpose).
        var plain = new TransformerShape { Layers = 32, Hidden = 4096, Heads = 32, KvHeads = 8, Ffn = 14336, Vocab = 128256, SeqLen = 8192 };
        TransformerShape gated = plain with { Mlp = MlpKind.Gated };
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1 };
        double Fp8Extra(in TransformerShape s, in ClusterSpec c) =>
            LayerModel.Evaluate(s, layout, H100, Precision.Fp8, c, false).ElementwiseSeconds - LayerModel.Evaluate(s, layout, H100, Precision.Bf16, c, false).ElementwiseSeconds;
        ClusterSpec separate = Core with { FusedFp8Activation = 0 };
        double difference = Fp8Extra(gated, separate) - Fp8Extra(plain, separate);
        Assert.Equal(4.0 * 8192 * 14336 / H100.MemoryBandwidthBytesPerSecond, difference, difference * 1e-9);
        // Counted bytes, not a share of the fitted element-wise traffic.
        Assert.Equal(Fp8Extra(gated, Core), Fp8Extra(gated, Core with { ElementwiseTraffic = 2 * Core.ElementwiseTraffic }), 1e-12);
        // Where the activation writes its own FP8 copies (Transformer Engine's LayerNormMLP), the MLP's width adds no cast at all.
        Assert.Equal(1, Core.FusedFp8Activation);
        Assert.Equal(0.0, Fp8Extra(gated, Core) - Fp8Extra(plain, Core), 1e-15);
        Assert.True(Fp8Extra(gated, separate) > Fp8Extra(gated, Core));
    }

    [Fact]
    public void Overlapped_tensor_parallel_collectives_leave_one_ring_step_exposed()
    {
        // Llama 3 70B at t = 4 with its GEMMs far longer than its collectives: one of the 4 ring steps of each all-reduce shows,
        // and the other three slow the GEMMs beside them by the overlap slowdown of their time.
        TransformerShape shape = ShapePresets.ShapeOf("llama3-70b");
        var layout = new Layout { Tp = 4, Pp = 1, Dp = 2, MicroBatch = 1, Interleave = 1, SequenceParallel = 1 };
        double tokens = shape.SeqLen;
        double allReduces = 4.0 * Collectives.AllReduceSeconds(2.0 * tokens * shape.Hidden, 4, H100.ScaleUpBusBytesPerSecond, Core.ScaleUpLatencySeconds);
        double expected = allReduces / 4.0 + Core.OverlapSlowdown * allReduces * 3.0 / 4.0;
        double exposed = LayerModel.TensorParallelSeconds(shape, layout, tokens, H100, Core, 1e3 * allReduces);
        Assert.Equal(expected, exposed, exposed * 1e-12);
        Assert.Equal(allReduces / 4.0, LayerModel.TensorParallelSeconds(shape, layout, tokens, H100, Core with { OverlapSlowdown = 0 }, 1e3 * allReduces), exposed * 1e-12);
        Assert.Equal(expected, LayerModel.Evaluate(shape, layout, H100, Precision.Bf16, Core, false).CommunicationSeconds, exposed * 1e-9);
        // Without the overlap the whole of it.
        Assert.Equal(allReduces, LayerModel.TensorParallelSeconds(shape, layout, tokens, H100, Core with { TpCommOverlap = 0 }, 1e3 * allReduces), exposed * 1e-12);
    }
}
