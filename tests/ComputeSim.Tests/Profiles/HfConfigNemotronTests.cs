using System.Text.Json;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Profiles;

/// <summary>Hugging Face configs of the Mamba-2 hybrids (model_type nemotron_h): Nemotron-H and Nemotron 3 Nano.</summary>
public sealed class HfConfigNemotronTests : IDisposable
{
    private readonly TempFolder _dir = new("computesim-nemotron");

    public void Dispose() => _dir.Dispose();

    // NVIDIA's Nemotron-H-8B-Base-8K config.json as released: 24 Mamba-2, 4 attention and 24 MLP layers; the head width is
    // attention_head_dim.
    private const string NemotronH8B = """
        {"architectures": ["NemotronHForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attention_head_dim": 128,
         "auto_map": {"AutoConfig": "configuration_nemotron_h.NemotronHConfig", "AutoModelForCausalLM": "modeling_nemotron_h.NemotronHForCausalLM"},
         "bos_token_id": 1, "chunk_size": 128, "conv_kernel": 4, "eos_token_id": 2, "expand": 2, "hidden_dropout": 0.0, "hidden_size": 4096,
         "hybrid_override_pattern": "M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M-", "initializer_range": 0.02,
         "intermediate_size": 21504, "layer_norm_epsilon": 1e-05, "mamba_head_dim": 64, "mamba_hidden_act": "silu", "mamba_num_heads": 128,
         "mamba_proj_bias": false, "max_position_embeddings": 8192, "mlp_bias": false, "mlp_hidden_act": "relu2", "model_type": "nemotron_h",
         "n_groups": 8, "num_attention_heads": 32, "num_hidden_layers": 52, "num_key_value_heads": 8, "num_logits_to_keep": 1,
         "pad_token_id": 0, "rescale_prenorm_residual": true, "residual_in_fp32": false, "rms_norm_eps": 1e-05, "ssm_state_size": 128,
         "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.48.0.dev0", "use_bias": false,
         "use_cache": true, "use_conv_bias": true, "use_mamba_kernels": true, "vocab_size": 131072}
        """;

    // NVIDIA's Nemotron 3 Nano 30B-A3B config.json as released: 23 Mamba-2, 6 attention and 23 expert layers of 128 experts (top 6)
    // beside one shared expert twice an expert's width; intermediate_size is unused (no dense MLP layer). Python wrote the upper
    // time_step_limit as a bare Infinity, which is not JSON.
    private const string Nano = """
        {"architectures": ["NemotronHForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 1,
         "chunk_size": 128, "conv_kernel": 4, "eos_token_id": 2, "expand": 2, "head_dim": 128, "hidden_dropout": 0.0, "hidden_size": 2688,
         "hybrid_override_pattern": "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME", "initializer_range": 0.02,
         "intermediate_size": 1856, "layer_norm_epsilon": 1e-05, "mamba_head_dim": 64, "mamba_hidden_act": "silu", "mamba_num_heads": 64,
         "mamba_proj_bias": false, "mamba_ssm_cache_dtype": "float32", "max_position_embeddings": 262144, "mlp_bias": false,
         "mlp_hidden_act": "relu2", "model_type": "nemotron_h", "moe_intermediate_size": 1856, "moe_shared_expert_intermediate_size": 3712,
         "n_group": 1, "n_groups": 8, "n_routed_experts": 128, "n_shared_experts": 1, "norm_eps": 1e-05, "norm_topk_prob": true,
         "num_attention_heads": 32, "num_experts_per_tok": 6, "num_hidden_layers": 52, "num_key_value_heads": 2, "num_logits_to_keep": 1,
         "pad_token_id": 0, "partial_rotary_factor": 1.0, "rescale_prenorm_residual": true, "residual_in_fp32": false, "rope_theta": 10000,
         "routed_scaling_factor": 2.5, "sliding_window": null, "ssm_state_size": 128, "tie_word_embeddings": false, "time_step_floor": 0.0001,
         "time_step_limit": [0.0, Infinity], "time_step_max": 0.1, "time_step_min": 0.001, "topk_group": 1, "torch_dtype": "bfloat16",
         "transformers_version": "4.55.4", "use_bias": false, "use_cache": true, "use_conv_bias": true, "use_mamba_kernels": true,
         "vocab_size": 131072}
        """;

