using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Tests.Profiles;

/// <summary>Hugging Face configs of the dense and MoE families read beside Llama's: OLMo 2, Phi-3, Gemma 2 and 3, Qwen2-MoE and
/// GLM-4.5, each against what its release states.</summary>
public class HfConfigFamiliesTests
{
    private static TransformerShape Parse(string json, int seqLen = 4096) => HfConfig.Parse(json, "config.json", seqLen);

    // The config's shape, its parameters and active parameters each within the relative tolerance of what its release states.
    private static TransformerShape Sized(string json, double parameters, double active, double tolerance = 0.01, double activeTolerance = 0.01)
    {
        TransformerShape shape = Parse(json);
        Assert.Equal(parameters, shape.Parameters, tolerance * parameters);
        Assert.Equal(active, shape.ActiveParameters, activeTolerance * active);
        return shape;
    }

    // allenai/OLMo-2-1124-7B's config.json as released.
    private const string Olmo2_7B = """
        {"architectures": ["Olmo2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "eos_token_id": 100257,
         "hidden_act": "silu", "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 11008, "max_position_embeddings": 4096,
         "model_type": "olmo2", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32, "pad_token_id": 100277,
         "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 500000, "tie_word_embeddings": false, "torch_dtype": "float32",
         "transformers_version": "4.47.0.dev0", "use_cache": true, "vocab_size": 100352}
        """;

    // microsoft/Phi-3-mini-4k-instruct's config.json as first released (April 2024).
    private const string Phi3Mini = """
        {"_name_or_path": "Phi-3-mini-4k-instruct", "architectures": ["Phi3ForCausalLM"], "attention_dropout": 0.0,
         "auto_map": {"AutoConfig": "configuration_phi3.Phi3Config", "AutoModelForCausalLM": "modeling_phi3.Phi3ForCausalLM"},
         "bos_token_id": 1, "embd_pdrop": 0.0, "eos_token_id": 32000, "hidden_act": "silu", "hidden_size": 3072, "initializer_range": 0.02,
         "intermediate_size": 8192, "max_position_embeddings": 4096, "model_type": "phi3", "num_attention_heads": 32,
         "num_hidden_layers": 32, "num_key_value_heads": 32, "original_max_position_embeddings": 4096, "pad_token_id": 32000,
         "resid_pdrop": 0.0, "rms_norm_eps": 1e-05, "rope_scaling": null, "rope_theta": 10000.0, "sliding_window": 2047,
         "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.39.3", "use_cache": true, "vocab_size": 32064}
        """;

    // google/gemma-2-9b-it's config.json as released (the base model's differs in its dtype only): no tie_word_embeddings, which
    // Gemma2Config defaults to true.
    private const string Gemma2_9B = """
        {"architectures": ["Gemma2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attn_logit_softcapping": 50.0,
         "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": 1, "final_logit_softcapping": 30.0, "head_dim": 256,
         "hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 3584, "initializer_range": 0.02,
         "intermediate_size": 14336, "max_position_embeddings": 8192, "model_type": "gemma2", "num_attention_heads": 16,
         "num_hidden_layers": 42, "num_key_value_heads": 8, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06,
         "rope_theta": 10000.0, "sliding_window": 4096, "sliding_window_size": 4096, "torch_dtype": "bfloat16",
         "transformers_version": "4.42.0.dev0", "use_cache": true, "vocab_size": 256000}
        """;

    // google/gemma-3-27b-it's config.json (the language model's fields in text_config; the vocabulary left at Gemma3TextConfig's
    // default), as three public copies agree on it.
    private const string Gemma3_27B = """
        {"architectures": ["Gemma3ForConditionalGeneration"], "boi_token_index": 255999, "eoi_token_index": 256000, "eos_token_id": [1, 106],
         "image_token_index": 262144, "initializer_range": 0.02, "mm_tokens_per_image": 256, "model_type": "gemma3",
         "text_config": {"head_dim": 128, "hidden_size": 5376, "intermediate_size": 21504, "model_type": "gemma3_text",
           "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16, "query_pre_attn_scalar": 168,
           "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "sliding_window": 1024},
         "torch_dtype": "bfloat16", "transformers_version": "4.50.0.dev0",
         "vision_config": {"hidden_size": 1152, "image_size": 896, "intermediate_size": 4304, "model_type": "siglip_vision_model",
           "num_attention_heads": 16, "num_hidden_layers": 27, "patch_size": 14, "vision_use_head": false}}
        """;

    // Qwen/Qwen1.5-MoE-A2.7B's config fields as released: 60 experts of 1,408 (top 4) and a shared expert of 5,632.
    private const string Qwen15MoE = """
        {"architectures": ["Qwen2MoeForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "decoder_sparse_step": 1,
         "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632,
         "max_position_embeddings": 8192, "max_window_layers": 21, "model_type": "qwen2_moe", "moe_intermediate_size": 1408,
         "norm_topk_prob": false, "num_attention_heads": 16, "num_experts": 60, "num_experts_per_tok": 4, "num_hidden_layers": 24,
         "num_key_value_heads": 16, "output_router_logits": false, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "router_aux_loss_coef": 0.001, "shared_expert_intermediate_size": 5632, "sliding_window": 32768, "tie_word_embeddings": false,
         "torch_dtype": "bfloat16", "transformers_version": "4.39.0.dev0", "use_cache": true, "use_sliding_window": false,
         "vocab_size": 151936}
        """;

