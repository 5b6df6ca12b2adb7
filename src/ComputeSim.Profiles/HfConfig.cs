using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>Reads a local Hugging Face <c>config.json</c> into a transformer shape.</summary>
/// <remarks>
/// Field names as in the transformers library's configuration classes (LlamaConfig, MistralConfig,
/// MixtralConfig, Qwen2Config, Qwen3Config, Qwen3MoeConfig, DeepseekV2Config, DeepseekV3Config, GptOssConfig; Kimi K2's own, which
/// keeps DeepseekV3Config's names). Every supported family
/// is a Llama-style decoder with a gated (SwiGLU) MLP. <c>max_position_embeddings</c> is the context
/// the model supports, not the sequence length it was trained on, so the sequence length is given
/// separately. DeepSeek-V2's and V3's multi-head latent attention and multi-token-prediction modules are read as
/// the <see cref="ModernPresets"/> shape carries them. Sliding-window attention is read from <c>sliding_window</c> and
/// <c>layer_types</c> (or, in Qwen2/Qwen3 configs, <c>use_sliding_window</c> and <c>max_window_layers</c>). Unknown fields are ignored (configs carry many that
/// do not change the cost); a missing, mistyped or out-of-range field the shape needs is an error
/// naming the file and the field.
/// </remarks>
public static class HfConfig
{
    /// <summary>Model types read: dense Llama-style, Mixtral-style MoE, Qwen3-MoE, DeepSeek-V2 and V3 and Kimi K2 (DeepSeek-V3's layers), and GPT-OSS.</summary>
    public static readonly IReadOnlyList<string> ModelTypes = ["llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen3_moe", "deepseek_v2", "deepseek_v3", "kimi_k2", "gpt_oss", "llama4", "llama4_text"];

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
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
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
        // Llama 4's released config wraps the language model's fields in text_config (beside the vision encoder's).
        if (type == "llama4")
        {
            r = r.Object("text_config");
            type = "llama4_text";
        }
        int heads = r.Int("num_attention_heads");
        var shape = new TransformerShape
        {
            Layers = r.Int("num_hidden_layers"), Hidden = r.Int("hidden_size"), Heads = heads,
            KvHeads = r.Int("num_key_value_heads", heads), HeadDim = r.Int("head_dim", 0), Ffn = r.Int("intermediate_size"),
            Vocab = r.Int("vocab_size"), SeqLen = seqLen, Style = ModelStyle.Llama, Mlp = MlpKind.Gated,
        };
        shape = type switch
        {
            "mixtral" => shape with { Experts = r.Int("num_local_experts"), TopK = r.Int("num_experts_per_tok"), ExpertFfn = shape.Ffn },
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
        // transformers leaves the head untied unless the config says otherwise (every supported family's default).
        if (r.Bool("tie_word_embeddings") == true)
            shape = shape with { TiedEmbeddings = 1 };
        if (shape.HeadDim == 0 && shape.Hidden % heads != 0)
            throw new InputException(origin, $"field 'num_attention_heads' is {heads}, which does not divide hidden_size {shape.Hidden} and no head_dim is given");
        if (heads % shape.KvHeads != 0)
            throw new InputException(origin, $"field 'num_key_value_heads' is {shape.KvHeads}, which does not divide num_attention_heads {heads}");
        if (shape.IsMoe && shape.TopK > shape.Experts)
            throw new InputException(origin, $"field 'num_experts_per_tok' is {shape.TopK}, more than the {shape.Experts} experts");
        if (shape.DenseLayers >= shape.Layers)
            throw new InputException(origin, $"field 'first_k_dense_replace' is {shape.DenseLayers}, not fewer than the {shape.Layers} layers");
        return shape;
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

    // The window's layers: those layer_types marks sliding_attention; in a Qwen2/Qwen3 config without layer_types, the layers from
    // max_window_layers on (as transformers builds them); otherwise every layer (Mistral 7B).
    private static TransformerShape WithSlidingWindow(TransformerShape shape, Reader r, string type, string origin)
    {
        if (r.Bool("use_sliding_window") == false)
            return shape;
        int window = r.Int("sliding_window", 0);
        if (window == 0)
            return shape;
        int layers = shape.Layers;
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
        return layers == 0 ? shape : shape with { SlidingWindow = window, SlidingLayers = layers };
    }

    private readonly struct Reader(JsonElement root, string origin)
    {
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
