using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>The attention kernel each software runs, and what overlapped data-parallel traffic costs the compute beside it.</summary>
public class KernelAndOverlapTests
{
    private static readonly ClusterSpec Dgx = TestData.Cluster("dgx-h100-ndr400");
    private static readonly TransformerShape Llama = new() { Layers = 32, Hidden = 4096, Heads = 32, KvHeads = 8, Ffn = 14336, Vocab = 128256, SeqLen = 8192, Mlp = MlpKind.Gated };
    private static readonly Layout OneGpu = new() { Tp = 1, Pp = 1, Dp = 8, MicroBatch = 1, Interleave = 1 };

    private static double Attention(string hardware, Software software) =>
        LayerModel.Evaluate(Llama, OneGpu, TestData.Spec(hardware), Precision.Bf16, TrainingSoftware.WithSoftware(Dgx, software), false).AttentionSeconds;

    [Theory]
    [InlineData("h100-sxm5-80gb")]
    [InlineData("h200-sxm-141gb")]
    [InlineData("b200-sxm-192gb")]
    public void Flash_attention_2_runs_hopper_and_blackwell_at_the_profiles_share_of_the_native_kernel(string hardware)
    {
        double speed = TestData.Spec(hardware).FlashAttention2Speed;
        Assert.InRange(speed, 0.1, 0.99);
        // FSDP (llm-foundry, TorchTitan) ran FlashAttention-2; Megatron-Core and NeMo AutoModel run cuDNN's through Transformer Engine.
        Assert.Equal(Attention(hardware, Software.MegatronCore) / speed, Attention(hardware, Software.Fsdp), 1e-12);
        Assert.Equal(Attention(hardware, Software.MegatronCore), Attention(hardware, Software.FsdpTe), 1e-15);
    }

    [Theory]
    [InlineData("a100-sxm4-80gb")]
    [InlineData("mi300x")]
    [InlineData("v100-sxm2-32gb")]
    public void Where_flash_attention_2_is_the_native_kernel_or_absent_every_software_runs_at_the_same_speed(string hardware) =>
        Assert.Equal(Attention(hardware, Software.MegatronCore), Attention(hardware, Software.Fsdp), 1e-15);

    /// <summary>Shah et al. 2024 (FlashAttention-3), BF16 forward-speed charts on H100 SXM5 at sequence 8K: cuDNN runs heads 64 wide at
    /// 412 TFLOPS and 128 wide at 600, FlashAttention-2 at 322 and 370. The same attention FLOPs in narrower heads take that much longer.</summary>
    [Theory]
    [InlineData(Software.MegatronCore, 600.0 / 412.0)]
    [InlineData(Software.Fsdp, 370.0 / 322.0)]
    public void Heads_64_wide_take_longer_per_flop_than_heads_128_wide_as_the_kernels_measure(Software software, double ratio)
    {
        TransformerShape narrow = Llama with { Heads = 64, HeadDim = 64 };
        Assert.Equal(Llama.AttentionWidth, narrow.AttentionWidth);
        double Seconds(TransformerShape s) =>
            LayerModel.Evaluate(s, OneGpu, TestData.Spec("h100-sxm5-80gb"), Precision.Bf16, TrainingSoftware.WithSoftware(Dgx, software), false).AttentionSeconds;
        Assert.Equal(ratio, Seconds(narrow) / Seconds(Llama), 1e-12);
        // Between the measured widths the speed is linear, and 128 is where the fitted attention share holds as fitted.
        Assert.Equal(1.0, LayerModel.HeadWidthSpeed(128, true));
        Assert.Equal((412.0 / 600.0 + 1.0) / 2.0, LayerModel.HeadWidthSpeed(96, true), 1e-12);
        Assert.Equal((497.0 / 600.0 + 1.0) / 2.0, LayerModel.HeadWidthSpeed(192, true), 1e-12);
    }

