using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Tests.Cli;

/// <summary>Explicit shapes (dense, MoE, from a Hugging Face config), context and expert parallelism, and params from the shape.</summary>
public sealed class ShapeCliTests : IDisposable
{
    private readonly TempFolder _dir = new("computesim-shape");

    public void Dispose() => _dir.Dispose();

    // Llama 3 70B as released (Dubey et al. 2024 Table 3; Meta's config.json).
    private static readonly string[] Llama70BShape =
        ["--layers", "80", "--hidden", "8192", "--heads", "64", "--kv-heads", "8", "--ffn", "28672", "--mlp", "swiglu", "--vocab", "128256"];

    private static readonly string[] Llama70B = [.. Llama70BShape, "--seq-len", "8192"];

    // Mixtral 8x7B (Jiang et al. 2024 Table 1): 46.7B total, 12.9B active.
    private const string MixtralConfig = """
        {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336,
         "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "num_local_experts": 8,
         "num_experts_per_tok": 2, "vocab_size": 32000, "max_position_embeddings": 32768, "rope_theta": 1000000.0}
        """;

    private static string[] Estimate(params string[] extra) =>
        ["estimate", "--hardware", "h100-sxm5-80gb", "--gpus", "256", "--precision", "bf16", "--tokens", "1T", .. extra];

    [Fact]
    public void An_explicit_shape_without_params_takes_its_size_from_the_shape()
    {
        JsonElement j = CliRun.Json(Estimate(Llama70B));
        // Llama 3 70B: 70.6B parameters as released.
        Assert.Equal(70.55e9, j.GetProperty("params").GetDouble(), 0.01e9);
        Assert.True(j.TryGetProperty("layout", out _));
    }

    [Fact]
    public void Params_that_restate_the_shape_within_one_percent_are_accepted_and_others_name_both_numbers()
    {
        Assert.Equal(0, CliRun.Of([.. Estimate(Llama70B), "--params", "70.6B", "--format", "json"]).ExitCode);
        CliRun bad = CliRun.Of([.. Estimate(Llama70B), "--params", "65B"]);
        bad.AssertBadInput("--params");
        Assert.Contains("65B", bad.Err);
        Assert.Contains("70.55B", bad.Err);
    }

    [Fact]
    public void Heads_must_split_the_hidden_size_into_whole_heads_unless_their_width_is_given()
    {
        // Found by a hostile run: 63 heads of an 8,192 hidden size were accepted, each 130.03 wide.
        string[] shape = ["--layers", "32", "--hidden", "8192", "--heads", "63", "--utilization", "0.4"];
        CliRun.Of(Estimate(shape)).AssertBadInput("--heads: 63 does not divide --hidden 8192 into whole heads; give --head-dim");
        Assert.Equal(0, CliRun.Of([.. Estimate(shape), "--head-dim", "128"]).ExitCode);
        CliRun.Of(Estimate("--layers", "32", "--hidden", "8192", "--heads", "64", "--kv-heads", "6")).AssertBadInput("--kv-heads: 6 must divide --heads 64");
        string config = _dir["odd-heads.json"];
        File.WriteAllText(config, """{"model_type": "llama", "hidden_size": 8192, "num_hidden_layers": 32, "num_attention_heads": 63, "num_key_value_heads": 9, "intermediate_size": 28672, "vocab_size": 128256}""");
        CliRun.Of(Estimate("--hf-config", config)).AssertBadInput("field 'num_attention_heads' is 63, which does not divide hidden_size 8192");
    }

    [Fact]
    public void Params_beside_a_preset_only_restate_it()
    {
        // Found by a hostile run: --model gpt3-175b --params 70B printed "70B params" beside the 175B shape's FLOPs, and at a given
        // utilisation priced 70B instead.
        Assert.Equal(0, CliRun.Of([.. Estimate("--model", "llama3-70b", "--params", "70.6B")]).ExitCode);
        CliRun.Of(Estimate("--model", "gpt3-175b", "--params", "70B")).AssertBadInput("--params: 70B differs from gpt3-175b's 174.6B parameters");
        // A preset of the GPT-3 table alone (no shape), at a given utilisation.
        CliRun.Of(Estimate("--model", "gpt3-2.7b", "--params", "70B", "--utilization", "0.4")).AssertBadInput("--params: 70B differs from gpt3-2.7b's");
        CliRun.Of(["compare", "--model", "gpt3-175b", "--params", "70B", "--gpus", "64"]).AssertBadInput("--params");
    }

