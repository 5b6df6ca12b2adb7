namespace ComputeSim.Model;

/// <summary>A published model shape with its training tokens.</summary>
/// <param name="Name">Preset name.</param>
/// <param name="Shape">Shape.</param>
/// <param name="Tokens">Training tokens.</param>
/// <param name="Source">Where the shape is published.</param>
public sealed record ShapePreset(string Name, TransformerShape Shape, double Tokens, string Source);

/// <summary>Shapes for the L2 model: the GPT-3 family, MT-NLG, OPT, BLOOM and Llama 2.</summary>
public static class ShapePresets
{
    /// <summary>A GPT-style shape with f = 4h (Megatron's V = 51200 and s = 2048 unless given).</summary>
    public static TransformerShape Gpt(int layers, int hidden, int heads, int vocab = 51200, int seq = 2048) => new()
    {
        Layers = layers, Hidden = hidden, Heads = heads, KvHeads = heads, SeqLen = seq, Vocab = vocab, Ffn = 4 * hidden, Style = ModelStyle.Gpt,
    };

    /// <summary>A Llama-style shape: RMSNorm, no biases, untied embeddings, SwiGLU MLP.</summary>
    public static TransformerShape Llama(int layers, int hidden, int heads, int kvHeads, int ffn, int vocab = 32000, int seq = 4096, int headDim = 0) => new()
    {
        Layers = layers, Hidden = hidden, Heads = heads, KvHeads = kvHeads, SeqLen = seq, Vocab = vocab, Ffn = ffn,
        Style = ModelStyle.Llama, Mlp = MlpKind.Gated, HeadDim = headDim,
    };

    /// <summary>A Llama-style mixture of experts: <paramref name="experts"/> routed experts of <paramref name="expertFfn"/>, top-<paramref name="topK"/>.</summary>
    public static TransformerShape Moe(TransformerShape attention, int experts, int topK, int expertFfn, int shared = 0, int denseLayers = 0) =>
        attention with { Experts = experts, TopK = topK, ExpertFfn = expertFfn, SharedExperts = shared, DenseLayers = denseLayers };

    private const string Gpt3 = "Brown et al. 2020 Table 2.1 (n_ctx 2048; XL's 24 heads and 13B's 5140 read as printed / 5120)";

    /// <summary>Every shape preset.</summary>
    public static readonly IReadOnlyList<ShapePreset> All =
    [
        new("gpt3-small", Gpt(12, 768, 12), 300e9, Gpt3),
        new("gpt3-medium", Gpt(24, 1024, 16), 300e9, Gpt3),
        new("gpt3-large", Gpt(24, 1536, 16), 300e9, Gpt3),
        new("gpt3-xl", Gpt(24, 2048, 24), 300e9, Gpt3),
        new("gpt3-2.7b", Gpt(32, 2560, 32), 300e9, Gpt3),
        new("gpt3-6.7b", Gpt(32, 4096, 32), 300e9, Gpt3),
        new("gpt3-13b", Gpt(40, 5120, 40), 300e9, Gpt3),
        new("gpt3-175b", Gpt(96, 12288, 96), 300e9, Gpt3),
        .. Megatron("1.7b", 24, 2304, 24), .. Megatron("3.6b", 30, 3072, 32), .. Megatron("7.5b", 36, 4096, 32),
        .. Megatron("18.4b", 40, 6144, 48), .. Megatron("39.1b", 48, 8192, 64), .. Megatron("76.1b", 60, 10240, 80),
        .. Megatron("145.6b", 80, 12288, 96), .. Megatron("310.1b", 96, 16384, 128), .. Megatron("529.6b", 105, 20480, 128),
        .. Megatron("1008b", 128, 25600, 160),
        new("mt-nlg-530b", Gpt(105, 20480, 128, vocab: 50272), 270e9, "Smith et al. 2022 (MT-NLG): 105 layers, h 20480, 128 heads; 270B tokens"),
        new("opt-175b", Gpt(96, 12288, 96, vocab: 50272), 180e9, "Zhang et al. 2022 (OPT) Table 1; 180B tokens"),
        new("bloom-176b", Gpt(70, 14336, 112, vocab: 250880), 366e9, "bigscience tr11-176B-ml: 70 layers, h 14336, 112 heads, vocab 250880; 366B tokens"),
        new("llama2-7b", Llama(32, 4096, 32, 32, 11008), 2e12, "Touvron et al. 2023 Table 1; Meta's released config"),
        new("llama2-13b", Llama(40, 5120, 40, 40, 13824), 2e12, "Touvron et al. 2023 Table 1; Meta's released config"),
        new("llama2-70b", Llama(80, 8192, 64, 8, 28672), 2e12, "Touvron et al. 2023 Table 1; Meta's released config"),
        .. ModernPresets.All,
    ];

    // Narayanan et al. 2021 Table 1 publishes no token counts; 300B (GPT-3's) is assumed for estimates.
    private static ShapePreset[] Megatron(string size, int layers, int hidden, int heads) =>
        [new($"megatron-{size}", Gpt(layers, hidden, heads), 300e9, "Narayanan et al. 2021 Table 1 (V 51200, s 2048); tokens not published, 300B assumed")];

    /// <summary>Finds a shape preset by name (case-insensitive).</summary>
    public static ShapePreset? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The shape of a preset the code names (a missing one is a bug, not bad input).</summary>
    public static TransformerShape ShapeOf(string name) =>
        (Find(name) ?? throw new InvalidOperationException($"no shape preset '{name}'")).Shape;
}
