using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>A model shape as a JSON object, its fields named as the runs files name them (<c>layers</c>, <c>kv_heads</c>,
/// <c>seq_len</c>), so a shape read from a preset or a config can be checked and written back as a run.</summary>
internal static class ShapeJson
{
    /// <summary>Writes <paramref name="s"/> as the object <paramref name="name"/>.</summary>
    public static void Write(Utf8JsonWriter w, string name, in TransformerShape s)
    {
        w.WriteStartObject(name);
        w.WriteString("style", s.Style == ModelStyle.Gpt ? "gpt" : "llama");
        w.WriteString("mlp", MlpNames.Name(s.Mlp));
        foreach (var (key, value) in new (string, int)[]
        {
            ("layers", s.Layers), ("hidden", s.Hidden), ("heads", s.Heads), ("kv_heads", s.KvHeads), ("head_dim", s.HeadDim), ("ffn", s.Ffn),
            ("vocab", s.Vocab), ("seq_len", s.SeqLen), ("experts", s.Experts), ("top_k", s.TopK), ("expert_ffn", s.ExpertFfn),
            ("shared_experts", s.SharedExperts), ("dense_layers", s.DenseLayers), ("kv_lora_rank", s.KvLoraRank), ("q_lora_rank", s.QLoraRank),
            ("rope_head_dim", s.RopeHeadDim), ("v_head_dim", s.VHeadDim), ("mtp_layers", s.MtpLayers), ("sliding_window", s.SlidingWindow),
            ("sliding_layers", s.SlidingLayers), ("mamba_layers", s.MambaLayers), ("attention_layers", s.AttentionLayers),
            ("mamba_heads", s.MambaHeads), ("mamba_head_dim", s.MambaHeadDim), ("mamba_state", s.MambaStateDim), ("mamba_groups", s.MambaGroups),
            ("moe_latent", s.MoeLatentDim),
        })
        {
            w.WriteNumber(key, value);
        }
        w.WriteBoolean("tied_embeddings", s.TiesEmbeddings);
        w.WriteNumber("params", s.Parameters);
        w.WriteNumber("active_params", s.ActiveParameters);
        w.WriteEndObject();
    }
}