    [Fact]
    public void A_presets_sequence_follows_seq_len_and_its_vocabulary_stays()
    {
        // Llama 3 70B trains at 8,192 by default; at 4,096 its layers are the same, its attention per token half.
        JsonElement at8k = CliRun.Json(Estimate("--model", "llama3-70b"));
        JsonElement at4k = CliRun.Json(Estimate("--model", "llama3-70b", "--seq-len", "4096"));
        Assert.Equal(at8k.GetProperty("params").GetDouble(), at4k.GetProperty("params").GetDouble());
        TransformerShape llama = ShapePresets.ShapeOf("llama3-70b");
        double perToken8k = llama.ModelFlopsPerSequence / 8192, perToken4k = (llama with { SeqLen = 4096 }).ModelFlopsPerSequence / 4096;
        Assert.True(perToken4k < perToken8k);
        Assert.Equal(perToken4k / perToken8k, at4k.GetProperty("total_flops").GetDouble() / at8k.GetProperty("total_flops").GetDouble(), 1e-9);
        Assert.Contains("seq 4096, vocab 128256", CliRun.Of(Estimate("--model", "llama3-70b", "--seq-len", "4096")).Out);
        CliRun.Of(Estimate("--model", "llama3-70b", "--vocab", "32000")).AssertBadInput("--vocab: the model's shape fixes it at 128256");
    }

    [Fact]
    public void Mlp_picks_two_or_three_matrices_and_the_layer_style()
    {
        string[] dense = ["--layers", "32", "--hidden", "4096", "--heads", "32", "--ffn", "11008", "--utilization", "0.4"];
        double gelu = CliRun.Json(Estimate(dense)).GetProperty("params").GetDouble();
        double swiglu = CliRun.Json(Estimate([.. dense, "--mlp", "swiglu"])).GetProperty("params").GetDouble();
        var gpt = new TransformerShape { Layers = 32, Hidden = 4096, Heads = 32, KvHeads = 32, Ffn = 11008, SeqLen = 2048, Vocab = 51200 };
        TransformerShape llama = gpt with { Style = ModelStyle.Llama, Mlp = MlpKind.Gated };
        Assert.Equal(gpt.Parameters, gelu);
        Assert.Equal(llama.Parameters, swiglu);
        // Llama 2 7B's released size (Touvron et al. 2023): 6.74B with V 32000.
        Assert.Equal(6.74e9, (llama with { Vocab = 32000 }).Parameters, 0.01e9);
        // The gate is one more h x f matrix per layer.
        Assert.Equal(32.0 * 4096 * 11008, (llama with { Mlp = MlpKind.Gated }).Parameters - (llama with { Mlp = MlpKind.Plain }).Parameters);
        // relu2 (Nemotron-4's squared ReLU): GPT's two matrices and layers, and the shape says so.
        JsonElement relu2 = CliRun.Json(Estimate([.. dense, "--mlp", "relu2"]));
        Assert.Equal(gelu, relu2.GetProperty("params").GetDouble());
        Assert.Contains("ffn 11008 relu2", CliRun.Of(Estimate("--layers", "32", "--hidden", "4096", "--heads", "32", "--ffn", "11008", "--mlp", "relu2")).Out);
        CliRun.Of(Estimate([.. dense, "--mlp", "relu3"])).AssertBadInput("relu3");
    }