    // GLM-4.5-Air's architecture fields (zai-org's release, as a derivative's config repeats them).
    private const string Glm45Air = """
        {"architectures": ["Glm4MoeForCausalLM"], "attention_bias": true, "attention_dropout": 0.0, "head_dim": 128, "hidden_act": "silu",
         "hidden_size": 4096, "partial_rotary_factor": 0.5, "intermediate_size": 10944, "max_position_embeddings": 131072,
         "model_type": "glm4_moe", "moe_intermediate_size": 1408, "norm_topk_prob": true, "num_attention_heads": 96, "n_group": 1,
         "topk_group": 1, "n_routed_experts": 128, "n_shared_experts": 1, "routed_scaling_factor": 1.0, "num_experts_per_tok": 8,
         "first_k_dense_replace": 1, "num_hidden_layers": 46, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_scaling": null,
         "rope_theta": 1000000, "num_nextn_predict_layers": 1, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
         "use_cache": true, "use_qk_norm": false, "vocab_size": 151552}
        """;

    [Fact]
    public void Olmo2_and_phi3_read_as_llama_style_decoders()
    {
        TransformerShape olmo = Parse(Olmo2_7B);
        Assert.Equal((32, 4096, 32, 32, 11008, 100352), (olmo.Layers, olmo.Hidden, olmo.Heads, olmo.KvHeads, olmo.Ffn, olmo.Vocab));
        Assert.Equal((MlpKind.Gated, 0, 0), (olmo.Mlp, olmo.TiedEmbeddings, olmo.SlidingWindow));
        // Phi-3-mini: 3.8B parameters (Abdin et al. 2024, arXiv:2404.14219), within 1%; its 2,047-token window on every layer, as
        // transformers applies it.
        TransformerShape phi = Parse(Phi3Mini);
        Assert.Equal(3.8e9, phi.Parameters, 0.038e9);
        Assert.Equal((2047, 32), (phi.SlidingWindow, phi.SlidingLayers));
    }

    /// <summary>Gemma 2 9B (Gemma Team 2024, arXiv:2408.00118, Table 1: 917,504,000 embedding and 8,324,201,984 non-embedding
    /// parameters): within 0.01% (the norms' 605,696 are not counted), its head tied to the embedding by Gemma2Config's default, and its
    /// 4,096-token window on the even layers (21 of 42). Gemma 3 27B (arXiv:2503.19786, Table 1: 25.6B non-embedding and 1.4B
    /// embedding parameters besides the vision encoder): within 1% each, its window on 52 of 62 layers (all but every sixth).</summary>
    [Fact]
    public void Gemma_ties_its_head_and_windows_its_layers_as_transformers_builds_them()
    {
        TransformerShape gemma2 = Parse(Gemma2_9B);
        Assert.Equal(1, gemma2.TiedEmbeddings);
        Assert.Equal(8_324_201_984 + 917_504_000, gemma2.Parameters, 0.0001 * 9.24e9);
        Assert.Equal((4096, 21, 256), (gemma2.SlidingWindow, gemma2.SlidingLayers, gemma2.HeadDim));
        TransformerShape gemma3 = Parse(Gemma3_27B);
        Assert.Equal((62, 262_208, 1), (gemma3.Layers, gemma3.Vocab, gemma3.TiedEmbeddings));
        Assert.Equal((1024, 52), (gemma3.SlidingWindow, gemma3.SlidingLayers));
        Assert.Equal(1.4e9, gemma3.EmbeddingParameters, 0.014e9);
        Assert.Equal(25.6e9, gemma3.Parameters - gemma3.EmbeddingParameters, 0.256e9);
        Assert.Equal(1, Parse(Gemma2_9B.Replace("\"vocab_size\": 256000", "\"tie_word_embeddings\": true, \"vocab_size\": 256000")).TiedEmbeddings);
        Assert.Equal(0, Parse(Gemma2_9B.Replace("\"vocab_size\": 256000", "\"tie_word_embeddings\": false, \"vocab_size\": 256000")).TiedEmbeddings);
    }