    [Fact]
    public void Hidden_data_parallel_traffic_slows_the_step_by_the_overlap_slowdown_of_its_time()
    {
        // FSDP on 64 GPUs: ZeRO-3 gathers the weights every micro-batch, more traffic than the pipeline's time hides.
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        ClusterSpec fsdp = TrainingSoftware.WithSoftware(Dgx, Software.Fsdp);
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 64, MicroBatch = 1, Interleave = 1, Zero = 3 };
        const double batch = 128;
        double Step(double slowdown) => StepModel.Evaluate(Llama, layout, batch, hw, Precision.Bf16, fsdp with { OverlapSlowdown = slowdown }).StepTimeSeconds;
        double microBatches = batch / (layout.MicroBatch * layout.Dp);
        double pipeline = microBatches * StepModel.ChunkSeconds(Llama, layout, hw, Precision.Bf16, fsdp);
        double traffic = StepModel.DataParallelSeconds(Llama, layout, microBatches, hw, fsdp);
        double hidden = Math.Min(traffic, pipeline);
        Assert.True(hidden > 0);
        // Every part of the step waits for the slowest GPU alike (StepModel.SynchronisationFactor).
        Assert.Equal(0.5 * hidden * StepModel.SynchronisationFactor(layout.Gpus), Step(0.5) - Step(0.0), Step(0.0) * 1e-12);
        // Megatron-LM 2021 hides nothing, so nothing slows.
        ClusterSpec megatron = TrainingSoftware.WithSoftware(Dgx, Software.Megatron);
        Layout plain = layout with { Zero = 0 };
        Assert.Equal(StepModel.Evaluate(Llama, plain, batch, hw, Precision.Bf16, megatron with { OverlapSlowdown = 0.0 }).StepTimeSeconds,
            StepModel.Evaluate(Llama, plain, batch, hw, Precision.Bf16, megatron with { OverlapSlowdown = 0.9 }).StepTimeSeconds);
    }

    [Fact]
    public void Hidden_expert_parallel_all_to_alls_slow_the_layer_by_the_overlap_slowdown_of_their_time()
    {
        // Qwen3-30B-A3B's shape on 16 H100 at EP 16: the all-to-alls cross nodes, hidden behind another micro-batch's layer.
        var moe = new TransformerShape
        {
            Layers = 48, Hidden = 2048, Heads = 32, KvHeads = 4, HeadDim = 128, Ffn = 6144, Vocab = 151936, SeqLen = 4096,
            Style = ModelStyle.Llama, Mlp = MlpKind.Gated, Experts = 128, TopK = 8, ExpertFfn = 768,
        };
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 16, Ep = 16, MicroBatch = 1, Interleave = 1 };
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        ClusterSpec core = TrainingSoftware.WithSoftware(Dgx, Software.MegatronCore);
        double Communication(double slowdown) => LayerModel.Evaluate(moe, layout, hw, Precision.Bf16, core with { OverlapSlowdown = slowdown }, true).CommunicationSeconds;
        double hidden = Communication(1.0) - Communication(0.0);
        Assert.True(hidden > 0);
        Assert.Equal(0.25 * hidden, Communication(0.25) - Communication(0.0), hidden * 1e-12);
        // Without the overlap every second of it is exposed, and nothing is hidden to slow anything.
        ClusterSpec plain = core with { TpCommOverlap = 0 };
        Assert.Equal(LayerModel.Evaluate(moe, layout, hw, Precision.Bf16, plain with { OverlapSlowdown = 0.9 }, true).CommunicationSeconds,
            LayerModel.Evaluate(moe, layout, hw, Precision.Bf16, plain with { OverlapSlowdown = 0.0 }, true).CommunicationSeconds);
    }

    [Fact]
    public void Async_tensor_parallelism_hides_the_tensor_parallel_collectives_but_one_ring_step_each_and_keeps_fsdp_otherwise()
    {
        // TorchTitan's Llama 3 8B on 64 GPUs at TP 8 (benchmarks/asyncTP_llama3_h100_2025-06_torchtitan.md): FSDP with and without async TP.
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-96gb-500w");
        var layout = new Layout { Tp = 8, Pp = 1, Dp = 8, MicroBatch = 12, Interleave = 1, Zero = 3, SequenceParallel = 1, Recompute = Recompute.Full };
        LayerTime Layer(Software software, double slowdown) =>
            LayerModel.Evaluate(Llama, layout, hw, Precision.Bf16, TrainingSoftware.WithSoftware(Dgx, software) with { OverlapSlowdown = slowdown }, false);
        LayerTime plain = Layer(Software.Fsdp, 0.0), asyncTp = Layer(Software.FsdpAsyncTp, 0.0);
        // The same GEMMs, attention kernel (FlashAttention-2) and element-wise work; only the collectives differ.
        Assert.Equal(plain.GemmSeconds, asyncTp.GemmSeconds);
        Assert.Equal(plain.AttentionSeconds, asyncTp.AttentionSeconds);
        Assert.Equal(plain.ElementwiseSeconds, asyncTp.ElementwiseSeconds);
        // Exposed: one of each collective's t ring steps (the GEMMs are long enough to hide the rest).
        Assert.Equal(plain.CommunicationSeconds / layout.Tp, asyncTp.CommunicationSeconds, plain.CommunicationSeconds * 1e-12);
        Assert.True(Layer(Software.FsdpAsyncTp, 0.4).CommunicationSeconds > asyncTp.CommunicationSeconds);
        Assert.Equal("fsdp-async-tp", TrainingSoftware.Name(Software.FsdpAsyncTp));
    }
}
