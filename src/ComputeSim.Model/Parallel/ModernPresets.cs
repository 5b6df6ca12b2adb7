namespace ComputeSim.Model;

/// <summary>Shapes of current dense and mixture-of-experts families, from their released configs.</summary>
/// <remarks>
/// Sequence lengths are the pre-training ones the publishers benchmark (Llama 3: 8192; Mixtral,
/// DeepSeek-V3, Qwen: 4096). DeepSeek-V3's multi-head latent attention is modelled as it runs
/// (query and key/value latents of 1536 and 512, 192-wide query/key heads of which 64 rotary, 128-wide
/// value heads: 187M weights a layer), with its one multi-token-prediction module. GPT-OSS attends a 128-token sliding window on
/// every other layer.
/// </remarks>
public static class ModernPresets
{
    private const int Llama3Vocab = 128256;
    private const int QwenVocab = 151936;
    private const int GptOssVocab = 201088;
    private static readonly TransformerShape Llama3_8B = ShapePresets.Llama(32, 4096, 32, 8, 14336, Llama3Vocab, 8192);
    private static readonly TransformerShape Llama3_70B = ShapePresets.Llama(80, 8192, 64, 8, 28672, Llama3Vocab, 8192);
    private const string Llama3 = "Llama 3 herd paper (Dubey et al. 2024, arXiv:2407.21783) Table 3; Meta's released config.json";
    private const string GptOss = "gpt-oss model card (OpenAI 2025, arXiv:2508.10925) Table 1 and §2.1; released config.json (head_dim 64, "
        + "every other layer a 128-token sliding window; its attention biases, sinks and expert biases, about 0.1% of the weights, not counted); "
        + "tokens not published";
    private const string Nemotron4 = "GPT-style layers with grouped-query attention and a squared-ReLU MLP, as the calibration set records them "
        + "(Nemotron-4 unties its embeddings and has no biases: its output embedding, V x h, is not counted in the parameters, but its logits "
        + "are priced); ";
    private static readonly TransformerShape Llama4Layers = ShapePresets.Llama(48, 5120, 40, 8, 16384, 202048, 8192, headDim: 128);
    private const string Llama4 = "Meta's Llama 4 model card and released text configs (2025-04): 48 layers, hidden 5,120, 40 query and 8 key/value heads of "
        + "128, a routed expert of 8,192 per token beside one shared expert of 8,192, dense layers of 16,384, vocabulary 202,048, untied "
        + "embeddings; the 8,192-token chunked attention of three layers in four costs what full causal attention does at the 8,192-token "
        + "training sequence; ";
    private const string NemotronH = "NVIDIA 2025, Nemotron-H (arXiv:2504.03624) and released config.json (hybrid_override_pattern; Llama-style "
        + "layers with a squared-ReLU MLP, no position embeddings, untied embeddings; Mamba-2 heads of 64, 8 groups, chunk 128); ";
    private const string Qwen3 = "Qwen3 technical report (arXiv:2505.09388) Tables 1-2; Qwen's released config.json (head_dim 128)";

    // A hybrid of Mamba-2 mixers (heads of 64, 8 groups), attention and MLP or expert layers, with a squared-ReLU MLP.
    private static TransformerShape Hybrid(TransformerShape layers, int mamba, int attention, int mambaHeads, int state) => layers with
    {
        Mlp = MlpKind.SquaredRelu,
        MambaLayers = mamba,
        AttentionLayers = attention,
        MambaHeads = mambaHeads,
        MambaHeadDim = 64,
        MambaStateDim = state,
        MambaGroups = 8,
    };

