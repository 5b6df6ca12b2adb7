using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>One line of a calibration file, turned into a run with every cell checked.</summary>
internal sealed class CalibrationRow(string[] header, string[] cells, string where)
{
    private string Cell(string column)
    {
        int i = Array.IndexOf(header, column);
        return i >= 0 && i < cells.Length ? cells[i].Trim() : "";
    }

    // Checked here, so a bad switch is reported with its file, line and column.
    private string Switches()
    {
        string text = Cell("switches");
        SoftwareSwitches.Parse(text, $"{where}, column 'switches'");
        return text;
    }

    private string Text(string column) =>
        Cell(column) is { Length: > 0 } s ? s : throw new InputException(where, $"column '{column}' is empty");

    private int Int(string column, int blank, int min = 1)
    {
        string s = Cell(column);
        if (s.Length == 0)
            return blank;
        double v = CalibrationFile.Number(s, $"{where}, column '{column}'");
        return v == Math.Floor(v) && v >= min && v <= int.MaxValue
            ? (int)v : throw new InputException(where, $"column '{column}' is {s}, expected a whole number of at least {min}");
    }

    private int Required(string column) =>
        Int(column, 0) is > 0 and var v ? v : throw new InputException(where, $"column '{column}' is empty");

    /// <summary>Columns of an explicit shape; a row that leaves them all blank takes its <c>model</c> preset's shape.</summary>
    private static readonly string[] ShapeColumns =
        ["style", "mlp", "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn", "vocab", "experts", "top_k", "expert_ffn",
         "shared_experts", "dense_layers", "kv_lora_rank", "q_lora_rank", "rope_head_dim", "v_head_dim", "mtp_layers", "sliding_window",
         "sliding_layers", "mamba_layers", "attention_layers", "mamba_heads", "mamba_head_dim", "mamba_state", "mamba_groups", "moe_latent"];

    /// <summary>The software a row that names none ran: Megatron-Core, eager, as most published runs since 2024.</summary>
    public const Software DefaultSoftware = Software.MegatronCore;

    /// <summary>The source group of a row that names none.</summary>
    public const string DefaultGroup = "measured";

    public PublishedRun ToRun()
    {
        bool noColumns = ShapeColumns.All(c => Cell(c).Length == 0);
        if (noColumns && Cell("model").Length == 0)
            throw new InputException(where, "no shape: give layers, hidden, heads, vocab and seq_len, or a shape preset in column 'model'");
        TransformerShape shape = noColumns ? PresetShape(Cell("model")) : ColumnShape();
        var space = new LayoutSpace
        {
            Tp = Int("tp", 0), Pp = Int("pp", 0), Cp = Int("cp", 0), Ep = Int("ep", 0), Interleave = Int("vp", 0), MicroBatch = Int("micro_batch", 0),
            Recompute = Cell("recompute") is "" ? -1
                : RecomputeNames.TryParse(Cell("recompute"), out Recompute recompute) ? (int)recompute
                : throw new InputException(where, $"recompute '{Cell("recompute")}' is not one of {string.Join(", ", RecomputeNames.Names)}"),
            SequenceParallel = Int("sequence_parallel", -1, 0), Zero = Int("zero", -1, 0),
        };
        if (!PrecisionNames.TryParse(Text("precision"), out Precision precision))
            throw new InputException(where, $"precision '{Cell("precision")}' is unknown");
        Software software = DefaultSoftware;
        if (Cell("software") is { Length: > 0 } named && !TrainingSoftware.TryParse(named, out software))
            throw new InputException(where, $"software '{named}' is not one of {string.Join(", ", TrainingSoftware.Names)}");
        ThroughputMetric metric = Text("metric") switch
        {
            "tokens_per_s_per_gpu" => ThroughputMetric.TokensPerSecondPerGpu,
            "tokens_per_s" => ThroughputMetric.TokensPerSecond,
            "mfu_pct" => ThroughputMetric.MfuPercent,
            "model_tflops_per_gpu" => ThroughputMetric.ModelTflopsPerGpu,
            "hardware_tflops_per_gpu" => ThroughputMetric.HardwareTflopsPerGpu,
            "step_time_s" => ThroughputMetric.StepTimeSeconds,
            "days" => ThroughputMetric.Days,
            var m => throw new InputException(where, $"metric '{m}' is not {string.Join(", ", Metrics)}"),
        };
        double value = CalibrationFile.Number(Text("value"), $"{where}, column 'value'");
        double tokens = Cell("training_tokens") is { Length: > 0 } t ? CalibrationFile.Number(t, $"{where}, column 'training_tokens'") : 0.0;
        if (value <= 0 || (metric == ThroughputMetric.Days && tokens <= 0))
            throw new InputException(where, $"value must be positive, and a 'days' row needs training_tokens");
        // A blank cluster is the accelerator's own, resolved where the profiles are (PublishedRun.Cluster).
        return new PublishedRun(Cell("source_group") is { Length: > 0 } g ? g : DefaultGroup, Text("run_id"), shape, Text("accelerator"), Required("gpus"),
            CalibrationFile.Number(Text("global_batch"), $"{where}, column 'global_batch'"), space, Cell("cluster"), metric, value, tokens,
            Cell("source"), precision, software, Switches(), Cell("model"));
    }