    [Fact]
    public void A_moe_config_counts_active_parameters_at_l0_and_predicts_with_expert_parallelism()
    {
        string config = _dir["config.json"];
        File.WriteAllText(config, MixtralConfig);
        JsonElement l0 = CliRun.Json(Estimate("--hf-config", config, "--seq-len", "4096", "--utilization", "0.4"));
        double total = l0.GetProperty("params").GetDouble(), active = l0.GetProperty("active_fraction").GetDouble();
        Assert.Equal(46.7e9, total, 0.05e9);
        Assert.Equal(12.9e9, active * total, 0.05e9);
        // L0 FLOPs: 6 x active params x tokens.
        Assert.Equal(6 * active * total * 1e12, l0.GetProperty("total_flops").GetDouble(), 1e12);

        JsonElement l2 = CliRun.Json(Estimate("--hf-config", config, "--seq-len", "4096", "--ep", "8"));
        Assert.Equal(8, l2.GetProperty("layout").GetProperty("ep").GetInt32());
        Assert.Equal(1, l2.GetProperty("layout").GetProperty("cp").GetInt32());
        CliRun.Of(Estimate("--hf-config", config, "--active-fraction", "0.5")).AssertBadInput("--active-fraction");
        CliRun.Of(Estimate("--hf-config", config, "--vocab", "50000")).AssertBadInput("--vocab");
        CliRun.Of(Estimate("--hf-config", config, "--layers", "2")).AssertBadInput("--hf-config");
        Assert.Equal(0, CliRun.Of([.. Estimate("--hf-config", config, "--active-fraction", "0.2758"), "--format", "json"]).ExitCode);
    }

    [Fact]
    public void Moe_flags_build_the_same_shape_as_the_config()
    {
        string config = _dir["mixtral.json"];
        File.WriteAllText(config, MixtralConfig);
        string[] flags = ["--layers", "32", "--hidden", "4096", "--heads", "32", "--kv-heads", "8", "--ffn", "14336", "--mlp", "swiglu",
            "--experts", "8", "--top-k", "2", "--vocab", "32000", "--utilization", "0.4"];
        Assert.Equal(CliRun.Json(Estimate("--hf-config", config, "--utilization", "0.4")).GetProperty("params").GetDouble(),
            CliRun.Json(Estimate(flags)).GetProperty("params").GetDouble());
    }

    [Fact]
    public void Configs_of_each_family_read_into_the_published_sizes()
    {
        // Qwen3-30B-A3B (Qwen3 report Table 2: 30.5B total, 3.3B active) and DeepSeek-V3 (671B, 37B; its latent attention and
        // prediction module read from the config): 1% on the totals, 2% on DeepSeek's active count (37B is rounded).
        string qwen = _dir["qwen3.json"], deepseek = _dir["deepseek.json"];
        File.WriteAllText(qwen, """{"model_type": "qwen3_moe", "hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128, "intermediate_size": 6144, "moe_intermediate_size": 768, "num_experts": 128, "num_experts_per_tok": 8, "vocab_size": 151936}""");
        File.WriteAllText(deepseek, """{"model_type": "deepseek_v3", "hidden_size": 7168, "num_hidden_layers": 61, "num_attention_heads": 128, "num_key_value_heads": 128, "intermediate_size": 18432, "moe_intermediate_size": 2048, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 3, "vocab_size": 129280, "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "num_nextn_predict_layers": 1}""");
        TransformerShape q = ComputeSim.Profiles.HfConfig.Load(qwen, 4096), d = ComputeSim.Profiles.HfConfig.Load(deepseek, 4096);
        Assert.Equal(30.5e9, q.Parameters, 0.2e9);
        Assert.Equal(3.3e9, q.ActiveParameters, 0.1e9);
        Assert.Equal(671e9, d.Parameters, 0.01 * 671e9);
        Assert.Equal(37e9, d.ActiveParameters, 0.02 * 37e9);
        Assert.Equal(ShapePresets.ShapeOf("deepseek-v3") with { SeqLen = 4096 }, d);
    }

