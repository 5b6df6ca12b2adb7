using System.CommandLine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>The flags of an explicit transformer shape: dense or mixture-of-experts, or a Hugging Face config.json.</summary>
internal sealed class ShapeOptions
{
    /// <summary>Options for a command.</summary>
    public ShapeOptions() => Mlp.AcceptOnlyFromAmong("gelu", "swiglu", "relu2");

    /// <summary>--layers.</summary>
    public Option<int?> Layers { get; } = new("--layers") { Description = "Transformer layers (with --hidden and --heads: an explicit shape)" };
    /// <summary>--hidden.</summary>
    public Option<int?> Hidden { get; } = new("--hidden") { Description = "Hidden size" };
    /// <summary>--heads.</summary>
    public Option<int?> Heads { get; } = new("--heads") { Description = "Attention heads" };
    /// <summary>--kv-heads.</summary>
    public Option<int?> KvHeads { get; } = new("--kv-heads") { Description = "Key/value heads (default: --heads; fewer is grouped-query attention)" };
    /// <summary>--head-dim.</summary>
    public Option<int?> HeadDim { get; } = new("--head-dim") { Description = "Width of one attention head (default: hidden / heads; Qwen3 uses 128)" };
    /// <summary>--ffn.</summary>
    public Option<int?> Ffn { get; } = new("--ffn") { Description = "MLP intermediate size (default 4 x hidden)" };
    /// <summary>--mlp.</summary>
    public Option<string> Mlp { get; } = new("--mlp") { Description = "gelu: 2 MLP matrices, GPT-style layers; swiglu: 3 matrices, Llama-style layers (no biases, RMSNorm, untied embeddings); relu2: 2 matrices with a squared ReLU, GPT-style layers (Nemotron-4)", DefaultValueFactory = _ => "gelu" };
    /// <summary>--experts.</summary>
    public Option<int?> Experts { get; } = new("--experts") { Description = "Routed experts per MoE layer (a mixture of experts; needs --top-k)" };
    /// <summary>--top-k.</summary>
    public Option<int?> TopK { get; } = new("--top-k") { Description = "Routed experts each token visits" };
    /// <summary>--expert-ffn.</summary>
    public Option<int?> ExpertFfn { get; } = new("--expert-ffn") { Description = "Intermediate size of one expert (default: --ffn)" };
    /// <summary>--shared-experts.</summary>
    public Option<int?> SharedExperts { get; } = new("--shared-experts") { Description = "Shared experts every token visits (default 0)" };
    /// <summary>--dense-layers.</summary>
    public Option<int?> DenseLayers { get; } = new("--dense-layers") { Description = "Leading layers with a dense MLP of --ffn (default 0; DeepSeek-V3: 3)" };
    /// <summary>--kv-lora-rank.</summary>
    public Option<int?> KvLoraRank { get; } = new("--kv-lora-rank") { Description = "Multi-head latent attention: width of the compressed keys and values (DeepSeek-V2/V3: 512); --head-dim is then a query/key head's width with its rotary part (DeepSeek-V3: 192)" };
    /// <summary>--q-lora-rank.</summary>
    public Option<int?> QLoraRank { get; } = new("--q-lora-rank") { Description = "Latent attention: width of the compressed queries (DeepSeek-V3: 1536; default 0, queries not compressed, as in DeepSeek-V2-Lite)" };
    /// <summary>--rope-head-dim.</summary>
    public Option<int?> RopeHeadDim { get; } = new("--rope-head-dim") { Description = "Latent attention: the rotary part of a query/key head, carried outside the latent (DeepSeek-V3: 64)" };
    /// <summary>--v-head-dim.</summary>
    public Option<int?> VHeadDim { get; } = new("--v-head-dim") { Description = "Latent attention: width of a value head (DeepSeek-V3: 128; default --head-dim)" };
    /// <summary>--sliding-window.</summary>
    public Option<int?> SlidingWindow { get; } = new("--sliding-window") { Description = "Sliding-window attention: keys a query attends, itself included (GPT-OSS: 128, Mistral 7B: 4096); default: every layer attends the whole sequence" };
    /// <summary>--sliding-window-layers.</summary>
    public Option<int?> SlidingWindowLayers { get; } = new("--sliding-window-layers") { Description = "Layers that attend the --sliding-window, the rest the whole sequence (GPT-OSS: 18 of 36; default: every layer)" };
    /// <summary>--moe-latent.</summary>
    public Option<int?> MoeLatent { get; } = new("--moe-latent") { Description = "Latent experts (Nemotron 3 Super's LatentMoE: 1024): routed experts work at this width, each token projected from --hidden down to it before dispatch and back after (default: experts work at --hidden)" };
    /// <summary>--mamba-layers.</summary>
    public Option<int?> MambaLayers { get; } = new("--mamba-layers") { Description = "A hybrid model: Mamba-2 mixer layers among --layers, which then counts every layer (Nemotron-H 56B: 54 of 118); needs --attention-layers, --mamba-heads and --mamba-state; its layers are Llama-style (no biases, RMSNorm, untied embeddings) whatever --mlp" };
    /// <summary>--attention-layers.</summary>
    public Option<int?> AttentionLayers { get; } = new("--attention-layers") { Description = "A hybrid model: attention layers among --layers; the rest are MLP or expert layers (Nemotron-H 56B: 10)" };
    /// <summary>--mamba-heads.</summary>
    public Option<int?> MambaHeads { get; } = new("--mamba-heads") { Description = "A hybrid model: heads of a Mamba-2 mixer (Nemotron-H 56B: 256)" };
    /// <summary>--mamba-head-dim.</summary>
    public Option<int?> MambaHeadDim { get; } = new("--mamba-head-dim") { Description = "A hybrid model: width of a Mamba-2 head (default 64, as in every released Mamba-2 model)" };
    /// <summary>--mamba-state.</summary>
    public Option<int?> MambaState { get; } = new("--mamba-state") { Description = "A hybrid model: the scan's state size (Nemotron-H 56B: 256; Nemotron 3 Nano: 128)" };
    /// <summary>--mamba-groups.</summary>
    public Option<int?> MambaGroups { get; } = new("--mamba-groups") { Description = "A hybrid model: groups sharing one B and C (default 8, as in Nemotron-H and Nemotron 3)" };
    /// <summary>--hf-config.</summary>
    public Option<string?> HfConfig { get; } = new("--hf-config") { Description = $"A local Hugging Face config.json ({string.Join(", ", Profiles.HfConfig.ModelTypes)}); its sequence length is --seq-len" };

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All => [Layers, Hidden, Heads, KvHeads, HeadDim, Ffn, Mlp, Experts, TopK, ExpertFfn, SharedExperts, DenseLayers,
        KvLoraRank, QLoraRank, RopeHeadDim, VHeadDim, SlidingWindow, SlidingWindowLayers, MoeLatent, MambaLayers, AttentionLayers, MambaHeads,
        MambaHeadDim, MambaState, MambaGroups, HfConfig];

