using System.Text;
using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>Reads a local Hugging Face <c>config.json</c> into a transformer shape.</summary>
/// <remarks>
/// Field names as in the transformers library's configuration classes (LlamaConfig, MistralConfig,
/// MixtralConfig, Qwen2Config, Qwen3Config, Qwen2MoeConfig, Qwen3MoeConfig, DeepseekV2Config, DeepseekV3Config, Glm4MoeConfig,
/// GptOssConfig, OlmoConfig to Olmo3Config, Phi3Config, GraniteConfig, GemmaConfig to Gemma3TextConfig, NemotronHConfig; Kimi K2's
/// own, which keeps DeepseekV3Config's names). Every supported family
/// is a Llama-style decoder, with a gated (SwiGLU) MLP but in <c>nemotron_h</c> (Nemotron-H, Nemotron 3): a Mamba-2 hybrid whose
/// <c>hybrid_override_pattern</c> makes each layer a Mamba-2 mixer, attention, a squared-ReLU MLP or a mixture of such experts, with
/// Nemotron 3 Super's latent experts (<c>moe_latent_size</c>) and prediction modules (<c>num_nextn_predict_layers</c>). <c>max_position_embeddings</c> is the context
/// the model supports, not the sequence length it was trained on, so the sequence length is given
/// separately. DeepSeek-V2's and V3's multi-head latent attention and multi-token-prediction modules are read as
/// the <see cref="ModernPresets"/> shape carries them. Sliding-window attention is read from <c>sliding_window</c> and
/// <c>layer_types</c> (or, in Qwen2/Qwen3 configs, <c>use_sliding_window</c> and <c>max_window_layers</c>). Unknown fields are ignored (configs carry many that
/// do not change the cost); a missing, mistyped or out-of-range field the shape needs is an error
/// naming the file and the field.
/// </remarks>
public static class HfConfig
{
    /// <summary>Model types read: dense Llama-style (Llama, Mistral, Qwen2 and 3, OLMo 1 to 3, Phi-3, Granite, Gemma 1 to 3, SmolLM3),
    /// Mixtral-style MoE (Mixtral, OLMoE, Phi-3.5-MoE, Granite MoE), Qwen2- and Qwen3-MoE, DeepSeek-V2 and V3 and Kimi K2 (DeepSeek-V3's layers), GLM-4.5, GPT-OSS, Llama 4, and the Mamba-2
    /// hybrids Nemotron-H and Nemotron 3.</summary>
    public static readonly IReadOnlyList<string> ModelTypes = ["llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen2_moe", "qwen3_moe", "deepseek_v2", "deepseek_v3", "kimi_k2", "glm4_moe", "gpt_oss", "llama4", "llama4_text", "olmo", "olmo2", "olmo3", "olmoe", "phi3", "phimoe", "granite", "granitemoe", "gemma", "gemma2", "gemma3", "gemma3_text", "smollm3", "nemotron_h"];

    /// <summary>Largest field value accepted for a size (vocabularies are the largest, about 256K).</summary>
    private const int MaxSize = 1 << 24;

    /// <summary>Reads <paramref name="path"/> (bounded like a profile) into a shape with sequence length <paramref name="seqLen"/>.</summary>
    public static TransformerShape Load(string path, int seqLen) => Parse(ProfileLoader.ReadText(path, "config"), path, seqLen);

