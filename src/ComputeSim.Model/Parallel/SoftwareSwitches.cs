namespace ComputeSim.Model;

/// <summary>The training software's switches one by one, to override a preset's: <c>tp_comm_overlap=off,cuda_graphs=on</c>.</summary>
/// <remarks>
/// A preset (<see cref="TrainingSoftware"/>) sets every switch; a recipe that departs from it in one (NVIDIA's DGX Cloud launch
/// script for Grok-1 turns cuDNN's fused attention off, <c>native_attention=off</c>, say) is that preset with one switch
/// overridden, applied after the preset.
/// </remarks>
public static class SoftwareSwitches
{
    /// <summary>Every switch, as written, with what "on" means and the <see cref="ClusterSpec"/> field it sets.</summary>
    public static readonly (string Name, string On, Func<ClusterSpec, bool, ClusterSpec> Set)[] All =
    [
        ("dp_overlap", "data-parallel reduce-scatters and all-gathers under compute (overlap_grad_reduce, overlap_param_gather, FSDP prefetch)",
            (c, on) => c with { DpOverlap = on ? 1 : 0 }),
        ("tp_comm_overlap", "tensor- and expert-parallel collectives under the GEMMs", (c, on) => c with { TpCommOverlap = on ? 1 : 0 }),
        ("pp_comm_overlap", "pipeline sends and receives under compute (overlap_p2p_comm)", (c, on) => c with { PipelineSendOverlap = on ? 1 : 0 }),
        ("flash_attention", "fused attention: the s x s scores never written to memory", (c, on) => c with { FlashAttention = on ? 1 : 0 }),
        ("native_attention", "the accelerator's own fused-attention kernel (cuDNN through Transformer Engine), not FlashAttention-2",
            (c, on) => c with { NativeAttention = on ? 1 : 0 }),
        ("fused_fp8_activation", "an FP8 MLP's activation writes its own FP8 copy (Transformer Engine's LayerNormMLP)",
            (c, on) => c with { FusedFp8Activation = on ? 1 : 0 }),
        ("cuda_graphs", "the whole iteration captured in CUDA graphs (lowers the per-kernel cost of expert layers)", (c, on) => c with { CudaGraphs = on ? 1 : 0 }),
        ("gemm_per_expert", "one GEMM kernel per local expert (Transformer Engine's GroupedLinear), not one grouped kernel",
            (c, on) => c with { GemmPerExpert = on ? 1 : 0 }),
        ("fp32_grad_reduce", "gradients reduced in fp32, not bf16", (c, on) => c with { GradientReduceBytes = on ? 4.0 : 2.0 }),
        ("fp8_attention", "the attention core in FP8 with an 8- or 4-bit recipe (Transformer Engine's fp8_dot_product_attention)",
            (c, on) => c with { Fp8Attention = on ? 1 : 0 }),
        ("dedup_dispatch", "expert dispatch sends a token over the network once per node that holds its experts, then forwards it inside the node (DeepEP, HybridEP: Megatron-Core's flex dispatcher)",
            (c, on) => c with { DedupDispatch = on ? 1 : 0 }),
        ("bf16_states", "weights, gradients and Adam's moments kept in BF16 with no fp32 master copy: 8 bytes a parameter, not mixed precision's 16 (NeMo AutoModel)",
            (c, on) => c with { Bf16States = on ? 1 : 0 }),
        ("production", FormattableString.Invariant($"a production run as papers report their own (data loading, evaluation and logging in the step, stragglers on a shared cluster): the step {L2Calibration.ProductionSlowdown:0.##} times the tuned benchmark's"),
            (c, on) => c with { Production = on ? 1 : 0 }),
    ];

    /// <summary><paramref name="cluster"/> with the switches of <paramref name="text"/> (comma-separated <c>name=on|off</c>) set;
    /// empty or null text changes nothing. <see cref="InputException"/> on <paramref name="field"/> for an unknown switch or value.</summary>
    public static ClusterSpec Apply(in ClusterSpec cluster, string? text, string field)
    {
        ClusterSpec c = cluster;
        foreach (var (name, on) in Parse(text, field))
            c = All.First(s => s.Name == name).Set(c, on);
        return c;
    }

    /// <summary>The switches of <paramref name="text"/> in order, each name checked and each value on or off.</summary>
    public static IReadOnlyList<(string Name, bool On)> Parse(string? text, string field)
    {
        var switches = new List<(string, bool)>();
        if (string.IsNullOrWhiteSpace(text))
            return switches;
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = item.Split('=', StringSplitOptions.TrimEntries);
            string name = kv[0].ToLowerInvariant();
            if (!All.Any(s => s.Name == name))
                throw new InputException(field, $"'{kv[0]}' is not a switch; the switches are {string.Join(", ", All.Select(s => s.Name))}");
            if (kv.Length != 2 || kv[1].ToLowerInvariant() is not ("on" or "off"))
                throw new InputException(field, $"'{item}': give {name}=on or {name}=off");
            if (switches.Any(s => s.Item1 == name))
                throw new InputException(field, $"{name} is given twice");
            switches.Add((name, kv[1].Equals("on", StringComparison.OrdinalIgnoreCase)));
        }
        return switches;
    }
}
