using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>A GPU's routed experts are shared by t·c·d/e replicas, not by the d·c replicas of the rest of its layer: their
/// optimizer states, and under ZeRO 3 their weights, are sharded over those replicas alone (Megatron-Core's expert data-parallel
/// group; FSDP2's expert shard mesh).</summary>
public class ExpertShardingTests
{
    private static TransformerShape Qwen3 => ModernPresets.All.Single(p => p.Name == "qwen3-235b-a22b").Shape;

    private static Layout On64(int ep, int zero) => new() { Tp = 1, Pp = 4, Dp = 16, MicroBatch = 1, Interleave = 1, Ep = ep, Zero = zero };

    /// <summary>Under ZeRO 1 a stage's expert optimizer states are spread over its t·c·d GPUs whatever the expert-parallel degree: a
    /// GPU holds 1/e of the experts and a 1/(t·c·d/e) share of their states. Wider expert parallelism cuts the expert weights and
    /// gradients a GPU holds, not its optimizer states.</summary>
    [Fact]
    public void Expert_optimizer_states_per_gpu_do_not_shrink_with_expert_parallelism()
    {
        var states = new[] { 1, 2, 4, 8, 16 }.Select(e => MemoryModel.StatesPerGpu(Qwen3, On64(e, 1), 1, ParameterStates.Mixed)).ToList();
        Assert.All(states, s => Assert.Equal(states[0].OptimizerBytes, s.OptimizerBytes, states[0].OptimizerBytes * 1e-12));
        for (int i = 1; i < states.Count; i++)
            Assert.True(states[i].WeightsBytes < states[i - 1].WeightsBytes, $"weights at e = {1 << i}");
    }

    /// <summary>With one GPU's experts on no other GPU (e = t·c·d), nothing of theirs can be sharded: ZeRO 3 leaves their weights,
    /// gradients and 12 bytes of Adam state a parameter whole, and only the rest of the layer is split over the 16 replicas.</summary>
    [Fact]
    public void Experts_held_once_are_not_sharded_at_any_zero_stage()
    {
        Layout layout = On64(16, 3);
        Assert.Equal(1.0, MemoryModel.ExpertReplicas(layout));
        double experts = MemoryModel.ExpertParametersPerGpu(Qwen3, layout);
        double rest = MemoryModel.DenseParametersPerGpu(Qwen3, layout);
        MemoryBreakdown m = MemoryModel.StatesPerGpu(Qwen3, layout, 3, ParameterStates.Mixed);
        Assert.Equal(12.0 * experts + 12.0 * rest / 16, m.OptimizerBytes, m.OptimizerBytes * 1e-12);
        Assert.Equal(2.0 * experts + 2.0 * rest / 16, m.WeightsBytes, m.WeightsBytes * 1e-12);
    }

    /// <summary>The optimizer updates the states a GPU holds, so its time follows them: the same whatever the expert-parallel
    /// degree under ZeRO 1, and for a dense model the parameters over the d·c replicas.</summary>
    [Fact]
    public void The_optimizer_updates_the_states_the_gpu_holds()
    {
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        MemoryBreakdown held = MemoryModel.StatesPerGpu(Qwen3, On64(16, 1), 1, ParameterStates.Mixed);
        Assert.Equal(held.OptimizerBytes / 12.0, MemoryModel.OptimizerParametersPerGpu(Qwen3, On64(16, 1)), held.OptimizerBytes * 1e-12);
        ClusterSpec cluster = TestData.Cluster("dgx-h100-ndr400");
        double wide = StepModel.OptimizerSeconds(Qwen3, On64(16, 1), hw, Precision.Bf16, cluster);
        double none = StepModel.OptimizerSeconds(Qwen3, On64(1, 1), hw, Precision.Bf16, cluster);
        Assert.Equal(none, wide, none * 1e-12);
        TransformerShape dense = ModernPresets.All.Single(p => p.Name == "llama3-70b").Shape;
        Layout denseLayout = On64(1, 1) with { Tp = 2, Dp = 8 };
        Assert.Equal(MemoryModel.ParametersPerGpu(dense, denseLayout) / 8, MemoryModel.OptimizerParametersPerGpu(dense, denseLayout), 1e-3);
    }

    /// <summary>BF16 states (<c>bf16_states=on</c>): weights, gradients and both Adam moments at 2 bytes, no fp32 master copy, 8
    /// bytes a parameter against mixed precision's 16; ZeRO 1 shards the 4 bytes of moments, ZeRO 3 all 8. The optimizer moves half
    /// the bytes.</summary>
    [Fact]
    public void Bf16_states_keep_8_bytes_a_parameter_and_halve_the_update()
    {
        const double psi = 1e9;
        Assert.Equal(16e9, MemoryModel.ModelStates(psi, 8, 0, ParameterStates.Mixed).TotalBytes, 1.0);
        Assert.Equal(8e9, MemoryModel.ModelStates(psi, 8, 0, ParameterStates.Bf16).TotalBytes, 1.0);
        Assert.Equal(4e9 + 4e9 / 8, MemoryModel.ModelStates(psi, 8, 1, ParameterStates.Bf16).TotalBytes, 1.0);
        Assert.Equal(8e9 / 8, MemoryModel.ModelStates(psi, 8, 3, ParameterStates.Bf16).TotalBytes, 1.0);
        ClusterSpec mixed = TestData.Cluster("dgx-h100-ndr400"), bf16 = SoftwareSwitches.Apply(mixed, "bf16_states=on", "switches");
        Assert.Equal(ParameterStates.Bf16, MemoryModel.States(Precision.Bf16, bf16));
        Assert.Equal(ParameterStates.Fp32, MemoryModel.States(Precision.Fp32, bf16));
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        double mixedUpdate = StepModel.OptimizerSeconds(Qwen3, On64(8, 1), hw, Precision.Bf16, mixed);
        Assert.Equal(mixedUpdate / 2, StepModel.OptimizerSeconds(Qwen3, On64(8, 1), hw, Precision.Bf16, bf16), 1e-15);
        // fp32 training keeps fp32 states whatever the switch, in the update as in memory.
        Assert.Equal(StepModel.OptimizerSeconds(Qwen3, On64(8, 1), hw, Precision.Fp32, mixed), StepModel.OptimizerSeconds(Qwen3, On64(8, 1), hw, Precision.Fp32, bf16), 1e-15);
    }

    /// <summary>NeMo AutoModel's Nemotron 3 Ultra on 128 H100 (its performance summary at cb9765441: FSDP2, expert parallelism 64,
    /// full activation checkpointing) ran: its experts' states, over two replicas, fit 80 GB at AutoModel's BF16 states and not at
    /// mixed precision's 16 bytes a parameter.</summary>
    [Fact]
    public void AutoModels_ultra_fits_only_with_its_bf16_states()
    {
        PublishedRun ultra = TestData.Sheet("hybrid.tsv").Single(r => r.Name == "automodel-nemotron3-ultra-h100-bf16-128");
        Assert.Contains("bf16_states=on", ultra.Switches);
        Assert.False(double.IsNaN(TestData.Predict([ultra]).Single().Predicted));
        Assert.True(double.IsNaN(TestData.Predict([ultra with { Switches = "dedup_dispatch=on" }]).Single().Predicted));
    }
}