    /// <summary>Parses config text; <paramref name="origin"/> names it in errors.</summary>
    public static TransformerShape Parse(string json, string origin, int seqLen)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(WithoutNonFinite(json), new JsonDocumentOptions { MaxDepth = 16 });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException(origin, $"invalid JSON (line {(e.LineNumber ?? 0) + 1})");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new InputException(origin, $"not a config object");
        var r = new Reader(root, origin);
        string type = r.Text("model_type");
        if (!ModelTypes.Contains(type))
            throw new InputException(origin, $"field 'model_type' is '{type}'; supported: {string.Join(", ", ModelTypes)}");
        // Llama 4's and Gemma 3's released configs wrap the language model's fields in text_config (beside the vision encoder's).
        if (type is "llama4" or "gemma3")
        {
            r = r.Object("text_config");
            type += "_text";
        }
        int heads = r.Int("num_attention_heads");
        var shape = new TransformerShape
        {
            Layers = r.Int("num_hidden_layers"), Hidden = r.Int("hidden_size"), Heads = heads,
            KvHeads = r.Int("num_key_value_heads", heads), HeadDim = r.Int("head_dim", 0),
            // A Nemotron-H config needs it only for dense MLP layers, which NemotronH reads it for.
            Ffn = r.Int("intermediate_size", type == "nemotron_h" ? 0 : -1),
            // Gemma 3's text config leaves the vocabulary at Gemma3TextConfig's default.
            Vocab = r.Int("vocab_size", type == "gemma3_text" ? Gemma3Vocab : -1), SeqLen = seqLen, Style = ModelStyle.Llama, Mlp = MlpKind.Gated,
        };
        shape = type switch
        {
            // Mixtral's layout: every layer's MLP is num_local_experts experts of intermediate_size, top num_experts_per_tok. Phi-3.5-MoE
            // and Granite's MoE models name theirs alike; OLMoE calls the count num_experts.
            "mixtral" or "phimoe" or "granitemoe" => shape with { Experts = r.Int("num_local_experts"), TopK = r.Int("num_experts_per_tok"), ExpertFfn = shape.Ffn },
            "olmoe" => shape with { Experts = r.Int("num_experts"), TopK = r.Int("num_experts_per_tok"), ExpertFfn = shape.Ffn },
            // gpt-oss's config.json carries the transformers names and OpenAI's own (num_experts, experts_per_token); either is read.
            "gpt_oss" => shape with
            {
                Experts = r.Int("num_local_experts", 0) is > 0 and int e ? e : r.Int("num_experts"),
                TopK = r.Int("num_experts_per_tok", 0) is > 0 and int k ? k : r.Int("experts_per_token"),
                ExpertFfn = shape.Ffn,
            },
            // Llama 4: intermediate_size is an expert's width, and every MoE layer adds one shared expert of that width; the layers
            // between (every interleave_moe_layer_step-th is MoE) are dense MLPs of intermediate_size_mlp. The model prices layers by
            // their kind's share, so the dense ones count as leading layers. Chunked attention (attention_chunk_size, 8,192) is priced as
            // full causal attention: the same at sequences up to the chunk, more above it.
            "llama4_text" => Llama4(shape, r, origin),
            "qwen3_moe" => Qwen3Moe(shape, r, origin),
            // Qwen2-MoE (Qwen1.5-MoE, Qwen2-57B-A14B): Qwen3-MoE's layers with one shared expert of shared_expert_intermediate_size,
            // counted as that many experts of moe_intermediate_size side by side.
            "qwen2_moe" => Qwen3Moe(shape, r, origin) with { SharedExperts = SharedExperts(r, "shared_expert_intermediate_size", origin) },
            // GLM-4.5: DeepSeek-V3's expert layout (leading dense layers, shared experts, prediction modules) with grouped-query attention.
            "glm4_moe" => shape with
            {
                Experts = r.Int("n_routed_experts"),
                TopK = r.Int("num_experts_per_tok"),
                ExpertFfn = r.Int("moe_intermediate_size"),
                SharedExperts = r.Int("n_shared_experts", 0),
                DenseLayers = r.Int("first_k_dense_replace", 0),
                MtpLayers = r.Int("num_nextn_predict_layers", 0),
            },
            "nemotron_h" => NemotronH(shape, r, origin),
            // Multi-head latent attention: query/key heads of qk_nope + qk_rope, value heads of v_head_dim, and the two latents (a null
            // q_lora_rank, as in DeepSeek-V2-Lite, leaves the queries uncompressed). Kimi K2's config carries DeepSeek-V3's fields.
            "deepseek_v2" or "deepseek_v3" or "kimi_k2" => shape with
            {
                KvHeads = heads,
                HeadDim = r.Int("qk_nope_head_dim") + r.Int("qk_rope_head_dim"),
                RopeHeadDim = r.Int("qk_rope_head_dim"),
                VHeadDim = r.Int("v_head_dim"),
                KvLoraRank = r.Int("kv_lora_rank"),
                QLoraRank = r.Int("q_lora_rank", 0),
                MtpLayers = r.Int("num_nextn_predict_layers", 0),
                Experts = r.Int("n_routed_experts"),
                TopK = r.Int("num_experts_per_tok"),
                ExpertFfn = r.Int("moe_intermediate_size"),
                SharedExperts = r.Int("n_shared_experts", 0),
                DenseLayers = r.Int("first_k_dense_replace", 0),
            },
            _ => shape,
        };
        shape = WithSlidingWindow(shape, r, type, origin);
        // transformers leaves the head untied unless the config says otherwise, but for Gemma, whose configs tie it by default.
        if (r.Bool("tie_word_embeddings") ?? type.StartsWith("gemma", StringComparison.Ordinal))
            shape = shape with { TiedEmbeddings = 1 };
        if (shape.HeadDim == 0 && shape.Hidden % heads != 0)
            throw new InputException(origin, $"field 'num_attention_heads' is {heads}, which does not divide hidden_size {shape.Hidden} and no head_dim is given");
        if (heads % shape.KvHeads != 0)
            throw new InputException(origin, $"field 'num_key_value_heads' is {shape.KvHeads}, which does not divide num_attention_heads {heads}");
        if (shape.IsMoe && shape.TopK > shape.Experts)
            throw new InputException(origin, $"field 'num_experts_per_tok' is {shape.TopK}, more than the {shape.Experts} experts");
        if (shape.DenseLayers >= shape.Layers)
            throw new InputException(origin, $"field 'first_k_dense_replace' is {shape.DenseLayers}, not fewer than the {shape.Layers} layers");
        if (shape.HybridProblem(HybridField) is string problem)
            throw new InputException(origin, problem);
        return shape;
    }

    // The hybrid check's fields by the names a Nemotron-H config gives them.
    private static string HybridField(string field) => "field '" + field switch
    {
        "mamba_layers" or "attention_layers" => "hybrid_override_pattern",
        "mamba_heads" => "mamba_num_heads",
        "mamba_state" => "ssm_state_size",
        "mamba_groups" => "n_groups",
        "moe_latent" => "moe_latent_size",
        "mtp_layers" => "num_nextn_predict_layers",
        _ => field,
    } + "'";

    // Nemotron-H and Nemotron 3 (Megatron-Core's hybrid stack): hybrid_override_pattern gives each layer's kind, M a Mamba-2 mixer, *
    // attention, - a dense MLP of intermediate_size and E a mixture of experts, each a layer of its own. The model prices layers by
    // their kind's share, so only the counts are kept, and with both - and E the dense ones count as leading layers, as for Qwen3-MoE.
    private static TransformerShape NemotronH(TransformerShape shape, Reader r, string origin)
    {
        string pattern = r.Text("hybrid_override_pattern");
        if (pattern.Length != shape.Layers)
            throw new InputException(origin, $"field 'hybrid_override_pattern' has {pattern.Length} layers, not num_hidden_layers {shape.Layers}");
        if (pattern.AsSpan().IndexOfAnyExcept("M*-E") is int odd and >= 0)
            throw new InputException(origin, $"field 'hybrid_override_pattern' has '{pattern[odd]}'; a layer is M (Mamba-2), * (attention), - (MLP) or E (experts)");
        int mamba = pattern.Count(c => c == 'M'), attention = pattern.Count(c => c == '*');
        int dense = pattern.Count(c => c == '-'), moe = pattern.Count(c => c == 'E');
        if (mamba == 0)
            throw new InputException(origin, "field 'hybrid_override_pattern' has no Mamba-2 layer (M)");
        // transformers' default is relu2, the only activation released configs name; a gated one would change the matrices.
        if (r.Has("mlp_hidden_act") && r.Text("mlp_hidden_act") is var act and not "relu2")
            throw new InputException(origin, $"field 'mlp_hidden_act' is '{act}'; only relu2 (squared ReLU) is read");
        shape = shape with
        {
            // Nemotron 3 Super's prediction modules (mtp_hybrid_override_pattern "*E": an attention and an expert layer each).
            MtpLayers = r.Int("num_nextn_predict_layers", 0),
            Mlp = MlpKind.SquaredRelu,
            // Nemotron-H's configs call the head width attention_head_dim, Nemotron 3's head_dim.
            HeadDim = shape.HeadDim > 0 ? shape.HeadDim : r.Int("attention_head_dim", 0),
            MambaLayers = mamba,
            AttentionLayers = attention,
            MambaHeads = r.Int("mamba_num_heads"),
            MambaHeadDim = r.Int("mamba_head_dim"),
            MambaStateDim = r.Int("ssm_state_size"),
            MambaGroups = r.Int("n_groups"),
        };
        if (moe == 0)
            return shape with { Ffn = r.Int("intermediate_size") };
        if (!r.Has("n_routed_experts"))
            throw new InputException(origin, $"field 'n_routed_experts' is missing; hybrid_override_pattern has {moe} expert layers (E)");
        int expertFfn = r.Int("moe_intermediate_size");
        // The shared expert is one MLP of moe_shared_expert_intermediate_size: the matrices and FLOPs of as many experts of
        // moe_intermediate_size side by side, which is how the shape counts shared experts. n_shared_experts multiplies it (as vLLM
        // builds it; released configs say 1).
        int shared = SharedExperts(r, "moe_shared_expert_intermediate_size", origin);
        int copies = r.Has("n_shared_experts") ? r.Int("n_shared_experts", 0) : 1;
        return shape with
        {
            Experts = r.Int("n_routed_experts"),
            TopK = r.Int("num_experts_per_tok"),
            ExpertFfn = expertFfn,
            SharedExperts = shared * copies,
            // Nemotron 3 Super's LatentMoE: routed experts work at moe_latent_size between projections from h and back.
            MoeLatentDim = r.Has("moe_latent_size") ? r.Int("moe_latent_size") : 0,
            DenseLayers = dense,
            Ffn = dense > 0 ? r.Int("intermediate_size") : shape.Ffn > 0 ? shape.Ffn : expertFfn,
        };
    }

    // Qwen3-MoE: layer i has experts unless it is listed in mlp_only_layers or (i + 1) is not a multiple of decoder_sparse_step; the
    // others are dense MLPs of intermediate_size. As for Llama 4, the dense layers count as leading ones.
    private static TransformerShape Qwen3Moe(TransformerShape shape, Reader r, string origin)
    {
        int step = r.Int("decoder_sparse_step", 1);
        int[] mlpOnly = r.Ints("mlp_only_layers") ?? [];
        if (mlpOnly.FirstOrDefault(i => i >= shape.Layers, -1) is int outside and >= 0)
            throw new InputException(origin, $"field 'mlp_only_layers' names layer {outside}, beyond the {shape.Layers} layers");
        int moe = Enumerable.Range(0, shape.Layers).Count(i => !mlpOnly.Contains(i) && (i + 1) % step == 0);
        if (moe == 0)
            throw new InputException(origin, "fields 'decoder_sparse_step' and 'mlp_only_layers' leave no layer with experts");
        return shape with
        {
            Experts = r.Int("num_experts"),
            TopK = r.Int("num_experts_per_tok"),
            ExpertFfn = r.Int("moe_intermediate_size"),
            DenseLayers = shape.Layers - moe,
        };
    }

    /// <summary>Gemma3TextConfig's vocabulary when the config leaves it out (262,144 tokens and 64 reserved).</summary>
    private const int Gemma3Vocab = 262_208;

    // One shared expert of the field's width (0 when absent), as experts of moe_intermediate_size side by side.
    private static int SharedExperts(Reader r, string field, string origin)
    {
        int width = r.Int(field, 0), expert = r.Int("moe_intermediate_size");
        if (width % expert != 0)
            throw new InputException(origin, $"field '{field}' is {width}, not a whole number of experts of moe_intermediate_size {expert}");
        return width / expert;
    }

    private static TransformerShape Llama4(TransformerShape shape, Reader r, string origin)
    {
        int step = r.Int("interleave_moe_layer_step", 1);
        if (step > shape.Layers)
            throw new InputException(origin, $"field 'interleave_moe_layer_step' is {step}, more than the {shape.Layers} layers");
        return shape with
        {
            Experts = r.Int("num_local_experts"),
            TopK = r.Int("num_experts_per_tok"),
            ExpertFfn = shape.Ffn,
            SharedExperts = 1,
            Ffn = r.Int("intermediate_size_mlp"),
            DenseLayers = shape.Layers - shape.Layers / step,
        };
    }

    // The window's layers: those layer_types marks sliding_attention; without layer_types, in a Qwen2/Qwen3 config the layers from
    // max_window_layers on, in Gemma 2's every other layer from the first, in Gemma 3's all but every sliding_window_pattern-th (as
    // transformers builds them); otherwise every layer (Mistral 7B, Phi-3).
    private static TransformerShape WithSlidingWindow(TransformerShape shape, Reader r, string type, string origin)
    {
        if (r.Bool("use_sliding_window") == false)
            return shape;
        int window = r.Int("sliding_window", 0);
        if (window == 0)
            return shape;
        // Every attention layer: all of a transformer's, those of a hybrid's.
        int layers = (int)shape.AttentionBlocks;
        if (r.Strings("layer_types") is { } kinds)
        {
            if (kinds.Length != shape.Layers)
                throw new InputException(origin, $"field 'layer_types' lists {kinds.Length} layers, not num_hidden_layers {shape.Layers}");
            layers = kinds.Count(k => k == "sliding_attention");
        }
        else if (type.StartsWith("qwen", StringComparison.Ordinal))
        {
            layers = Math.Max(0, shape.Layers - r.Int("max_window_layers", 0));
        }
        else if (type == "gemma2")
        {
            layers = (shape.Layers + 1) / 2;
        }
        else if (type == "gemma3_text")
        {
            layers = shape.Layers - shape.Layers / r.Int("sliding_window_pattern", 6);
        }
        return layers == 0 ? shape : shape with { SlidingWindow = window, SlidingLayers = layers };
    }

    // Python's json module writes a non-finite float as a bare Infinity, -Infinity or NaN, which JSON has no word for; released
    // Nemotron configs carry one (time_step_limit). The shape reads no float, so each outside a string reads as that word quoted: ignored
    // there, and quoted in the error where a field the shape reads has one.
    private static string WithoutNonFinite(string json)
    {
        if (!json.Contains("Infinity", StringComparison.Ordinal) && !json.Contains("NaN", StringComparison.Ordinal))
            return json;
        var text = new StringBuilder(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            int word = inString ? 0 : NonFiniteLength(json.AsSpan(i));
            if (word > 0)
            {
                text.Append('"').Append(json, i, word).Append('"');
                i += word - 1;
                continue;
            }
            text.Append(c);
            if (inString && c == '\\' && i + 1 < json.Length)
                text.Append(json[++i]);
            else if (c == '"')
                inString = !inString;
        }
        return text.ToString();
    }

    private static int NonFiniteLength(ReadOnlySpan<char> at)
    {
        int sign = at.Length > 0 && at[0] is '-' or '+' ? 1 : 0;
        ReadOnlySpan<char> rest = at[sign..];
        return rest.StartsWith("Infinity", StringComparison.Ordinal) ? sign + 8 : rest.StartsWith("NaN", StringComparison.Ordinal) ? sign + 3 : 0;
    }

    private readonly struct Reader(JsonElement root, string origin)
    {
        /// <summary>Whether the field is given (present and not null).</summary>
        public bool Has(string field) => root.TryGetProperty(field, out JsonElement v) && v.ValueKind != JsonValueKind.Null;

        /// <summary>A true/false field; null when missing.</summary>
        public bool? Bool(string field) =>
            !root.TryGetProperty(field, out JsonElement v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
            : throw new InputException(origin, $"field '{field}' is {Shorten(v.GetRawText())}, expected true or false");

        /// <summary>A nested object's reader; an error when it is missing or not an object.</summary>
        public Reader Object(string field) =>
            root.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Object
                ? new Reader(v, origin) : throw new InputException(origin, $"field '{field}' is missing or not an object");

        /// <summary>An array of strings; null when missing.</summary>
        public string[]? Strings(string field)
        {
            if (!root.TryGetProperty(field, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
                return null;
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw new InputException(origin, $"field '{field}' is {Shorten(v.GetRawText())}, expected a list of strings");
            return v.EnumerateArray().Select(e => e.GetString()!).ToArray();
        }

        /// <summary>An array of whole numbers from 0 (layer indices); null when missing.</summary>
        public int[]? Ints(string field)
        {
            if (!root.TryGetProperty(field, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
                return null;
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int i) || i < 0))
                throw new InputException(origin, $"field '{field}' is {Shorten(v.GetRawText())}, expected a list of whole numbers from 0");
            return v.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }

        public string Text(string field) =>
            root.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                ? s : throw new InputException(origin, $"field '{field}' is missing or not a string");

        /// <summary>A positive whole number; <paramref name="absent"/> when the field is missing or null (−1: required).</summary>
        public int Int(string field, int absent = -1)
        {
            bool present = root.TryGetProperty(field, out JsonElement v) && v.ValueKind != JsonValueKind.Null;
            if (!present)
                return absent >= 0 ? absent : throw new InputException(origin, $"field '{field}' is missing");
            int min = absent == 0 ? 0 : 1;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= min && i <= MaxSize)
                return i;
            throw new InputException(origin, $"field '{field}' is {Shorten(v.GetRawText())}, expected a whole number from {min} to {MaxSize}");
        }

        private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";
    }
}