    [Fact]
    public void Tied_embeddings_and_qwen3_moe_dense_layers_are_read_not_ignored()
    {
        // Found by a hostile run: tie_word_embeddings was ignored (Llama 3.2 1B read as 1.50B) and so were Qwen3-MoE's dense layers.
        // Meta's Llama 3.2 model card: 1.23B and 3.21B parameters, the output head tied to the embedding; 1% on each.
        string one = _dir["llama32-1b.json"], three = _dir["llama32-3b.json"];
        File.WriteAllText(one, """{"model_type": "llama", "hidden_size": 2048, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64, "intermediate_size": 8192, "vocab_size": 128256, "tie_word_embeddings": true}""");
        File.WriteAllText(three, """{"model_type": "llama", "hidden_size": 3072, "num_hidden_layers": 28, "num_attention_heads": 24, "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 8192, "vocab_size": 128256, "tie_word_embeddings": true}""");
        TransformerShape small = ComputeSim.Profiles.HfConfig.Load(one, 8192), medium = ComputeSim.Profiles.HfConfig.Load(three, 8192);
        Assert.Equal(1.23e9, small.Parameters, 0.01 * 1.23e9);
        Assert.Equal(3.21e9, medium.Parameters, 0.01 * 3.21e9);
        // Tying saves the head's matrix in the count, not its FLOPs.
        TransformerShape untied = small with { TiedEmbeddings = 0 };
        Assert.Equal(2048.0 * 128256, untied.Parameters - small.Parameters);
        Assert.Equal(untied.ModelFlopsPerSequence, small.ModelFlopsPerSequence);
        Assert.Contains("vocab 128256 (tied)", CliRun.Of(Estimate("--hf-config", one)).Out);
        // The JSON carries the shape the text prints, named as the runs files name its fields.
        JsonElement json = CliRun.Json(Estimate("--hf-config", one, "--seq-len", "8192")).GetProperty("shape");
        Assert.Equal(16, json.GetProperty("layers").GetInt32());
        Assert.Equal(8192, json.GetProperty("seq_len").GetInt32());
        Assert.True(json.GetProperty("tied_embeddings").GetBoolean());
        Assert.Equal(small.Parameters, json.GetProperty("params").GetDouble());

        // Qwen3-MoE: experts on layer i unless it is in mlp_only_layers or (i + 1) is not a multiple of decoder_sparse_step.
        const string Qwen = """{"model_type": "qwen3_moe", "hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128, "intermediate_size": 6144, "moe_intermediate_size": 768, "num_experts": 128, "num_experts_per_tok": 8, "vocab_size": 151936""";
        TransformerShape Qwen3(string extra, string name)
        {
            File.WriteAllText(_dir[name], Qwen + extra + "}");
            return ComputeSim.Profiles.HfConfig.Load(_dir[name], 4096);
        }
        Assert.Equal(0, Qwen3("", "q-all.json").DenseLayers);
        Assert.Equal(24, Qwen3(""", "decoder_sparse_step": 2""", "q-step.json").DenseLayers);
        Assert.Equal(3, Qwen3(""", "mlp_only_layers": [0, 1, 2]""", "q-only.json").DenseLayers);
        Assert.Equal(25, Qwen3(""", "decoder_sparse_step": 2, "mlp_only_layers": [0, 1]""", "q-both.json").DenseLayers);
        var e = Assert.Throws<InputException>(() => Qwen3(""", "mlp_only_layers": [48]""", "q-bad.json"));
        Assert.Contains("field 'mlp_only_layers' names layer 48, beyond the 48 layers", e.Message);
    }

    [Fact]
    public void Deepseek_v2_and_kimi_k2_configs_read_as_their_presets()
    {
        // DeepSeek-V2-Lite's released config.json (its q_lora_rank is null: queries uncompressed) and Kimi K2's (model_type kimi_k2,
        // DeepSeek-V3's field names), the fields the shape needs.
        string lite = _dir["v2-lite.json"], kimi = _dir["kimi.json"];
        File.WriteAllText(lite, """{"model_type": "deepseek_v2", "hidden_size": 2048, "num_hidden_layers": 27, "num_attention_heads": 16, "num_key_value_heads": 16, "intermediate_size": 10944, "moe_intermediate_size": 1408, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6, "first_k_dense_replace": 1, "vocab_size": 102400, "q_lora_rank": null, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128}""");
        File.WriteAllText(kimi, """{"model_type": "kimi_k2", "hidden_size": 7168, "num_hidden_layers": 61, "num_attention_heads": 64, "num_key_value_heads": 64, "intermediate_size": 18432, "moe_intermediate_size": 2048, "n_routed_experts": 384, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 1, "vocab_size": 163840, "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128, "num_nextn_predict_layers": 0}""");
        Assert.Equal(ShapePresets.ShapeOf("deepseek-v2-lite"), ComputeSim.Profiles.HfConfig.Load(lite, 4096));
        Assert.Equal(ShapePresets.ShapeOf("kimi-k2"), ComputeSim.Profiles.HfConfig.Load(kimi, 4096));
    }

