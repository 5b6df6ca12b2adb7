namespace ComputeSim.Model;

/// <summary>Architecture family: decides biases, norms, position embeddings and embedding tying.</summary>
public enum ModelStyle
{
    /// <summary>GPT-2/3, Megatron: biases, 2 LayerNorms per layer, learned positions, tied embeddings.</summary>
    Gpt = 0,
    /// <summary>Llama: no biases, RMSNorm, RoPE, untied embeddings.</summary>
    Llama = 1,
}

/// <summary>How many weight matrices an MLP (or one expert) has.</summary>
public enum MlpKind
{
    /// <summary>Two matrices, h→f→h (GeLU, ReLU).</summary>
    Plain = 0,
    /// <summary>Three matrices: gate and up h→f, down f→h (SwiGLU, GeGLU).</summary>
    Gated = 1,
    /// <summary>Two matrices with a squared ReLU between them (Nemotron): priced as <see cref="Plain"/>, but Megatron-Core runs the
    /// activation as two kernels (ReLU, then the square) where GeLU and SwiGLU run fused.</summary>
    SquaredRelu = 2,
}

/// <summary>The names an MLP kind goes by in run files, flags and output.</summary>
public static class MlpNames
{
    /// <summary>The name output gives a kind: gelu, swiglu or relu2.</summary>
    public static string Name(MlpKind kind) => kind switch { MlpKind.Gated => "swiglu", MlpKind.SquaredRelu => "relu2", _ => "gelu" };

    /// <summary>Reads gelu or relu (2 matrices), swiglu or geglu (3), relu2 (2, squared ReLU); false for anything else.</summary>
    public static bool TryParse(string name, out MlpKind kind)
    {
        (bool known, kind) = name switch
        {
            "gelu" or "relu" => (true, MlpKind.Plain),
            "swiglu" or "geglu" => (true, MlpKind.Gated),
            "relu2" => (true, MlpKind.SquaredRelu),
            _ => (false, MlpKind.Plain),
        };
        return known;
    }
}