    /// <summary>Qwen1.5-MoE-A2.7B: 14.3B parameters, 2.7B active (its model card), within 1%: the shared expert of 5,632 counts as
    /// four experts of 1,408. GLM-4.5-Air: one dense layer, then 128 experts (top 8) and a shared one, and a prediction module; 106B
    /// parameters (zai-org's GLM-4.5 README), within 1%.</summary>
    [Fact]
    public void Qwen2_moe_and_glm45_bring_their_shared_experts()
    {
        TransformerShape qwen = Sized(Qwen15MoE, 14.3e9, 2.7e9);
        Assert.Equal((60, 4, 1408, 4), (qwen.Experts, qwen.TopK, qwen.ExpertFfn, qwen.SharedExperts));
        Assert.Equal(0, qwen.SlidingWindow);
        TransformerShape glm = Parse(Glm45Air);
        Assert.Equal((128, 8, 1408, 1, 1, 1), (glm.Experts, glm.TopK, glm.ExpertFfn, glm.SharedExperts, glm.DenseLayers, glm.MtpLayers));
        Assert.Equal((96, 8, 128, 10944), (glm.Heads, glm.KvHeads, glm.HeadDim, glm.Ffn));
        Assert.Equal(106e9, glm.Parameters, 1.06e9);
        var odd = Assert.Throws<InputException>(() => Parse(Qwen15MoE.Replace("\"shared_expert_intermediate_size\": 5632", "\"shared_expert_intermediate_size\": 5000")));
        Assert.Contains("shared_expert_intermediate_size", odd.Message);
    }

    // The architecture fields of allenai/OLMoE-1B-7B-0924, microsoft/Phi-3.5-MoE-instruct, ibm-granite/granite-3.1-3b-a800m-instruct
    // and HuggingFaceTB/SmolLM3-3B, as public copies of their config.json repeat them.
    private const string OlmoE = """
        {"model_type": "olmoe", "hidden_act": "silu", "hidden_size": 2048, "intermediate_size": 1024, "num_hidden_layers": 16,
         "num_experts": 64, "num_experts_per_tok": 8, "num_attention_heads": 16, "num_key_value_heads": 16, "vocab_size": 50304,
         "tie_word_embeddings": false}
        """;

    private const string Phi35MoE = """
        {"model_type": "phimoe", "vocab_size": 32064, "hidden_size": 4096, "intermediate_size": 6400, "num_hidden_layers": 32,
         "num_attention_heads": 32, "num_key_value_heads": 8, "num_local_experts": 16, "num_experts_per_tok": 2,
         "tie_word_embeddings": false}
        """;

    private const string GraniteMoE = """
        {"architectures": ["GraniteMoeForCausalLM"], "hidden_act": "silu", "hidden_size": 1536, "intermediate_size": 512,
         "max_position_embeddings": 131072, "model_type": "granitemoe", "num_attention_heads": 24, "num_experts_per_tok": 8,
         "num_hidden_layers": 32, "num_key_value_heads": 8, "num_local_experts": 40, "rope_theta": 10000000.0,
         "tie_word_embeddings": true, "vocab_size": 49155}
        """;

    private const string SmolLm3 = """
        {"architectures": ["SmolLM3ForCausalLM"], "model_type": "smollm3", "hidden_size": 2048, "intermediate_size": 11008,
         "num_hidden_layers": 36, "num_attention_heads": 16, "num_key_value_heads": 4, "vocab_size": 128256, "tie_word_embeddings": true}
        """;

    /// <summary>OLMoE-1B-7B: 6.9B parameters, 1.3B active (Muennighoff et al. 2024, arXiv:2409.02060, Table 1), within 1% and 2%.
    /// Phi-3.5-MoE: 41.9B parameters, 6.6B active (its model card), within 1%. Granite 3.1 3B-A800M: 3.3B parameters (its model
    /// card), within 1%; its 800M active counts the layers without the tied embedding, within 1% of the layers' active share.
    /// SmolLM3-3B: 3.08B parameters (its model card), within 1%.</summary>
    [Fact]
    public void Olmoe_phimoe_granitemoe_and_smollm3_read_with_their_experts()
    {
        TransformerShape olmoe = Sized(OlmoE, 6.9e9, 1.3e9, activeTolerance: 0.02);
        Assert.Equal((64, 8, 1024, 0), (olmoe.Experts, olmoe.TopK, olmoe.ExpertFfn, olmoe.TiedEmbeddings));
        TransformerShape phi = Sized(Phi35MoE, 41.9e9, 6.6e9);
        Assert.Equal((16, 2, 6400, 8), (phi.Experts, phi.TopK, phi.ExpertFfn, phi.KvHeads));
        TransformerShape granite = Parse(GraniteMoE);
        Assert.Equal((40, 8, 512, 1), (granite.Experts, granite.TopK, granite.ExpertFfn, granite.TiedEmbeddings));
        Assert.Equal(3.3e9, granite.Parameters, 0.033e9);
        Assert.Equal(0.8e9, granite.ActiveParameters - granite.EmbeddingParameters, 0.008e9);
        TransformerShape smol = Parse(SmolLm3);
        Assert.Equal((36, 4, 1, MlpKind.Gated), (smol.Layers, smol.KvHeads, smol.TiedEmbeddings, smol.Mlp));
        Assert.Equal(3.08e9, smol.Parameters, 0.0308e9);
        var missing = Assert.Throws<InputException>(() => Parse(OlmoE.Replace("\"num_experts\": 64, ", "")));
        Assert.Contains("num_experts", missing.Message);
    }
}