    private IEnumerable<Option> Details => [KvHeads, HeadDim, Ffn, Mlp, Experts, TopK, ExpertFfn, SharedExperts, DenseLayers, KvLoraRank, QLoraRank,
        RopeHeadDim, VHeadDim, SlidingWindow, SlidingWindowLayers, MoeLatent, MambaLayers, AttentionLayers, MambaHeads, MambaHeadDim, MambaState, MambaGroups];

    /// <summary>The shape the flags describe, or null when none is given; <paramref name="seqLen"/> and <paramref name="vocab"/> complete it.</summary>
    public TransformerShape? Resolve(ParseResult parse, int seqLen, int vocab)
    {
        int? layers = parse.GetValue(Layers), hidden = parse.GetValue(Hidden), heads = parse.GetValue(Heads);
        bool flags = layers is not null || hidden is not null || heads is not null;
        if (parse.GetValue(HfConfig) is string path)
        {
            Option? extra = flags ? Layers : FirstGiven(parse, Details);
            if (extra is not null)
                throw new InputException($"--hf-config: the config gives the shape; drop {extra.Name}");
            return Profiles.HfConfig.Load(path, seqLen);
        }
        if (!flags)
        {
            Option? stray = FirstGiven(parse, Details);
            return stray is null ? null : throw new InputException($"{stray.Name}: part of an explicit shape; give --layers, --hidden and --heads too");
        }
        if (layers is not int l || hidden is not int h || heads is not int a)
            throw new InputException("--layers, --hidden and --heads: give all three for an explicit shape");
        Positive(l, "--layers");
        Positive(h, "--hidden");
        Positive(a, "--heads");
        int g = Positive(parse.GetValue(KvHeads) ?? a, "--kv-heads");
        if (a % g != 0)
            throw new InputException($"--kv-heads: {g} must divide --heads {a}");
        int f = Positive(parse.GetValue(Ffn) ?? 4 * h, "--ffn");
        // The option accepts only names MlpNames reads.
        MlpKind mlp = MlpNames.TryParse(parse.GetValue(Mlp) ?? "gelu", out MlpKind kind) ? kind : MlpKind.Plain;
        bool gated = mlp == MlpKind.Gated;
        int headDim = parse.GetValue(HeadDim) is int d ? Positive(d, "--head-dim") : 0;
        // Without a head width each head is hidden / heads wide, which must be whole (a width that is not would price fractional heads).
        if (headDim == 0 && h % a != 0)
            throw new InputException($"--heads: {a} does not divide --hidden {h} into whole heads; give --head-dim");
        var shape = new TransformerShape
        {
            Layers = l, Hidden = h, Heads = a, KvHeads = g, Ffn = f, SeqLen = seqLen, Vocab = vocab,
            HeadDim = headDim,
            Style = gated ? ModelStyle.Llama : ModelStyle.Gpt, Mlp = mlp,
        };
        TransformerShape full = WithSlidingWindow(parse, WithExperts(parse, WithLatentAttention(parse, WithMamba(parse, shape))));
        return full.HybridProblem(FlagName) is string problem ? throw new InputException(problem) : full;
    }