    private const string NanoPattern = "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME";

    private string Write(string name, string json)
    {
        string path = _dir[name];
        File.WriteAllText(path, json);
        return path;
    }

    private static TransformerShape Parse(string json, int seqLen = 8192) => HfConfig.Parse(json, "config.json", seqLen);

    // The config with one field's text replaced, failing loudly if the text is not there.
    private static string Edit(string json, string from, string to)
    {
        Assert.Contains(from, json);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void Nemotron_h_8b_reads_as_its_preset()
    {
        TransformerShape read = HfConfig.Load(Write("nemotron-h-8b.json", NemotronH8B), 8192);
        TransformerShape preset = ShapePresets.ShapeOf("nemotron-h-8b");
        Assert.Equal(preset, read);
        Assert.Equal((24, 4, 24.0), (read.MambaLayers, read.AttentionLayers, read.MlpBlocks));
        Assert.Equal(preset.Parameters, read.Parameters);
        Assert.Equal(8.1008e9, read.Parameters, 0.0001e9);
    }

    [Fact]
    public void Nemotron3_nano_reads_as_its_preset_at_the_given_sequence_length()
    {
        TransformerShape read = HfConfig.Load(Write("nano.json", Nano), 4096);
        Assert.Equal(ShapePresets.ShapeOf("nemotron3-nano-30b-a3b") with { SeqLen = 4096 }, read);
        Assert.Equal((23, 6, 23.0, 0), (read.MambaLayers, read.AttentionLayers, read.MoeLayers, read.DenseLayers));
        // The shared expert of 3,712 is two of 1,856.
        Assert.Equal(2, read.SharedExperts);
    }

    [Fact]
    public void The_head_width_dense_width_and_shared_experts_read_from_either_name_or_default()
    {
        TransformerShape nano = Parse(Nano);
        // head_dim or attention_head_dim; without intermediate_size (no dense layer needs it) the expert's width stands in.
        Assert.Equal(nano, Parse(Edit(Nano, "\"head_dim\"", "\"attention_head_dim\"")));
        Assert.Equal(nano, Parse(Edit(Nano, "\"intermediate_size\": 1856,", "")));
        Assert.Equal(nano, Parse(Edit(Nano, "\"n_shared_experts\": 1,", "")));
        Assert.Equal(4, Parse(Edit(Nano, "\"n_shared_experts\": 1", "\"n_shared_experts\": 2")).SharedExperts);
        Assert.Equal(0, Parse(Edit(Nano, "\"moe_shared_expert_intermediate_size\": 3712,", "")).SharedExperts);
        // A null latent size and no prediction layers are the plain model; transformers' default activation is relu2.
        Assert.Equal(nano, Parse(Edit(Nano, "\"n_group\"", "\"moe_latent_size\": null, \"num_nextn_predict_layers\": 0, \"n_group\"")));
        Assert.Equal(nano, Parse(Edit(Nano, "\"mlp_hidden_act\": \"relu2\",", "")));
        // Nemotron 3 Super's latent experts and prediction modules are read.
        TransformerShape latent = Parse(Edit(Nano, "\"n_group\"", "\"moe_latent_size\": 1024, \"num_nextn_predict_layers\": 1, \"n_group\""));
        Assert.Equal(nano with { MoeLatentDim = 1024, MtpLayers = 1 }, latent);
        // A window applies to the attention layers only.
        TransformerShape windowed = Parse(Edit(Nano, "\"sliding_window\": null", "\"sliding_window\": 4096"));
        Assert.Equal((4096, 6), (windowed.SlidingWindow, windowed.SlidingLayers));
    }

    [Fact]
    public void Dense_and_expert_layers_together_count_the_dense_ones()
    {
        // Every other expert layer made a dense MLP of intermediate_size.
        string pattern = "M-M" + NanoPattern[3..];
        TransformerShape mixed = Parse(Edit(Edit(Nano, NanoPattern, pattern), "\"intermediate_size\": 1856", "\"intermediate_size\": 4096"));
        Assert.Equal((1, 22.0, 4096, 1856), (mixed.DenseLayers, mixed.MoeLayers, mixed.Ffn, mixed.ExpertFfn));
        Assert.Null(mixed.HybridProblem(f => f));
        // There the dense width is needed.
        var e = Assert.Throws<InputException>(() => Parse(Edit(Edit(Nano, NanoPattern, pattern), "\"intermediate_size\": 1856,", "")));
        Assert.Contains("field 'intermediate_size' is missing", e.Message);
    }

    [Fact]
    public void Non_finite_numbers_python_wrote_are_read_outside_strings_only()
    {
        // -Infinity and NaN too; inside a string the words stay as written.
        string odd = Edit(Nano, "[0.0, Infinity]", "[-Infinity, NaN], \"note\": \"Infinity \\\" NaN\"");
        Assert.Equal(Parse(Nano), Parse(odd));
        // Where the shape reads a size, the word is named.
        var e = Assert.Throws<InputException>(() => Parse(Edit(Nano, "\"hidden_size\": 2688", "\"hidden_size\": Infinity")));
        Assert.Contains("field 'hidden_size' is \"Infinity\"", e.Message);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { Edit(Nano, "\"n_group\"", "\"moe_latent_size\": 0, \"n_group\""), "moe_latent_size" },
        { Edit(Nano, "\"mlp_hidden_act\": \"relu2\"", "\"mlp_hidden_act\": \"silu\""), "mlp_hidden_act" },
        { Edit(Nano, NanoPattern, "MXMEM" + NanoPattern[5..]), "hybrid_override_pattern" },
        { Edit(Nano, NanoPattern, NanoPattern[1..]), "hybrid_override_pattern" },
        { Edit(Nano, NanoPattern, NanoPattern.Replace('M', '-')), "hybrid_override_pattern" },
        { Edit(Nano, "\"n_routed_experts\": 128,", ""), "n_routed_experts" },
        { Edit(Nano, "\"n_routed_experts\": 128", "\"n_routed_experts\": null"), "n_routed_experts" },
        { Edit(Nano, "\"moe_shared_expert_intermediate_size\": 3712", "\"moe_shared_expert_intermediate_size\": 3000"), "moe_shared_expert_intermediate_size" },
        { Edit(Nano, "\"num_experts_per_tok\": 6", "\"num_experts_per_tok\": 129"), "num_experts_per_tok" },
        { Edit(Nano, "\"n_groups\": 8", "\"n_groups\": 7"), "n_groups" },
        { Edit(Nano, "\"ssm_state_size\": 128,", ""), "ssm_state_size" },
        { Edit(Nano, "\"mamba_num_heads\": 64", "\"mamba_num_heads\": 0"), "mamba_num_heads" },
        { Edit(NemotronH8B, "\"intermediate_size\": 21504,", ""), "intermediate_size" },
        { Edit(NemotronH8B, "\"hybrid_override_pattern\"", "\"pattern\""), "hybrid_override_pattern" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_config_the_hybrid_cannot_read_is_refused_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<InputException>(() => HfConfig.Parse(json, "nemotron.json", 8192));
        Assert.StartsWith("nemotron.json: ", e.Message);
        Assert.Contains($"field '{field}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Estimate_reads_a_nemotron_config()
    {
        string[] job = ["estimate", "--hardware", "h100-sxm5-80gb", "--gpus", "64", "--precision", "bf16", "--tokens", "1T"];
        JsonElement j = CliRun.Json([.. job, "--hf-config", Write("nano-cli.json", Nano), "--seq-len", "8192"]);
        TransformerShape preset = ShapePresets.ShapeOf("nemotron3-nano-30b-a3b");
        Assert.Equal(preset.Parameters, j.GetProperty("params").GetDouble());
        Assert.Equal(preset.ActiveParameters / preset.Parameters, j.GetProperty("active_fraction").GetDouble(), 1e-9);
        // A refusal is one line naming the file and the field.
        string silu = Write("silu.json", Edit(Nano, "\"mlp_hidden_act\": \"relu2\"", "\"mlp_hidden_act\": \"silu\""));
        CliRun bad = CliRun.Of([.. job, "--hf-config", silu]);
        bad.AssertBadInput("field 'mlp_hidden_act'");
        Assert.Contains("silu.json", bad.Err);
    }
}