/// <summary>The shape of a decoder-only transformer, dense or mixture-of-experts.</summary>
/// <remarks>
/// Parameter counts: Narayanan et al. 2021 (arXiv:2104.04473) Eq. 2 for GPT-style models;
/// Megatron-LM <c>theoretical_memory_usage.py</c> / Llama 2 code for Llama-style models.
/// FLOPs: Korthikanti et al. 2022 (arXiv:2205.05198) Appendix A Eq. 7 (model) and Eq. 8
/// (selective recompute); Narayanan Eq. 3 (full recompute); Megatron-LM
/// <c>num_floating_point_operations</c> for GQA, gated MLPs and MoE (only the routed top-k and
/// shared experts count). Model FLOPs count the full s×s attention square (PaLM Appendix B).
/// </remarks>
public readonly partial struct TransformerShape
{
    /// <summary>Transformer layers (L).</summary>
    public int Layers { get; init; }
    /// <summary>Hidden size (h).</summary>
    public int Hidden { get; init; }
    /// <summary>Attention (query) heads (a).</summary>
    public int Heads { get; init; }
    /// <summary>Key/value heads (g); equal to <see cref="Heads"/> without grouped-query attention.</summary>
    public int KvHeads { get; init; }
    /// <summary>Sequence length (s).</summary>
    public int SeqLen { get; init; }
    /// <summary>Vocabulary (V), padded as trained.</summary>
    public int Vocab { get; init; }
    /// <summary>Dense MLP intermediate size (f); in an MoE model, that of its leading dense layers.</summary>
    public int Ffn { get; init; }
    /// <summary>Architecture family.</summary>
    public ModelStyle Style { get; init; }
    /// <summary>Matrices per MLP and per expert.</summary>
    public MlpKind Mlp { get; init; }
    /// <summary>Routed experts per MoE layer; 0 for a dense model.</summary>
    public int Experts { get; init; }
    /// <summary>Routed experts each token visits (top-k).</summary>
    public int TopK { get; init; }
    /// <summary>Intermediate size of one expert.</summary>
    public int ExpertFfn { get; init; }
    /// <summary>Shared experts every token visits, each of <see cref="ExpertFfn"/>.</summary>
    public int SharedExperts { get; init; }
    /// <summary>Width of one attention head; 0 means <see cref="Hidden"/> / <see cref="Heads"/> (Qwen3 uses 128 for any hidden size).</summary>
    public int HeadDim { get; init; }
    /// <summary>Leading layers with a dense MLP of <see cref="Ffn"/> in an MoE model (DeepSeek-V3: 3).</summary>
    public int DenseLayers { get; init; }
    /// <summary>Rank of multi-head latent attention's key/value compression (DeepSeek-V2/V3, Kimi K2: 512); 0 for ordinary attention.
    /// With it, <see cref="HeadDim"/> is a query/key head's width (its non-rotary and rotary parts) and <see cref="VHeadDim"/> a value
    /// head's.</summary>
    public int KvLoraRank { get; init; }
    /// <summary>Rank of multi-head latent attention's query compression (DeepSeek-V3: 1536); 0 projects queries directly.</summary>
    public int QLoraRank { get; init; }
    /// <summary>Width of the rotary part of a latent-attention query/key head, whose key is shared by all heads (DeepSeek-V3: 64).</summary>
    public int RopeHeadDim { get; init; }
    /// <summary>Width of a value head under latent attention (DeepSeek-V3: 128); 0 means <see cref="HeadWidth"/>.</summary>
    public int VHeadDim { get; init; }
    /// <summary>Multi-token-prediction modules after the last layer (DeepSeek-V3: 1), each a projection of 2h to h, one more layer and
    /// the shared output head; training runs them, so they count in FLOPs and step time but not in <see cref="Parameters"/>, which
    /// counts the main model as publishers do (DeepSeek-V3: 671B, plus 14B of prediction module).</summary>
    public int MtpLayers { get; init; }
    /// <summary>Keys a query of a sliding-window layer attends: itself and the <c>W − 1</c> tokens before it (GPT-OSS: 128, Mistral
    /// 7B: 4096); 0 for none. A window at least as long as the sequence is full attention.</summary>
    public int SlidingWindow { get; init; }
    /// <summary>Layers whose attention is the sliding window (GPT-OSS: 18 of 36, alternating with full attention); the rest attend
    /// the whole sequence. Which layers they are does not change the cost, so only their number is kept.</summary>
    public int SlidingLayers { get; init; }
    /// <summary>1 where a Llama-style model's output head reuses the word embedding (<c>tie_word_embeddings</c>: Llama 3.2 1B and 3B,
    /// Qwen3 up to 4B), so its matrix counts once in <see cref="Parameters"/> and in the training state; the head's FLOPs are the
    /// same. GPT-style shapes always tie.</summary>
    public int TiedEmbeddings { get; init; }
    /// <summary>Width the routed experts work at in a latent mixture of experts (Nemotron 3 Super's LatentMoE: 1,024): each token is
    /// projected from h down to it before dispatch and back after combine, so the experts' matrices, the token copies and the
    /// all-to-alls are that wide; 0: experts work at the hidden size. Shared experts work at the hidden size either way.</summary>
    public int MoeLatentDim { get; init; }
    /// <summary>Mamba-2 mixer layers among <see cref="Layers"/> in a hybrid model (Nemotron-H 56B: 54 of 118); 0 for a transformer.</summary>
    public int MambaLayers { get; init; }
    /// <summary>Attention layers among <see cref="Layers"/> in a hybrid model (Nemotron-H 56B: 10); read only when
    /// <see cref="MambaLayers"/> is above 0 (a transformer layer always has attention).</summary>
    public int AttentionLayers { get; init; }
    /// <summary>Heads of a Mamba-2 mixer (Nemotron-H 56B: 256).</summary>
    public int MambaHeads { get; init; }
    /// <summary>Width of one Mamba-2 head (64 in every released Mamba-2 and Nemotron-H model).</summary>
    public int MambaHeadDim { get; init; }
    /// <summary>State size N of the scan (Nemotron-H: 256; Nemotron 3 Nano: 128).</summary>
    public int MambaStateDim { get; init; }
    /// <summary>Groups sharing one B and C (Nemotron-H: 8); tensor parallelism splits them.</summary>
    public int MambaGroups { get; init; }


    private double H => Hidden;
    private double KvRatio => (double)KvHeads / Heads;
    /// <summary>Query width a·d_h: the hidden size unless the heads are set wider or narrower.</summary>
    public double AttentionWidth => HeadDim > 0 ? (double)Heads * HeadDim : Hidden;
    /// <summary>Width of one attention head, d_h.</summary>
    public double HeadWidth => AttentionWidth / Heads;

    /// <summary>True for multi-head latent attention (<see cref="KvLoraRank"/> &gt; 0).</summary>
    public bool IsLatentAttention => KvLoraRank > 0;

    /// <summary>Width of one value head: <see cref="VHeadDim"/> under latent attention, else <see cref="HeadWidth"/>.</summary>
    public double ValueHeadWidth => IsLatentAttention && VHeadDim > 0 ? VHeadDim : HeadWidth;

    /// <summary>Width of the attention output a·d_v, the output projection's input (<see cref="AttentionWidth"/> but under latent attention).</summary>
    public double ValueWidth => Heads * ValueHeadWidth;

    /// <summary>Width of the latent activations every tensor-parallel rank computes in full: the query latent and the key/value latent
    /// with its shared rotary key (0 without latent attention).</summary>
    public double LatentWidth => IsLatentAttention ? (double)QLoraRank + KvLoraRank + RopeHeadDim : 0.0;

    /// <summary>The attention's weight matrices.</summary>
    /// <remarks>Ordinary attention: Q and the output h×a·d_h, K and V h×g·d_h. Latent attention (DeepSeek-V2 §2.1): queries h→q_lora→a·d_qk
    /// (or h→a·d_qk), keys and values h→kv_lora (and the shared rotary key) →a·(d_qk − d_rope + d_v), output a·d_v→h.</remarks>
    public double AttentionMatrixParameters => IsLatentAttention
        ? (QLoraRank > 0 ? H * QLoraRank + (double)QLoraRank * AttentionWidth : H * AttentionWidth)
          + H * (KvLoraRank + RopeHeadDim) + (double)KvLoraRank * Heads * (HeadWidth - RopeHeadDim + ValueHeadWidth) + ValueWidth * H
        : 2 * H * AttentionWidth * (1 + KvRatio);

    /// <summary>Output width per token of the attention's input projections on one GPU of a <paramref name="tp"/>-way group: queries,
    /// keys and values (GQA heads replicated as <see cref="KvHeadsPerGpu"/>); under latent attention the down projections' latents,
    /// which every rank computes in full, and the up projections' heads, split by t.</summary>
    public double AttentionInputWidthPerGpu(int tp) => IsLatentAttention
        ? LatentWidth + (double)Heads / tp * (2.0 * HeadWidth - RopeHeadDim + ValueHeadWidth)
        : HeadWidth * ((double)Heads / tp + 2.0 * KvHeadsPerGpu(tp));

    /// <summary>Key/value heads one GPU of a <paramref name="tp"/>-way group holds: g/t, or one replicated head when t exceeds g (Megatron-Core GQA).</summary>
    public double KvHeadsPerGpu(int tp) => Math.Max(1.0, (double)KvHeads / tp);
    private double MlpMatrices => UpProjections + 1.0;

    /// <summary>Matrices from h up to the MLP's width: two (gate and up) in a gated MLP, one otherwise.</summary>
    public double UpProjections => Mlp == MlpKind.Gated ? 2.0 : 1.0;

    /// <summary>True for a mixture-of-experts model.</summary>
    public bool IsMoe => Experts > 0;

    /// <summary>Layers whose MLP is a mixture of experts.</summary>
    public double MoeLayers => IsMoe ? MlpBlocks - DenseLayers : 0.0;

    /// <summary>Layers whose MLP is dense.</summary>
    public double DenseMlpLayers => MlpBlocks - MoeLayers;

    /// <summary>Attention, norm and bias parameters of one layer (split by tensor parallelism).</summary>
    public double AttentionParameters
    {
        get
        {
            // GPT: QKV and projection biases plus two LayerNorms (γ, β); Llama: two RMSNorm weights (and latent attention's two latent
            // norms). A hybrid's attention layer has one norm; its MLP layers count their own (HybridLayerParameters).
            double small = Style == ModelStyle.Gpt ? AttentionWidth * (1 + 2 * KvRatio) + H + 4 * H
                : (IsHybrid ? H : 2 * H) + QLoraRank + KvLoraRank;
            return AttentionMatrixParameters + small;
        }
    }

    /// <summary>Parameters of one dense MLP of size <paramref name="ffn"/> (with GPT-style biases).</summary>
    private double MlpParameters(double ffn) => MlpParameters(ffn, H);

    // An MLP between a width of `width` and `ffn` (a latent expert's is narrower than h).
    private double MlpParameters(double ffn, double width) => MlpMatrices * width * ffn + (Style == ModelStyle.Gpt ? ffn + width : 0.0);

    /// <summary>True for a latent mixture of experts (<see cref="MoeLatentDim"/> above 0).</summary>
    public bool IsLatentMoe => IsMoe && MoeLatentDim > 0;

    /// <summary>Width of a routed expert's input and output: <see cref="MoeLatentDim"/> in a latent mixture of experts, else h.</summary>
    public double ExpertWidth => IsLatentMoe ? MoeLatentDim : H;

    /// <summary>Parameters of one routed expert.</summary>
    public double ExpertParameters => MlpParameters(ExpertFfn, ExpertWidth);

    /// <summary>The latent projections of one expert layer, h to the latent and back (0 without a latent).</summary>
    public double LatentProjectionParameters => IsLatentMoe ? 2.0 * H * MoeLatentDim : 0.0;

    /// <summary>Parameters of a dense layer: attention plus an MLP of <see cref="Ffn"/>.</summary>
    public double LayerParameters => AttentionParameters + MlpParameters(Ffn);

    /// <summary>Routed-expert parameters of one MoE layer (all experts), sharded by expert parallelism.</summary>
    public double RoutedExpertParameters => IsMoe ? Experts * ExpertParameters : 0.0;

    /// <summary>Parameters of one MoE layer outside the routed experts: attention, shared experts, router.</summary>
    public double MoeLayerDenseParameters => AttentionParameters + SharedExperts * MlpParameters(ExpertFfn) + H * Experts + LatentProjectionParameters;

    /// <summary>Whether the output head reuses the word embedding: always in GPT style, where <see cref="TiedEmbeddings"/> says so
    /// in Llama style.</summary>
    public bool TiesEmbeddings => Style == ModelStyle.Gpt || TiedEmbeddings != 0;

    /// <summary>Embedding parameters: the word embedding (twice if untied) and learned positions, or the final norm.</summary>
    public double EmbeddingParameters => (TiesEmbeddings ? 1.0 : 2.0) * Vocab * H + (Style == ModelStyle.Gpt ? (double)SeqLen * H : H);

    /// <summary>Total parameters (Narayanan Eq. 2 for GPT style: 12lh² + 13lh + Vh + sh when f = 4h).</summary>
    public double Parameters => IsHybrid
        ? HybridLayerParameters + EmbeddingParameters
        : DenseMlpLayers * LayerParameters + MoeLayers * (MoeLayerDenseParameters + RoutedExpertParameters) + EmbeddingParameters;

    /// <summary>Parameters a token passes through: the dense ones and its top-k routed experts.</summary>
    public double ActiveParameters => IsMoe
        ? Parameters - MoeLayers * (Experts - TopK) * ExpertParameters
        : Parameters;

    /// <summary>Forward FLOPs of one (average) layer's attention projections for one sequence.</summary>
    public double LayerProjectionFlops => AttentionShare * 2.0 * SeqLen * AttentionMatrixParameters;

    /// <summary>Forward FLOPs of one (average) layer's Mamba-2 mixers for one sequence (0 in a transformer).</summary>
    public double LayerMambaFlops => IsHybrid ? MambaShare * (MambaProjectionFlops + MambaScanFlops) : 0.0;

    /// <summary>Forward FLOPs of the attention products of one (average) layer for one sequence (what selective recompute repeats):
    /// every query against <see cref="CountedKeys"/> keys.</summary>
    public double LayerAttentionCoreFlops => AttentionShare * 2.0 * SeqLen * CountedKeys * Heads * (HeadWidth + ValueHeadWidth);

    /// <summary>True when some layers attend a window shorter than the sequence.</summary>
    public bool HasSlidingWindow => SlidingWindow > 0 && SlidingLayers > 0 && SlidingWindow < SeqLen;

    /// <summary>Keys per query that model FLOPs count, averaged over the layers: the whole sequence in a full-attention layer (the
    /// s×s square, PaLM Appendix B), the window in a sliding-window layer (the square's convention applied to the band).</summary>
    public double CountedKeys => LayerAverage(SeqLen, SlidingWindow);

    /// <summary>Keys per query a causal kernel computes, averaged over the layers and the sequence's positions: s/2 in a
    /// full-attention layer; in a sliding-window layer the query at position i attends min(i + 1, W) keys, W·(1 − W/2s) on average.
    /// FlashAttention-style kernels skip the masked tiles, so this is the work done.</summary>
    public double CausalKeys => LayerAverage(FullCausalKeys, WindowCausalKeys);

    /// <summary>Keys per query a causal kernel computes in a full-attention layer: s/2.</summary>
    public double FullCausalKeys => 0.5 * SeqLen;

    /// <summary>Keys per query a causal kernel computes in a sliding-window layer: W·(1 − W/2s) (0 without a window).</summary>
    public double WindowCausalKeys => HasSlidingWindow ? SlidingWindow * (1.0 - 0.5 * SlidingWindow / SeqLen) : 0.0;

    /// <summary>A per-layer quantity averaged over the full-attention and the sliding-window layers; <paramref name="full"/> where no
    /// window is shorter than the sequence.</summary>
    public double LayerAverage(double full, double windowed) =>
        HasSlidingWindow ? ((AttentionBlocks - SlidingLayers) * full + SlidingLayers * windowed) / AttentionBlocks : full;

    /// <summary>Forward FLOPs of one layer's MLP for one sequence, averaged over dense and MoE layers (top-k, shared experts and router).</summary>
    public double LayerMlpFlops
    {
        get
        {
            double dense = 2.0 * MlpMatrices * SeqLen * H * Ffn;
            if (!IsMoe)
                return MlpShare * dense;
            // Routed experts at their width (a latent expert layer's between its two projections), shared experts at h, the router.
            double moe = 2.0 * MlpMatrices * SeqLen * ExpertFfn * (ExpertWidth * TopK + H * SharedExperts)
                + 2.0 * SeqLen * (H * Experts + LatentProjectionParameters);
            return (DenseMlpLayers * dense + MoeLayers * moe) / Layers;
        }
    }

    /// <summary>Forward GEMM FLOPs of one (average) layer for one sequence: projections, s×s attention, MLP.</summary>
    public double LayerForwardFlops => LayerProjectionFlops + LayerAttentionCoreFlops + LayerMlpFlops + LayerMambaFlops;

    /// <summary>Forward FLOPs of the logit layer for one sequence.</summary>
    public double LogitForwardFlops => 2.0 * SeqLen * H * Vocab;

    /// <summary>Model FLOPs to train on one sequence (forward + backward = 3 × forward; Korthikanti Eq. 7).</summary>
    public double ModelFlopsPerSequence => 3.0 * (Layers * LayerForwardFlops + LogitForwardFlops + MtpLayers * MtpForwardFlops);

    /// <summary>Forward FLOPs of one multi-token-prediction module for one sequence: its 2h→h projection, one (average) layer and
    /// the shared output head (DeepSeek-V3 §2.2).</summary>
    public double MtpForwardFlops => 2.0 * SeqLen * 2.0 * H * H + MtpLayerForwardFlops + LogitForwardFlops;

    /// <summary>Hardware FLOPs per sequence: model FLOPs plus what recomputation repeats (Korthikanti Eq. 8, Narayanan Eq. 3).</summary>
    /// <remarks>
    /// Korthikanti Eq. 8 charges selective recomputation 72·L·s·h²·(s/6h) = 12·s²·h per layer (its
    /// quoted 2.7% overhead for GPT-3), three times one forward of the attention core; the published
    /// equation is followed.
    /// </remarks>
    public double HardwareFlopsPerSequence(Recompute recompute) => HardwareFlopsPerSequence(new Layout { Recompute = recompute, Pp = 1 });

    /// <summary>Hardware FLOPs per sequence under <paramref name="layout"/>'s recomputation: partial recomputation repeats the
    /// forward of its share of the layers, recomputing the MLP or expert blocks their forward.</summary>
    public double HardwareFlopsPerSequence(in Layout layout) => HardwareFlopsPerSequence(layout, ModelFlopsPerSequence);

    /// <summary><see cref="HardwareFlopsPerSequence(in Layout)"/> given the shape's <see cref="ModelFlopsPerSequence"/>, which a caller
    /// evaluating many layouts of one shape has computed once.</summary>
    public double HardwareFlopsPerSequence(in Layout layout, double modelFlops)
    {
        // The prediction modules' layers are recomputed as the model's are.
        double layers = Layers + MtpLayers * MtpLayerSpan;
        return modelFlops + layout.Recompute switch
        {
            Recompute.Selective => layers * 3.0 * LayerAttentionCoreFlops,
            Recompute.Mlp => layers * LayerMlpFlops,
            _ => MemoryModel.RecomputedShare(this, layout) * layers * LayerForwardFlops,
        };
    }
}