    /// <summary>The metrics a row may publish, as the <c>metric</c> column names them.</summary>
    public static readonly string[] Metrics =
        ["tokens_per_s_per_gpu", "tokens_per_s", "mfu_pct", "model_tflops_per_gpu", "hardware_tflops_per_gpu", "step_time_s", "days"];

    // A preset's shape at the row's sequence (a training setting, not part of the architecture), or the preset's own.
    private TransformerShape PresetShape(string model)
    {
        ShapePreset preset = ShapePresets.Find(model) ?? throw new InputException(where,
            $"model '{model}' is not a shape preset, and the shape columns (layers, hidden, heads, vocab, ...) are blank; give them, or a preset of 'computesim estimate --model'");
        return preset.Shape with { SeqLen = Int("seq_len", preset.Shape.SeqLen) };
    }

    private TransformerShape ColumnShape()
    {
        bool llama = Cell("style") == "llama";
        int hidden = Required("hidden"), heads = Required("heads");
        var shape = new TransformerShape
        {
            Layers = Required("layers"), Hidden = hidden, Heads = heads, KvHeads = Int("kv_heads", heads),
            HeadDim = Int("head_dim", 0), Ffn = Int("ffn", 4 * hidden), Vocab = Required("vocab"), SeqLen = Required("seq_len"),
            Style = llama ? ModelStyle.Llama : ModelStyle.Gpt,
            Mlp = Cell("mlp") switch
            {
                "" => llama ? MlpKind.Gated : MlpKind.Plain,
                var m => MlpNames.TryParse(m, out MlpKind kind) ? kind : throw new InputException(where, $"mlp '{m}' is not gelu, relu, relu2 or swiglu"),
            },
            Experts = Int("experts", 0), TopK = Int("top_k", 0), ExpertFfn = Int("expert_ffn", 0),
            SharedExperts = Int("shared_experts", 0, 0), DenseLayers = Int("dense_layers", 0, 0),
            KvLoraRank = Int("kv_lora_rank", 0, 0), QLoraRank = Int("q_lora_rank", 0, 0), RopeHeadDim = Int("rope_head_dim", 0, 0),
            VHeadDim = Int("v_head_dim", 0, 0), MtpLayers = Int("mtp_layers", 0, 0),
            SlidingWindow = Int("sliding_window", 0, 0),
            MambaLayers = Int("mamba_layers", 0, 0), AttentionLayers = Int("attention_layers", 0, 0), MambaHeads = Int("mamba_heads", 0, 0),
            MambaHeadDim = Int("mamba_head_dim", 0, 0), MambaStateDim = Int("mamba_state", 0, 0), MambaGroups = Int("mamba_groups", 0, 0),
            MoeLatentDim = Int("moe_latent", 0, 0),
        };
        shape = shape with { SlidingLayers = shape.SlidingWindow > 0 ? Int("sliding_layers", (int)shape.AttentionBlocks, 1) : Int("sliding_layers", 0, 0) };
        if (shape.SlidingLayers > shape.AttentionBlocks || (shape.SlidingLayers > 0 && shape.SlidingWindow < 1))
            throw new InputException(where, $"sliding_layers {shape.SlidingLayers} needs a sliding_window and at most {shape.AttentionBlocks} attention layers");
        if (shape.HybridProblem(column => $"column '{column}'") is string hybrid)
            throw new InputException(where, hybrid);
        if (shape.KvLoraRank > 0 && (shape.HeadDim <= shape.RopeHeadDim || shape.VHeadDim < 1))
            throw new InputException(where, "a latent-attention row (kv_lora_rank) needs head_dim wider than rope_head_dim, and v_head_dim");
        if (shape.Heads % shape.KvHeads != 0)
            throw new InputException(where, $"kv_heads {shape.KvHeads} must divide heads {shape.Heads}");
        if (shape.IsMoe && (shape.TopK < 1 || shape.TopK > shape.Experts || shape.ExpertFfn < 1))
            throw new InputException(where, $"an MoE row needs top_k between 1 and experts, and expert_ffn");
        return shape;
    }
}
