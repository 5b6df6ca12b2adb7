namespace ComputeSim.Model;

/// <summary>Hybrid models: Mamba-2 mixer layers among the attention and MLP layers (Nemotron-H, Nemotron 3).</summary>
/// <remarks>
/// <para>A hybrid model is a stack of single-purpose layers (Megatron-Core's <c>MambaStack</c>, Hugging Face's
/// <c>hybrid_override_pattern</c>): Mamba-2 mixers (M), attention (*), dense MLPs (-) and mixtures of experts (E), each with its own
/// pre-norm and residual. <see cref="Layers"/> then counts all of them, as the pattern does and as pipeline stages split them;
/// <see cref="MambaLayers"/> and <see cref="AttentionLayers"/> say how many are mixers of each kind, and the rest are MLP or expert
/// layers. A transformer layer is an attention and an MLP in one (<see cref="MambaLayers"/> 0). The model prices the average layer
/// of a stage, so only the counts matter, not the order.</para>
/// <para>A Mamba-2 mixer (Dao and Gu 2024, arXiv:2405.21060, §7; Megatron-Core <c>MambaMixer</c>) projects h to the gate z and the
/// input x (each d = heads × head width), to B and C (groups × state each) and to one step size per head; runs a causal depthwise
/// convolution over x, B and C; the chunked state-space scan (SSD); a gated RMSNorm; and projects d back to h.</para>
/// </remarks>
public readonly partial struct TransformerShape
{
    /// <summary>Width of the causal convolution's kernel (4 in every released Mamba-2 model).</summary>
    public const int MambaConvWidth = 4;

    /// <summary>True for a hybrid model with Mamba-2 mixers.</summary>
    public bool IsHybrid => MambaLayers > 0;

    /// <summary>Layers with attention: every layer of a transformer, <see cref="AttentionLayers"/> of a hybrid.</summary>
    public double AttentionBlocks => IsHybrid ? AttentionLayers : Layers;

    /// <summary>Layers with an MLP or experts: every layer of a transformer, those neither Mamba nor attention in a hybrid.</summary>
    public double MlpBlocks => IsHybrid ? Layers - MambaLayers - AttentionLayers : Layers;

    /// <summary>Share of the layers with attention (1 in a transformer).</summary>
    public double AttentionShare => IsHybrid ? AttentionBlocks / Layers : 1.0;

    /// <summary>Share of the layers with an MLP or experts (1 in a transformer).</summary>
    public double MlpShare => IsHybrid ? MlpBlocks / Layers : 1.0;

    /// <summary>Share of the layers that are Mamba-2 mixers (0 in a transformer).</summary>
    public double MambaShare => IsHybrid ? (double)MambaLayers / Layers : 0.0;

    /// <summary>Blocks (a mixer or an MLP, each behind its own norm, ending in its own tensor-parallel reduction) in the average
    /// layer: 2 in a transformer, 1 in a hybrid.</summary>
    public double BlocksPerLayer => IsHybrid ? 1.0 : 2.0;

    /// <summary>The mixer's inner width d: heads × head width (Nemotron-H: twice the hidden size).</summary>
    public double MambaWidth => (double)MambaHeads * MambaHeadDim;

    /// <summary>Width of B and C together: two per group, each of the state size.</summary>
    public double MambaStateWidth => 2.0 * MambaGroups * MambaStateDim;

    /// <summary>Output width of the input projection on one GPU of a <paramref name="tp"/>-way group: z and x, B and C, one step size
    /// per head, all split by t (Megatron-Core splits heads and groups).</summary>
    public double MambaInputWidthPerGpu(int tp) => (2.0 * MambaWidth + MambaStateWidth + MambaHeads) / tp;

    /// <summary>Parameters of one Mamba-2 mixer layer: input projection, convolution (weights and bias over x, B and C), the per-head
    /// step bias, decay and skip, the gated norm, the output projection, and the layer's norm.</summary>
    public double MambaParameters =>
        H * (2.0 * MambaWidth + MambaStateWidth + MambaHeads) + (MambaWidth + MambaStateWidth) * (MambaConvWidth + 1.0)
        + 3.0 * MambaHeads + MambaWidth + MambaWidth * H + H;

    /// <summary>Forward FLOPs of one Mamba-2 mixer's projections for one sequence.</summary>
    public double MambaProjectionFlops => 2.0 * SeqLen * H * (3.0 * MambaWidth + MambaStateWidth + MambaHeads);

    /// <summary>Forward FLOPs of one mixer's scan for one sequence, counted as Megatron-LM counts them (<c>mamba_layer_flops</c>:
    /// 7·d·N a token).</summary>
    public double MambaScanFlops => 7.0 * SeqLen * MambaWidth * MambaStateDim;

    /// <summary>What makes the hybrid fields (and a latent expert width) inconsistent, or null: <paramref name="name"/> gives each
    /// field's name as the reader calls it (a column, a flag, a config field), so the message names what the user wrote.</summary>
    public string? HybridProblem(Func<string, string> name)
    {
        if (MoeLatentDim < 0 || (MoeLatentDim > 0 && !IsMoe))
            return $"{name("moe_latent")} {MoeLatentDim}: a latent width for experts, at least 1, and only with experts";
        if (!IsHybrid)
        {
            if (MambaLayers < 0)
                return $"{name("mamba_layers")} is {MambaLayers}, below 0";
            return AttentionLayers != 0 || MambaHeads != 0 || MambaHeadDim != 0 || MambaStateDim != 0 || MambaGroups != 0
                ? $"{name("attention_layers")} and the Mamba sizes describe a hybrid model; give {name("mamba_layers")} too"
                : null;
        }
        if (MambaHeads < 1 || MambaHeadDim < 1 || MambaStateDim < 1 || MambaGroups < 1)
            return $"a hybrid model needs {name("mamba_heads")}, {name("mamba_head_dim")}, {name("mamba_state")} and {name("mamba_groups")}";
        if (MambaHeads % MambaGroups != 0)
            return $"{name("mamba_groups")} {MambaGroups} must divide {name("mamba_heads")} {MambaHeads}";
        if (AttentionLayers < 0 || MambaLayers + AttentionLayers > Layers)
            return $"{name("mamba_layers")} {MambaLayers} and {name("attention_layers")} {AttentionLayers} must together be at most the {Layers} layers";
        if (IsMoe && DenseLayers >= MlpBlocks)
            return $"an MoE hybrid needs expert layers: {Layers} layers less {MambaLayers} Mamba and {AttentionLayers} attention leave {MlpBlocks} MLP layers, "
                + $"{DenseLayers} of them dense";
        if (SlidingLayers > AttentionLayers)
            return $"{SlidingLayers} sliding-window layers, more than the {AttentionLayers} attention layers";
        return MtpLayers > 0 && (AttentionLayers < 1 || MlpBlocks < 1)
            ? $"{name("mtp_layers")} {MtpLayers}: a hybrid's prediction module is an attention and an MLP layer; the model has no {(AttentionLayers < 1 ? "attention" : "MLP")} layers"
            : null;
    }

    /// <summary>Average layers' worth of work a multi-token-prediction module runs beside its projection and head: one transformer
    /// layer, or a hybrid's attention layer and MLP or expert layer (Nemotron 3 Super's <c>*E</c>), taken as two average layers.</summary>
    public double MtpLayerSpan => IsHybrid ? 2.0 : 1.0;

    /// <summary>Forward FLOPs of the layers of one multi-token-prediction module for one sequence: an average transformer layer, or a
    /// hybrid's attention layer and MLP or expert layer.</summary>
    public double MtpLayerForwardFlops => IsHybrid
        ? (LayerProjectionFlops + LayerAttentionCoreFlops) / AttentionShare + LayerMlpFlops / MlpShare
        : LayerForwardFlops;

    /// <summary>Parameters of the layers of a hybrid model, kind by kind: each attention, MLP, expert and Mamba layer has one norm.</summary>
    private double HybridLayerParameters => HybridDenseParameters + MoeLayers * RoutedExpertParameters;

    // A hybrid's layer parameters outside the routed experts (what tensor parallelism splits).
    private double HybridDenseParameters =>
        AttentionBlocks * AttentionParameters + DenseMlpLayers * (MlpParameters(Ffn) + H)
        + MoeLayers * (SharedExperts * MlpParameters(ExpertFfn) + H * Experts + LatentProjectionParameters + H) + MambaLayers * MambaParameters;

    /// <summary>Parameters of one average layer outside its routed experts (what tensor parallelism splits).</summary>
    public double AverageLayerDenseParameters
    {
        get
        {
            if (!IsHybrid)
            {
                double moeShare = MoeLayers / Layers;
                return (1.0 - moeShare) * LayerParameters + moeShare * MoeLayerDenseParameters;
            }
            return HybridDenseParameters / Layers;
        }
    }
}