    [Fact]
    public void Llama4_configs_read_as_their_presets()
    {
        // Meta's Llama 4 configs (2025-04): the language model's fields inside text_config; intermediate_size is an expert's width, and
        // Maverick's interleave_moe_layer_step 2 makes every other layer a dense MLP of intermediate_size_mlp. A text-only export
        // (model_type llama4_text) carries the same fields at the top.
        const string text = """ "hidden_size": 5120, "num_hidden_layers": 48, "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 8192, "intermediate_size_mlp": 16384, "vocab_size": 202048, "num_experts_per_tok": 1, "attention_chunk_size": 8192 """;
        string scout = _dir["scout.json"], maverick = _dir["maverick.json"];
        File.WriteAllText(scout, $$$"""{"model_type": "llama4", "vision_config": {"hidden_size": 1408}, "text_config": {"model_type": "llama4_text", {{{text}}}, "num_local_experts": 16, "interleave_moe_layer_step": 1}}""");
        File.WriteAllText(maverick, $$$"""{"model_type": "llama4_text", {{{text}}}, "num_local_experts": 128, "interleave_moe_layer_step": 2}""");
        Assert.Equal(ShapePresets.ShapeOf("llama4-scout"), ComputeSim.Profiles.HfConfig.Load(scout, 8192));
        Assert.Equal(ShapePresets.ShapeOf("llama4-maverick"), ComputeSim.Profiles.HfConfig.Load(maverick, 8192));
    }

