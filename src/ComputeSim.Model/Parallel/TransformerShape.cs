namespace ComputeSim.Model;

/// <summary>Architecture family: decides biases, norms, position embeddings and embedding tying.</summary>
public enum ModelStyle
{
    /// <summary>GPT-2/3, Megatron: biases, 2 LayerNorms per layer, learned positions, tied embeddings, GeLU MLP.</summary>
    Gpt = 0,
    /// <summary>Llama: no biases, RMSNorm, RoPE, untied embeddings, SwiGLU MLP.</summary>
    Llama = 1,
}

/// <summary>The shape of a dense decoder-only transformer.</summary>
/// <remarks>
/// Parameter counts: Narayanan et al. 2021 (arXiv:2104.04473) Eq. 2 for GPT-style models;
/// Megatron-LM <c>theoretical_memory_usage.py</c> / Llama 2 code for Llama-style models.
/// FLOPs: Korthikanti et al. 2022 (arXiv:2205.05198) Appendix A Eq. 7 (model) and Eq. 8
/// (selective recompute); Narayanan Eq. 3 (full recompute). Attention counts the full s×s square.
/// </remarks>
public readonly struct TransformerShape
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
    /// <summary>MLP intermediate size (f).</summary>
    public int Ffn { get; init; }
    /// <summary>Architecture family.</summary>
    public ModelStyle Style { get; init; }

    private double H => Hidden;
    private double KvRatio => (double)KvHeads / Heads;
    // GeLU MLPs have two h×f matrices, SwiGLU three.
    private double MlpMatrices => Style == ModelStyle.Llama ? 3.0 : 2.0;

    /// <summary>Parameters of one transformer layer.</summary>
    public double LayerParameters
    {
        get
        {
            double attention = 2 * H * H * (1 + KvRatio);
            double mlp = MlpMatrices * H * Ffn;
            // GPT: QKV, projection and two MLP biases plus two LayerNorms (γ, β); Llama: two RMSNorm weights.
            double small = Style == ModelStyle.Gpt ? H * (2 + 2 * KvRatio) + Ffn + H + 4 * H : 2 * H;
            return attention + mlp + small;
        }
    }

    /// <summary>Embedding parameters: the word embedding (twice if untied) and learned positions.</summary>
    public double EmbeddingParameters => Style == ModelStyle.Gpt
        ? (double)Vocab * H + (double)SeqLen * H
        : 2.0 * Vocab * H + H;

    /// <summary>Total parameters (Narayanan Eq. 2 for GPT style: 12lh² + 13lh + Vh + sh when f = 4h).</summary>
    public double Parameters => Layers * LayerParameters + EmbeddingParameters;

    /// <summary>Forward GEMM FLOPs of one layer for one sequence: projections, s×s attention, MLP.</summary>
    public double LayerForwardFlops =>
        4.0 * SeqLen * H * H * (1 + KvRatio) + 4.0 * SeqLen * (double)SeqLen * H + 2.0 * MlpMatrices * SeqLen * H * Ffn;

    /// <summary>Forward FLOPs of the s×s attention products of one layer for one sequence (what selective recompute repeats).</summary>
    public double LayerAttentionCoreFlops => 4.0 * SeqLen * (double)SeqLen * H;

    /// <summary>Forward FLOPs of the logit layer for one sequence.</summary>
    public double LogitForwardFlops => 2.0 * SeqLen * H * Vocab;

    /// <summary>Model FLOPs to train on one sequence (forward + backward = 3 × forward; Korthikanti Eq. 7).</summary>
    public double ModelFlopsPerSequence => 3.0 * (Layers * LayerForwardFlops + LogitForwardFlops);

    /// <summary>Hardware FLOPs per sequence: model FLOPs plus what recomputation repeats (Korthikanti Eq. 8, Narayanan Eq. 3).</summary>
    /// <remarks>
    /// Korthikanti Eq. 8 charges selective recomputation 72·L·s·h²·(s/6h) = 12·s²·h per layer (its
    /// quoted 2.7% overhead for GPT-3), three times one forward of the attention core; the published
    /// equation is followed.
    /// </remarks>
    public double HardwareFlopsPerSequence(Recompute recompute) => ModelFlopsPerSequence + recompute switch
    {
        Recompute.Full => Layers * LayerForwardFlops,
        Recompute.Selective => Layers * 3.0 * LayerAttentionCoreFlops,
        _ => 0.0,
    };
}
