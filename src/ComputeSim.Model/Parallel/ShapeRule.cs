namespace ComputeSim.Model;

/// <summary>A transformer shape from a parameter count alone, so a params axis can sweep at L2.</summary>
/// <remarks>
/// <para>GPT-3's large models keep d_model ≈ 128 × layers with 128-wide heads (175B: 12288 = 128 × 96;
/// Brown et al. 2020 Table 2.1). With P ≈ 12·L·h² and L = h/128 the hidden size is
/// h = (128·P/12)^(1/3). The rule rounds it to a multiple of <see cref="HiddenStep"/> (128 × 8), so the
/// heads (h/128) are a multiple of 8 and tensor parallelism 8 divides them, as every published large
/// model's do; then it takes the whole number of GPT-style layers (12h² + 13h each, Narayanan et al.
/// 2021 Eq. 2) whose parameters with the embeddings (V·h + s·h) come nearest to P. f = 4h.</para>
/// <para>GPT-3 175B comes back exactly (96 layers, h 12288, 96 heads); 40B gets h 7168 and 56 heads.
/// Kernel-safe: no allocation, no exceptions.</para>
/// </remarks>
public static class ShapeRule
{
    /// <summary>Head width, and hidden size per layer in the aspect ratio.</summary>
    public const int AspectRatio = 128;

    /// <summary>Heads come in multiples of this, so tensor parallelism up to 8 divides them.</summary>
    public const int HeadMultiple = 8;

    /// <summary>The hidden size is a multiple of this: <see cref="AspectRatio"/> × <see cref="HeadMultiple"/>.</summary>
    public const int HiddenStep = AspectRatio * HeadMultiple;

    /// <summary>The rule's shape for <paramref name="parameters"/>.</summary>
    public static TransformerShape FromParameters(double parameters, int seqLen, int vocab)
    {
        double hiddenExact = Math.Pow(AspectRatio * parameters / 12.0, 1.0 / 3.0);
        int hidden = HiddenStep * (int)Math.Max(1.0, Math.Round(hiddenExact / HiddenStep));
        double h = hidden;
        double perLayer = 12.0 * h * h + 13.0 * h;
        double embeddings = ((double)vocab + seqLen) * h;
        int layers = (int)Math.Max(1.0, Math.Round((parameters - embeddings) / perLayer));
        int heads = hidden / AspectRatio;
        return new TransformerShape
        {
            Layers = layers,
            Hidden = hidden,
            Heads = heads,
            KvHeads = heads,
            SeqLen = seqLen,
            Vocab = vocab,
            Ffn = 4 * hidden,
            Style = ModelStyle.Gpt,
        };
    }
}