    public static TheoryData<string, string> BadConfigs => new()
    {
        { """{"model_type": "llama4", "hidden_size": 5120}""", "text_config" },
        { """{"model_type": "gpt_neox", "hidden_size": 4096}""", "model_type" },
        { """{"model_type": "llama", "hidden_size": "big", "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 8, "vocab_size": 8}""", "hidden_size" },
        { """{"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 3, "intermediate_size": 8, "vocab_size": 8}""", "num_key_value_heads" },
        { """{"model_type": "mixtral", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "intermediate_size": 8, "vocab_size": 8, "num_local_experts": 8}""", "num_experts_per_tok" },
        { """{"model_type": "llama", """, "invalid JSON" },
        { "[1, 2]", "not a config object" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_config_is_one_line_naming_the_file_and_field(string json, string culprit)
    {
        string path = _dir["bad-config.json"];
        File.WriteAllText(path, json);
        CliRun run = CliRun.Of(Estimate("--hf-config", path));
        run.AssertBadInput(culprit);
        Assert.Contains("bad-config.json", run.Err);
    }

    [Fact]
    public void An_oversized_config_is_refused_before_it_is_read_whole()
    {
        string path = _dir["huge.json"];
        File.WriteAllText(path, "{\"model_type\": \"llama\", \"pad\": \"" + new string('x', 2 << 20) + "\"}");
        CliRun.Of(Estimate("--hf-config", path)).AssertBadInput("huge.json");
    }

    public static TheoryData<string[], string> BadShapes => new()
    {
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--tp", "3"], "--tp" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--experts", "8", "--top-k", "2", "--ep", "3"], "--ep" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--experts", "8", "--top-k", "9"], "--top-k" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--experts", "8"], "--top-k" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--top-k", "2"], "--top-k" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--kv-heads", "5"], "--kv-heads" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--ep", "2"], "--ep" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--cp", "3", "--seq-len", "4096"], "--cp" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--experts", "8", "--top-k", "2", "--dense-layers", "32"], "--dense-layers" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--mlp", "relu"], "--mlp" },
        { ["--head-dim", "128"], "--head-dim" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--rope-head-dim", "64"], "--rope-head-dim" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-lora-rank", "512", "--rope-head-dim", "64"], "--head-dim" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-lora-rank", "512", "--head-dim", "192"], "--rope-head-dim" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-lora-rank", "512", "--head-dim", "192", "--rope-head-dim", "192"], "--rope-head-dim" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-heads", "4", "--kv-lora-rank", "512", "--head-dim", "192", "--rope-head-dim", "64"], "--kv-heads" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-lora-rank", "512", "--head-dim", "192", "--rope-head-dim", "64", "--q-lora-rank", "-1"], "--q-lora-rank" },
        { ["--layers", "27", "--hidden", "2048", "--heads", "16", "--kv-lora-rank", "0", "--head-dim", "192", "--rope-head-dim", "64"], "--kv-lora-rank" },
        { ["--layers", "36", "--hidden", "2880", "--heads", "64", "--sliding-window-layers", "18"], "--sliding-window-layers" },
        { ["--layers", "36", "--hidden", "2880", "--heads", "64", "--sliding-window", "0"], "--sliding-window" },
        { ["--layers", "36", "--hidden", "2880", "--heads", "64", "--sliding-window", "128", "--sliding-window-layers", "37"], "--sliding-window-layers" },
        { ["--layers", "36", "--hidden", "2880", "--heads", "64", "--sliding-window", "128", "--sliding-window-layers", "0"], "--sliding-window-layers" },
        { ["--layers", "32", "--hidden", "4096", "--heads", "32", "--model", "gpt3-13b"], "--model" },
        { ["--params", "7B", "--active-fraction", "0.3"], "--active-fraction" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void A_bad_shape_or_layout_is_a_one_line_error(string[] extra, string culprit) => CliRun.Of(Estimate(extra)).AssertBadInput(culprit);

    // DeepSeek-V3 as released (DeepSeek-AI 2024, arXiv:2412.19437, §4.2 and config.json), without its multi-token-prediction module.
    private static readonly string[] DeepSeekV3Shape =
    [
        "--layers", "61", "--hidden", "7168", "--heads", "128", "--head-dim", "192", "--kv-lora-rank", "512", "--q-lora-rank", "1536",
        "--rope-head-dim", "64", "--v-head-dim", "128", "--mlp", "swiglu", "--ffn", "18432", "--experts", "256", "--top-k", "8",
        "--expert-ffn", "2048", "--shared-experts", "1", "--dense-layers", "3", "--vocab", "129280", "--seq-len", "4096",
    ];

    [Fact]
    public void Latent_attention_flags_give_deepseek_v3s_published_size_and_the_presets_shape()
    {
        JsonElement flags = CliRun.Json(Estimate(DeepSeekV3Shape));
        // DeepSeek-V3 report, abstract: 671B total parameters (the MTP module's 14B aside), to the billion as published.
        Assert.Equal(671e9, flags.GetProperty("params").GetDouble(), 0.5e9);
        // The same shape as the preset's, whose multi-token-prediction layer is left out here.
        TransformerShape preset = ShapePresets.ShapeOf("deepseek-v3") with { MtpLayers = 0 };
        Assert.Equal(preset.Parameters, flags.GetProperty("params").GetDouble(), preset.Parameters * 1e-12);
    }

    [Fact]
    public void Uncompressed_queries_are_latent_attention_without_a_query_rank()
    {
        // DeepSeek-V2-Lite (DeepSeek-AI 2024, arXiv:2405.04434, Appendix B; config.json): 15.7B total parameters, no query compression.
        string[] lite =
        [
            "--layers", "27", "--hidden", "2048", "--heads", "16", "--head-dim", "192", "--kv-lora-rank", "512", "--rope-head-dim", "64",
            "--v-head-dim", "128", "--mlp", "swiglu", "--ffn", "10944", "--experts", "64", "--top-k", "6", "--expert-ffn", "1408",
            "--shared-experts", "2", "--dense-layers", "1", "--vocab", "102400", "--seq-len", "4096",
        ];
        double lite16 = CliRun.Json(Estimate(lite)).GetProperty("params").GetDouble();
        Assert.Equal(15.7e9, lite16, 0.05e9);
        // Compressing the queries through a rank-512 latent (h x 512 + 512 x heads x 192 instead of h x heads x 192) shrinks it.
        Assert.True(CliRun.Json(Estimate([.. lite, "--q-lora-rank", "512"])).GetProperty("params").GetDouble() < lite16);
    }

    // gpt-oss-120b's released config.json (the fields the shape reads): every other layer a 128-token sliding window.
    private const string GptOssConfig = """
        {"model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 36, "num_attention_heads": 64,
         "num_key_value_heads": 8, "head_dim": 64, "num_local_experts": 128, "num_experts_per_tok": 4, "vocab_size": 201088,
         "sliding_window": 128, "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention",
         "sliding_attention", "full_attention"]}
        """;

    private static readonly string[] GptOssShape =
    [
        "--layers", "36", "--hidden", "2880", "--heads", "64", "--kv-heads", "8", "--head-dim", "64", "--mlp", "swiglu", "--ffn", "2880",
        "--experts", "128", "--top-k", "4", "--vocab", "201088", "--seq-len", "4096",
    ];

    [Fact]
    public void A_sliding_window_from_flags_or_a_config_gives_gpt_oss_its_size_and_less_attention()
    {
        string config = _dir["gpt-oss.json"];
        File.WriteAllText(config, GptOssConfig);
        string[] window = ["--sliding-window", "128", "--sliding-window-layers", "18"];
        JsonElement flags = CliRun.Json(Estimate([.. GptOssShape, .. window]));
        // gpt-oss model card (arXiv:2508.10925) Table 1: 116.83B total parameters; attention and expert biases and sinks are not
        // counted (about 0.1%), so 0.5% either way.
        Assert.Equal(116.83e9, flags.GetProperty("params").GetDouble(), 0.6e9);
        TransformerShape preset = ShapePresets.ShapeOf("gpt-oss-120b");
        TransformerShape read = ComputeSim.Profiles.HfConfig.Load(config, 4096);
        Assert.Equal((128, 18), (read.SlidingWindow, read.SlidingLayers));
        Assert.Equal(preset.Parameters, read.Parameters);
        // OpenAI's own field names for the experts read the same.
        string openai = _dir["gpt-oss-openai.json"];
        File.WriteAllText(openai, GptOssConfig.Replace("num_local_experts", "num_experts", StringComparison.Ordinal)
            .Replace("num_experts_per_tok", "experts_per_token", StringComparison.Ordinal));
        Assert.Equal(preset.Parameters, ComputeSim.Profiles.HfConfig.Load(openai, 4096).Parameters);
        // The window spares half the layers' s x s attention: the same tokens count fewer FLOPs than without it, by the shape's ratio.
        double full = CliRun.Json(Estimate(GptOssShape)).GetProperty("total_flops").GetDouble();
        double windowed = flags.GetProperty("total_flops").GetDouble();
        double ratio = preset.ModelFlopsPerSequence / (preset with { SlidingWindow = 0, SlidingLayers = 0 }).ModelFlopsPerSequence;
        Assert.True(ratio < 0.95, $"{ratio}");
        Assert.Equal(ratio, windowed / full, 1e-9);
        Assert.Contains("sliding window 128 on 18 layers", CliRun.Of(Estimate([.. GptOssShape, .. window])).Out);
    }

    [Fact]
    public void A_config_whose_layer_types_miscount_the_layers_is_refused()
    {
        string config = _dir["gpt-oss-short.json"];
        File.WriteAllText(config, GptOssConfig.Replace("\"sliding_attention\", \"full_attention\"]}", "\"sliding_attention\"]}", StringComparison.Ordinal));
        CliRun bad = CliRun.Of(Estimate("--hf-config", config, "--seq-len", "4096"));
        bad.AssertBadInput("layer_types");
        // Qwen2-style configs name the window but turn it off: no window.
        string qwen = _dir["qwen2.json"];
        File.WriteAllText(qwen, """{"model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28, "num_attention_heads": 28, "num_key_value_heads": 4, "vocab_size": 152064, "use_sliding_window": false, "sliding_window": 4096, "max_window_layers": 28}""");
        Assert.Equal(0, ComputeSim.Profiles.HfConfig.Load(qwen, 8192).SlidingWindow);
    }

    [Fact]
    public void Fixed_context_parallelism_splits_each_sequence()
    {
        string[] args = Estimate([.. Llama70BShape, "--seq-len", "32768", "--cp", "4", "--global-batch", "64"]);
        JsonElement j = CliRun.Json(args);
        JsonElement l = j.GetProperty("layout");
        Assert.Equal(4, l.GetProperty("cp").GetInt32());
        Assert.Equal(256, l.GetProperty("tp").GetInt32() * l.GetProperty("cp").GetInt32() * l.GetProperty("pp").GetInt32() * l.GetProperty("dp").GetInt32());
        Assert.Contains("x cp 4 x", CliRun.Of(args).Out);
    }
}