    // A hybrid model (Nemotron-H, Nemotron 3): its layers' kinds by count, and the Mamba-2 mixer's sizes.
    private TransformerShape WithMamba(ParseResult parse, TransformerShape shape)
    {
        if (parse.GetValue(MambaLayers) is not int m)
        {
            Option? mambaOnly = FirstGiven(parse, [AttentionLayers, MambaHeads, MambaHeadDim, MambaState, MambaGroups]);
            return mambaOnly is null ? shape : throw new InputException($"{mambaOnly.Name}: only for a hybrid model; give --mamba-layers too");
        }
        // Released hybrids have no biases, RMSNorm and untied embeddings (Llama-style layers), whatever their MLP.
        return shape with
        {
            Style = ModelStyle.Llama,
            MambaLayers = Positive(m, "--mamba-layers"),
            AttentionLayers = parse.GetValue(AttentionLayers) ?? throw new InputException("--attention-layers: required with --mamba-layers (0 for none)"),
            MambaHeads = Positive(parse.GetValue(MambaHeads) ?? throw new InputException("--mamba-heads: required with --mamba-layers"), "--mamba-heads"),
            MambaHeadDim = Positive(parse.GetValue(MambaHeadDim) ?? 64, "--mamba-head-dim"),
            MambaStateDim = Positive(parse.GetValue(MambaState) ?? throw new InputException("--mamba-state: required with --mamba-layers"), "--mamba-state"),
            MambaGroups = Positive(parse.GetValue(MambaGroups) ?? 8, "--mamba-groups"),
        };
    }

    // A hybrid field's flag: the run files' column name with dashes (mamba_state is --mamba-state).
    private static string FlagName(string column) => "--" + column.Replace('_', '-');

    // Sliding-window attention (Mistral 7B on every layer; GPT-OSS, Gemma 2 on alternate layers): only the number of windowed
    // layers matters to the cost, not which they are.
    private TransformerShape WithSlidingWindow(ParseResult parse, TransformerShape shape)
    {
        if (parse.GetValue(SlidingWindow) is not int w)
        {
            return parse.GetResult(SlidingWindowLayers) is { Implicit: false }
                ? throw new InputException("--sliding-window-layers: only with a window; give --sliding-window too")
                : shape;
        }
        Positive(w, "--sliding-window");
        int attention = (int)shape.AttentionBlocks;
        int n = parse.GetValue(SlidingWindowLayers) ?? attention;
        if (n < 1 || n > attention)
            throw new InputException($"--sliding-window-layers: {n} must be from 1 to the attention layers ({attention})");
        return shape with { SlidingWindow = w, SlidingLayers = n };
    }

