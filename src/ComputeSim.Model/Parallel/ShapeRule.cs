namespace ComputeSim.Model;

/// <summary>A transformer shape from a parameter count alone, so a params axis can sweep at L2.</summary>
/// <remarks>
/// GPT-3's large models keep d_model ≈ 128 × layers (175B: 12288 = 128 × 96; 13B: 5120 ≈ 128 × 40)
/// and 128-wide heads (Brown et al. 2020 Table 2.1). With P ≈ 12·L·h² this gives
/// L = (P / (12 · 128²))^(1/3), rounded to a whole layer; h = 128·L; heads = L; f = 4h; GPT style.
/// </remarks>
public static class ShapeRule
{
    /// <summary>Hidden size per layer in the rule (and head width).</summary>
    public const int AspectRatio = 128;

    /// <summary>The rule's shape for <paramref name="parameters"/>.</summary>
    public static TransformerShape FromParameters(double parameters, int seqLen, int vocab)
    {
        double layersExact = Math.Pow(parameters / (12.0 * AspectRatio * AspectRatio), 1.0 / 3.0);
        int layers = (int)Math.Max(1.0, Math.Round(layersExact));
        int hidden = AspectRatio * layers;
        return new TransformerShape
        {
            Layers = layers,
            Hidden = hidden,
            Heads = layers,
            KvHeads = layers,
            SeqLen = seqLen,
            Vocab = vocab,
            Ffn = 4 * hidden,
            Style = ModelStyle.Gpt,
        };
    }
}