/// <summary>The default global batch, the low-MFU note, and cp/ep in sweep outputs.</summary>
public sealed class BatchAndNoteCliTests
{
    [Fact]
    public void The_default_batch_grows_with_the_cluster_as_llama_3s_did()
    {
        string[] job = ["estimate", "--model", "llama3.1-405b", "--hardware", "h100-sxm5-80gb", "--precision", "bf16"];
        // Llama 3 405B: 2048 sequences of 8192 tokens on 16,384 GPUs (Dubey et al. 2024 Table 4); 4M tokens (512 sequences) on a small cluster.
        Assert.Equal(2048, CliRun.Json([.. job, "--gpus", "16384"]).GetProperty("global_batch").GetDouble());
        Assert.Equal(512, CliRun.Json([.. job, "--gpus", "1024"]).GetProperty("global_batch").GetDouble());
        Assert.Equal(1000, CliRun.Json([.. job, "--gpus", "1024", "--global-batch", "1000"]).GetProperty("global_batch").GetDouble());
    }

    [Fact]
    public void A_prediction_under_15_percent_mfu_says_why_from_the_steps_parts_and_others_say_nothing()
    {
        string[] job = ["estimate", "--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--precision", "bf16"];
        JsonElement low = CliRun.Json([.. job, "--gpus", "4096", "--global-batch", "256"]);
        Assert.True(low.GetProperty("mfu").GetDouble() < 0.15);
        string note = low.GetProperty("mfu_note").GetString()!;
        Assert.Contains("mostly", note);
        Assert.Contains("pipeline bubble", note);
        Assert.Contains("note: MFU", CliRun.Of([.. job, "--gpus", "4096", "--global-batch", "256"]).Out);
        // The note reads the step's parts, which the output lists and which add up to the step.
        JsonElement parts = low.GetProperty("step_parts");
        Assert.Equal(low.GetProperty("step_time_s").GetDouble(), parts.EnumerateObject().Sum(p => p.Value.GetDouble()), 1e-9);
        Assert.True(parts.GetProperty("pipeline_bubble_s").GetDouble() > 0);
        Assert.Matches(@"pipeline_bubble_s +[0-9.e+-]+ +[0-9.]+%", CliRun.Of([.. job, "--gpus", "4096", "--global-batch", "512"]).Out);
        JsonElement fine = CliRun.Json([.. job, "--gpus", "256"]);
        Assert.True(fine.GetProperty("mfu").GetDouble() >= 0.15);
        Assert.False(fine.TryGetProperty("mfu_note", out _));
    }