    /// <summary>Every preset of this family set.</summary>
    public static readonly IReadOnlyList<ShapePreset> All =
    [
        new("llama3-8b", Llama3_8B, 15e12, Llama3),
        new("llama3-70b", Llama3_70B, 15e12, Llama3),
        new("llama3.1-405b", ShapePresets.Llama(126, 16384, 128, 8, 53248, Llama3Vocab, 8192), 15.6e12, Llama3),
        // Llama 3.1's 8B and 70B keep Llama 3's shapes; their 128K context comes from continued training at longer sequences.
        new("llama3.1-8b", Llama3_8B, 15e12, Llama3),
        new("llama3.1-70b", Llama3_70B, 15e12, Llama3),
        new("mistral-7b", ShapePresets.Llama(32, 4096, 32, 8, 14336, 32000, 8192) with { SlidingWindow = 4096, SlidingLayers = 32 }, 0,
            "Jiang et al. 2023 (arXiv:2310.06825) Table 1: Mistral 7B v0.1, a 4,096-token sliding window on every layer, context 8,192; tokens not published"),
        new("nemotron4-15b", ShapePresets.Gpt(32, 6144, 48, vocab: 256000, seq: 4096) with { KvHeads = 8, Mlp = MlpKind.SquaredRelu }, 8e12, Nemotron4
            + "Parmar et al. 2024 (arXiv:2402.16819) Table 1 and §2; 8T tokens"),
        new("nemotron4-340b", ShapePresets.Gpt(96, 18432, 96, vocab: 256000, seq: 4096) with { KvHeads = 8, Mlp = MlpKind.SquaredRelu }, 9e12, Nemotron4
            + "NVIDIA 2024, Nemotron-4 340B technical report (arXiv:2406.11704) Table 1; 9T tokens"),
        new("grok1-314b", ShapePresets.Moe(ShapePresets.Llama(64, 6144, 48, 8, 32768, 131072, 8192), 8, 2, 32768), 0,
            "xAI's open release of Grok-1 (github.com/xai-org/grok-1, 2024-03): 64 layers, embedding 6,144, 48 query and 8 key/value heads, "
            + "8 experts of which 2 per token, widening factor 8 (expert ffn 32,768), vocabulary 131,072, context 8,192; tokens not published"),
        new("mixtral-8x7b", ShapePresets.Moe(ShapePresets.Llama(32, 4096, 32, 8, 14336), 8, 2, 14336), 0,
            "Jiang et al. 2024 (arXiv:2401.04088) Table 1; Mistral's released config.json (46.7B total, 12.9B active); tokens not published"),
        new("mixtral-8x22b", ShapePresets.Moe(ShapePresets.Llama(56, 6144, 48, 8, 16384, 32768), 8, 2, 16384), 0,
            "Mistral's released config.json for Mixtral-8x22B-v0.1 (141B total, 39B active); tokens not published"),
        new("deepseek-v3", ShapePresets.Moe(ShapePresets.Llama(61, 7168, 128, 128, 18432, 129280, headDim: 192), 256, 8, 2048, shared: 1, denseLayers: 3)
            with { QLoraRank = 1536, KvLoraRank = 512, RopeHeadDim = 64, VHeadDim = 128, MtpLayers = 1 }, 14.8e12,
            "DeepSeek-AI 2024 (arXiv:2412.19437) §2.1-2.2, §4.2 and released config.json (671B total, 37B active; MLA and one MTP module)"),
        new("deepseek-v2-lite", ShapePresets.Moe(ShapePresets.Llama(27, 2048, 16, 16, 10944, 102400, headDim: 192), 64, 6, 1408, shared: 2, denseLayers: 1)
            with { KvLoraRank = 512, RopeHeadDim = 64, VHeadDim = 128 }, 5.7e12,
            "DeepSeek-AI 2024 (arXiv:2405.04434) Appendix B and released config.json (15.7B total, 2.4B active; latent attention without a query latent)"),
        new("kimi-k2", ShapePresets.Moe(ShapePresets.Llama(61, 7168, 64, 64, 18432, 163840, headDim: 192), 384, 8, 2048, shared: 1, denseLayers: 1)
            with { QLoraRank = 1536, KvLoraRank = 512, RopeHeadDim = 64, VHeadDim = 128 }, 15.5e12,
            "Kimi Team 2025 (arXiv:2507.20534) §2 and released config.json (DeepSeek-V3's layers with 384 experts, 64 heads and one dense layer; "
            + "1.04T total and 32B active as published, 1.03T as its config's layers count; no multi-token prediction)"),
        new("llama4-scout", ShapePresets.Moe(Llama4Layers, 16, 1, 8192, shared: 1), 40e12,
            Llama4 + "Scout: 16 experts in every layer (109B total, 17B active), about 40T tokens"),
        // Maverick alternates dense and expert layers (interleave_moe_layer_step 2); the model prices layers by their kind's share, so
        // its 24 dense layers are given as leading ones.
        new("llama4-maverick", ShapePresets.Moe(Llama4Layers, 128, 1, 8192, shared: 1, denseLayers: 24), 22e12,
            Llama4 + "Maverick: 128 experts in every other layer (400B total, 17B active), about 22T tokens"),
        new("qwen2.5-7b", ShapePresets.Llama(28, 3584, 28, 4, 18944, 152064), 18e12, "Qwen2.5 technical report (arXiv:2412.15115) Table 1; released config.json"),
        new("qwen2.5-72b", ShapePresets.Llama(80, 8192, 64, 8, 29568, 152064), 18e12, "Qwen2.5 technical report (arXiv:2412.15115) Table 1; released config.json"),
        new("qwen3-8b", ShapePresets.Llama(36, 4096, 32, 8, 12288, QwenVocab, headDim: 128), 36e12, Qwen3),
        new("qwen3-32b", ShapePresets.Llama(64, 5120, 64, 8, 25600, QwenVocab, headDim: 128), 36e12, Qwen3),
        new("qwen3-30b-a3b", ShapePresets.Moe(ShapePresets.Llama(48, 2048, 32, 4, 6144, QwenVocab, headDim: 128), 128, 8, 768), 36e12, Qwen3),
        new("qwen3-235b-a22b", ShapePresets.Moe(ShapePresets.Llama(94, 4096, 64, 4, 12288, QwenVocab, headDim: 128), 128, 8, 1536), 36e12, Qwen3),
        new("nemotron-h-8b", Hybrid(ShapePresets.Llama(52, 4096, 32, 8, 21504, 131072, 8192, headDim: 128), 24, 4, 128, 128), 0,
            NemotronH + "8B: 24 Mamba-2, 4 attention and 24 MLP layers, state 128; tokens not counted here"),
        new("nemotron-h-47b", Hybrid(ShapePresets.Llama(98, 8192, 64, 8, 30720, 131072, 8192, headDim: 128), 45, 5, 256, 256), 0,
            NemotronH + "47B, distilled from 56B: 45 Mamba-2, 5 attention and 48 MLP layers, state 256"),
        new("nemotron-h-56b", Hybrid(ShapePresets.Llama(118, 8192, 64, 8, 32768, 131072, 8192, headDim: 128), 54, 10, 256, 256), 20e12,
            NemotronH + "56B: 54 Mamba-2, 10 attention and 54 MLP layers, state 256; 20T tokens in FP8 on 6,144 H100 (NVIDIA ADLR's Nemotron-H page)"),
        new("nemotron3-nano-30b-a3b", Hybrid(ShapePresets.Moe(ShapePresets.Llama(52, 2688, 32, 2, 1856, 131072, 8192, headDim: 128), 128, 6, 1856, shared: 2),
            23, 6, 64, 128), 0,
            NemotronH + "Nemotron 3 Nano 30B-A3B: 23 Mamba-2 (64 heads, state 128), 6 attention and 23 expert layers of 128 experts top-6 of 1,856 "
            + "and one shared expert of 3,712 (two of 1,856: the same matrices); tokens not counted here"),
        new("nemotron3-super-120b-a12b", Hybrid(ShapePresets.Moe(ShapePresets.Llama(88, 4096, 32, 2, 2688, 131072, 8192, headDim: 128), 512, 22, 2688, shared: 2),
            40, 8, 128, 128) with { MoeLatentDim = 1024, MtpLayers = 1 }, 0,
            NemotronH + "Nemotron 3 Super 120B-A12B: 40 Mamba-2 (128 heads, state 128), 8 attention and 40 latent-expert layers (512 experts top-22 "
            + "of 2,688 at a latent width of 1,024, one shared expert of 5,376 at the hidden size), one prediction module of an attention and an "
            + "expert layer (mtp_hybrid_override_pattern *E); tokens not counted here"),
        new("nemotron3-ultra-550b-a55b", Hybrid(ShapePresets.Moe(ShapePresets.Llama(108, 8192, 64, 2, 5120, 131072, 8192, headDim: 128), 512, 22, 5120, shared: 2),
            48, 12, 256, 128) with { MoeLatentDim = 2048, MtpLayers = 1 }, 0,
            NemotronH + "Nemotron 3 Ultra 550B-A55B (its technical report's Table 1; with its prediction module, the released checkpoint's count): 48 Mamba-2 (256 heads, state 128), "
            + "12 attention and 48 latent-expert layers (512 experts top-22 of 5,120 at a latent width of 2,048, one shared expert of 10,240 at "
            + "the hidden size), one prediction module of an attention and an expert layer (*E); tokens not counted here"),
        new("gpt-oss-120b", ShapePresets.Moe(ShapePresets.Llama(36, 2880, 64, 8, 2880, GptOssVocab, headDim: 64), 128, 4, 2880)
            with { SlidingWindow = 128, SlidingLayers = 18 }, 0, GptOss),
        new("gpt-oss-20b", ShapePresets.Moe(ShapePresets.Llama(24, 2880, 64, 8, 2880, GptOssVocab, headDim: 64), 32, 4, 2880)
            with { SlidingWindow = 128, SlidingLayers = 12 }, 0, GptOss),
    ];
}