    // Multi-head latent attention (DeepSeek-V2/V3): every head reads the shared key/value latent, so there are as many key/value
    // heads as heads; a query/key head is --head-dim wide with its rotary part, a value head --v-head-dim.
    private TransformerShape WithLatentAttention(ParseResult parse, TransformerShape shape)
    {
        if (parse.GetValue(KvLoraRank) is not int kv)
        {
            Option? latentOnly = FirstGiven(parse, [QLoraRank, RopeHeadDim, VHeadDim]);
            return latentOnly is null ? shape : throw new InputException($"{latentOnly.Name}: only for latent attention; give --kv-lora-rank too");
        }
        Positive(kv, "--kv-lora-rank");
        if (parse.GetResult(KvHeads) is { Implicit: false } && shape.KvHeads != shape.Heads)
            throw new InputException($"--kv-heads: latent attention gives every head its keys and values; drop --kv-heads or make it --heads ({shape.Heads})");
        int head = shape.HeadDim > 0 ? shape.HeadDim : throw new InputException("--head-dim: required with --kv-lora-rank (a query/key head's width with its rotary part; DeepSeek-V3: 192)");
        int rope = Positive(parse.GetValue(RopeHeadDim) ?? throw new InputException("--rope-head-dim: required with --kv-lora-rank (DeepSeek-V3: 64)"), "--rope-head-dim");
        if (rope >= head)
            throw new InputException($"--rope-head-dim: {rope} must be less than --head-dim {head}, which includes it");
        int q = parse.GetValue(QLoraRank) ?? 0;
        if (q < 0)
            throw new InputException($"--q-lora-rank: {q} must be at least 0 (0: queries not compressed)");
        return shape with
        {
            KvHeads = shape.Heads,
            KvLoraRank = kv,
            QLoraRank = q,
            RopeHeadDim = rope,
            VHeadDim = Positive(parse.GetValue(VHeadDim) ?? head, "--v-head-dim"),
        };
    }

    private TransformerShape WithExperts(ParseResult parse, TransformerShape shape)
    {
        int? experts = parse.GetValue(Experts);
        if (experts is null)
        {
            Option? moeOnly = FirstGiven(parse, [TopK, ExpertFfn, SharedExperts, DenseLayers, MoeLatent]);
            return moeOnly is null ? shape : throw new InputException($"{moeOnly.Name}: only for a mixture of experts; give --experts too");
        }
        int e = Positive(experts.Value, "--experts");
        int k = Positive(parse.GetValue(TopK) ?? throw new InputException("--top-k: required with --experts"), "--top-k");
        if (k > e)
            throw new InputException($"--top-k: {k} is more than --experts {e}");
        int shared = parse.GetValue(SharedExperts) ?? 0;
        int dense = parse.GetValue(DenseLayers) ?? 0;
        if (shared < 0)
            throw new InputException($"--shared-experts: {shared} must be at least 0");
        if (dense < 0 || dense >= shape.MlpBlocks)
            throw new InputException($"--dense-layers: {dense} must be from 0 to {(shape.IsHybrid ? "the MLP layers" : "--layers")} - 1 ({shape.MlpBlocks - 1})");
        return shape with
        {
            Experts = e,
            TopK = k,
            ExpertFfn = Positive(parse.GetValue(ExpertFfn) ?? shape.Ffn, "--expert-ffn"),
            SharedExperts = shared,
            DenseLayers = dense,
            MoeLatentDim = parse.GetValue(MoeLatent) is int latent ? Positive(latent, "--moe-latent") : 0,
        };
    }

    // The first of the options given on the command line (not left to its default), or null.
    private static Option? FirstGiven(ParseResult parse, IEnumerable<Option> options) =>
        options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>v if at least 1, else an error naming <paramref name="flag"/>.</summary>
    public static int Positive(int v, string flag) => Check.Positive(v, flag);
}