    [Fact]
    public void Sweep_rows_carry_cp_and_ep_and_a_fixed_ep_needs_experts()
    {
        JsonElement j = CliRun.Json("sweep", "--predict", "--params", "7B", "--tokens", "20x", "--gpus", "64", "--hardware", "h100-sxm5-80gb",
            "--precision", "bf16", "--backend", "cpu", "--top", "1", "--quiet");
        JsonElement top = j.GetProperty("top")[0];
        Assert.Equal(1, top.GetProperty("cp").GetInt32());
        Assert.Equal(1, top.GetProperty("ep").GetInt32());
        CliRun.Of("sweep", "--predict", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--ep", "2").AssertBadInput("--ep");
    }

    [Fact]
    public void Predicting_grids_refuse_an_active_fraction_their_dense_shapes_would_drop()
    {
        CliRun.Of("sweep", "--predict", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--active-fraction", "0.25").AssertBadInput("--active-fraction");
        CliRun.Of("plan", "--predict", "--max-cost-usd", "1M", "--hardware", "h100-sxm5-80gb", "--active-fraction", "0.25").AssertBadInput("--active-fraction");
        // Without --predict the fraction scales the L0 FLOPs, as before.
        Assert.Equal(0, CliRun.Of("sweep", "--params", "7B", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--active-fraction", "0.25", "--quiet", "--backend", "cpu").ExitCode);
    }

    [Fact]
    public void A_40b_model_from_params_alone_can_use_tensor_parallelism_8()
    {
        JsonElement j = CliRun.Json("estimate", "--params", "40B", "--tokens", "1T", "--hardware", "h100-sxm5-80gb", "--gpus", "64", "--precision", "bf16", "--tp", "8");
        Assert.Equal(8, j.GetProperty("layout").GetProperty("tp").GetInt32());
    }
}
