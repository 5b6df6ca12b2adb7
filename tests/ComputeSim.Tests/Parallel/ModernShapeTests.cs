using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Gated MLPs, GQA with wide heads, mixtures of experts, and the calibration file that carries published runs.</summary>
public class ModernShapeTests
{
    [Fact]
    public void Dense_presets_train_with_at_least_six_flops_per_parameter_and_token()
    {
        foreach (ShapePreset p in ShapePresets.All.Where(p => !p.Shape.IsMoe))
        {
            double perToken = p.Shape.ModelFlopsPerSequence / p.Shape.SeqLen;
            // The property, with no allowance: attention FLOPs cover the parameters GEMMs never touch (norms, biases, input
            // embeddings). A hybrid has too few attention layers to cover its input embedding, which no GEMM reads (a lookup): its
            // other parameters each take six.
            double gemmWeights = p.Shape.Parameters - (p.Shape.IsHybrid ? (double)p.Shape.Vocab * p.Shape.Hidden : 0.0);
            Assert.True(perToken >= 6 * gemmWeights, $"{p.Name}: {perToken / gemmWeights:F3} per param");
        }
    }

    [Theory]
    // Llama 3 herd paper Table 3 and the released configs: 8.0B, 70.6B, 405.9B parameters (tolerance 1%).
    [InlineData("llama3-8b", 8.03e9)]
    [InlineData("llama3-70b", 70.6e9)]
    [InlineData("llama3.1-405b", 405.9e9)]
    // Mixtral paper Table 1 / config: 46.7B total; Qwen3 report Table 2: 30.5B and 235B total.
    [InlineData("mixtral-8x7b", 46.7e9)]
    [InlineData("qwen3-30b-a3b", 30.5e9)]
    [InlineData("qwen3-235b-a22b", 235e9)]
    // gpt-oss model card (arXiv:2508.10925) Table 1: 116.83B and 20.91B total (its biases and sinks, 0.1%, not counted).
    [InlineData("gpt-oss-120b", 116.83e9)]
    [InlineData("gpt-oss-20b", 20.91e9)]
    // Llama 3.1's 8B and 70B: Llama 3's shapes. Grok-1's release: 314B; DeepSeek-V2 paper: V2-Lite 15.7B.
    [InlineData("llama3.1-8b", 8.03e9)]
    [InlineData("llama3.1-70b", 70.6e9)]
    [InlineData("grok1-314b", 314e9)]
    [InlineData("deepseek-v2-lite", 15.7e9)]
    // Meta's Llama 4 model card (2025-04): Scout 109B (tolerance 1.5%: the card rounds to whole billions, and Scout's text layers as its
    // config gives them hold 107.8B) and Maverick 400B (1%).
    [InlineData("llama4-scout", 109e9, 0.015)]
    [InlineData("llama4-maverick", 400e9)]
    public void Preset_parameters_match_the_published_totals(string preset, double published, double tolerance = 0.01) =>
        Assert.Equal(published, ShapePresets.ShapeOf(preset).Parameters, published * tolerance);

    [Theory]
    // Nemotron-4 15B (arXiv:2402.16819) Table 1 and 340B (arXiv:2406.11704) Table 1 list their weights outside the embeddings: 12.5B
    // and 331.6B (tolerance 1%). The presets count the embeddings tied, as the calibration set's rows of these models do.
    [InlineData("nemotron4-15b", 12.5e9)]
    [InlineData("nemotron4-340b", 331.6e9)]
    public void Nemotron_presets_match_the_published_weights_outside_the_embeddings(string preset, double published)
    {
        TransformerShape s = ShapePresets.ShapeOf(preset);
        Assert.Equal(MlpKind.SquaredRelu, s.Mlp);
        Assert.Equal(published, s.Parameters - s.EmbeddingParameters, published * 0.01);
    }

    /// <summary>The presets and the public calibration set describe a model's layer the same way: every run that names a preset has
    /// its heads, widths, MLP, experts, latent attention, window and prediction modules. The sequence, vocabulary and layer count may
    /// differ (benchmarks run their own sequences, MLPerf's Llama 3.1 405B a 32,768-token vocabulary, DGX Cloud's smallest 405B and
    /// Grok-1 runs a few layers), and a shape whose every layer is MoE ignores its dense ffn; but some run of each preset has its
    /// layer count.</summary>
    [Fact]
    public void Presets_describe_a_layer_as_the_public_runs_that_name_them_do()
    {
        var layersSeen = new Dictionary<string, bool>();
        foreach (PublishedRun run in Validator.AllRuns)
        {
            if (ShapePresets.All.FirstOrDefault(p => p.Name == run.Model) is not ShapePreset preset)
                continue;
            TransformerShape p = preset.Shape, r = run.Shape;
            bool ffnUsed = !p.IsMoe || p.DenseLayers > 0;
            Assert.True((p.Hidden, p.Heads, p.KvHeads, p.HeadDim, p.Mlp, p.Style, ffnUsed ? p.Ffn : 0, p.Experts, p.TopK, p.ExpertFfn, p.SharedExperts,
                p.DenseLayers, p.KvLoraRank, p.QLoraRank, p.RopeHeadDim, p.VHeadDim, p.MtpLayers, p.SlidingWindow)
                == (r.Hidden, r.Heads, r.KvHeads, r.HeadDim, r.Mlp, r.Style, ffnUsed ? r.Ffn : 0, r.Experts, r.TopK, r.ExpertFfn, r.SharedExperts,
                r.DenseLayers, r.KvLoraRank, r.QLoraRank, r.RopeHeadDim, r.VHeadDim, r.MtpLayers, r.SlidingWindow), $"{run.Name} against {preset.Name}");
            layersSeen[preset.Name] = layersSeen.GetValueOrDefault(preset.Name) || (r.Layers == p.Layers && r.SlidingLayers == p.SlidingLayers);
        }
        // The set names 34 presets (Llama 2, 3 and 3.1, GPT-3 175B, Megatron's ten, MT-NLG, BLOOM, Mistral, Mixtral, Qwen3, DeepSeek,
        // Kimi, Grok-1, GPT-OSS, Nemotron-4).
        Assert.True(layersSeen.Count >= 34, $"{layersSeen.Count} presets named by the set");
        Assert.All(layersSeen, kv => Assert.True(kv.Value, $"no run of {kv.Key} has its layer count"));
    }

    [Theory]
    // Active parameters: Mixtral 12.9B, Qwen3-30B-A3B 3.3B, Qwen3-235B-A22B 22B, DeepSeek-V3 37B (tolerance 4%: the published
    // figures are rounded).
    [InlineData("mixtral-8x7b", 12.9e9, 0.04)]
    [InlineData("qwen3-30b-a3b", 3.3e9, 0.04)]
    [InlineData("qwen3-235b-a22b", 22e9, 0.04)]
    [InlineData("deepseek-v3", 37e9, 0.04)]
    // Kimi K2 (arXiv:2507.20534): 32B active.
    [InlineData("kimi-k2", 32e9, 0.04)]
    // Llama 4 (Meta's model card): 17B active for Scout and Maverick alike, one routed and one shared expert a token.
    [InlineData("llama4-scout", 17e9, 0.04)]
    [InlineData("llama4-maverick", 17e9, 0.04)]
    public void Moe_flops_follow_the_active_parameters(string preset, double active, double tolerance)
    {
        TransformerShape s = ShapePresets.ShapeOf(preset);
        Assert.Equal(active, s.ActiveParameters, active * tolerance);
        double perToken = s.ModelFlopsPerSequence / s.SeqLen;
        Assert.InRange(perToken / (6 * s.ActiveParameters), 0.99, 1.5);
        Assert.True(perToken < 6 * s.Parameters * 0.5, "an MoE token does not pass through every expert");
    }

    /// <summary>
    /// DeepSeek-V3's latent attention (DeepSeek-V2 §2.1: 187M weights a layer) and multi-token prediction (DeepSeek-V3 §2.2) against
    /// Megatron-Bridge 25.11's performance table, which prints model TFLOP/s and tokens/s for DeepSeek-V3 with and without MTP on
    /// GB200 and B200 (557 TFLOP/s at 2,139 tokens/s with MTP: 260.4 GFLOP a token; 782 at 3,139 without: 249.1), counting causal
    /// attention as half the square. Measured +0.09% and +0.53%; tolerance 0.6% (the table's rounding is under 0.1%, and the
    /// table's formula counts the small terms, norms and router, its own way).
    /// </summary>
    [Theory]
    [InlineData(1, 557e12 / 2139)]
    [InlineData(0, 782e12 / 3139)]
    public void Deepseek_v3_flops_per_token_match_megatron_bridge_with_and_without_mtp(int mtp, double published)
    {
        TransformerShape s = ShapePresets.ShapeOf("deepseek-v3") with { SeqLen = 4096, MtpLayers = mtp };
        Assert.Equal(187.1e6, s.AttentionParameters, 0.2e6);
        // The model counts the whole s×s square (PaLM); the table counts half of it.
        double causalHalf = 3.0 * (s.Layers + mtp) * s.LayerAttentionCoreFlops / 2.0;
        double perToken = (s.ModelFlopsPerSequence - causalHalf) / s.SeqLen;
        Assert.Equal(published, perToken, published * 0.006);
    }

    [Fact]
    public void A_sliding_window_counts_and_times_only_the_keys_in_its_band()
    {
        TransformerShape oss = ShapePresets.ShapeOf("gpt-oss-120b");
        TransformerShape full = oss with { SlidingWindow = 0, SlidingLayers = 0 };
        Assert.Equal((4096, 128, 18), (oss.SeqLen, oss.SlidingWindow, oss.SlidingLayers));
        // Keys a causal kernel computes, query by query: min(i + 1, W) on a windowed layer, i + 1 on a full one; half the layers each.
        double causal = 0;
        for (int i = 0; i < oss.SeqLen; i++)
            causal += 0.5 * (Math.Min(i + 1, oss.SlidingWindow) + (i + 1));
        // The model drops each row's diagonal half-key: (1/2 + W/2s) / 2 = 0.258 of a key on average here.
        Assert.Equal(causal / oss.SeqLen, oss.CausalKeys, 0.26);
        // The square's convention counts s keys a query on a full layer (PaLM) and W on a windowed one.
        Assert.Equal(0.5 * (oss.SeqLen + oss.SlidingWindow), oss.CountedKeys, 1e-9);
        Assert.Equal(oss.LayerAttentionCoreFlops / full.LayerAttentionCoreFlops, oss.CountedKeys / oss.SeqLen, 1e-12);
        // A window no shorter than the sequence is full attention, and full attention is what it was before windows existed.
        Assert.Equal(full.ModelFlopsPerSequence, (oss with { SlidingWindow = 4096 }).ModelFlopsPerSequence);
        Assert.Equal(0.5 * full.SeqLen, full.CausalKeys);
        // The fused kernel's time follows the keys it computes, a windowed layer's at the kernel's speed for its 128 keys a query
        // relative to a full layer's 2,048 (LayerModel.KeySpeed: 0.22 of it); the GEMMs do not change.
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        ClusterSpec cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
        var layout = new Layout { Tp = 1, Pp = 1, Dp = 8, Ep = 8, Cp = 1, MicroBatch = 1, Interleave = 1 };
        LayerTime windowed = LayerModel.Evaluate(oss, layout, hw, Precision.Bf16, cluster, true);
        LayerTime whole = LayerModel.Evaluate(full, layout, hw, Precision.Bf16, cluster, true);
        double fullKeys = 0.5 * oss.SeqLen, windowKeys = oss.SlidingWindow * (1.0 - 0.5 * oss.SlidingWindow / oss.SeqLen);
        double slowdown = LayerModel.KeySpeed(fullKeys) / LayerModel.KeySpeed(windowKeys);
        Assert.InRange(slowdown, 4.0, 5.0);
        Assert.Equal(0.5 * (fullKeys + windowKeys * slowdown) / fullKeys, windowed.AttentionSeconds / whole.AttentionSeconds, 1e-9);
        Assert.Equal(whole.GemmSeconds, windowed.GemmSeconds);
    }

    [Fact]
    public void Searched_moe_layout_is_the_fastest_that_fits_among_every_layout_with_cp_and_ep()
    {
        TransformerShape s = ShapePresets.ShapeOf("mixtral-8x7b") with { SeqLen = 32768 };
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        ClusterSpec cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
        var all = new AllLayouts();
        LayoutSearch.Search(s, 64, 64, hw, Precision.Bf16, cluster, LayoutSpace.Open, ref all);
        LayoutChoice best = LayoutSearch.Best(s, 64, 64, hw, Precision.Bf16, cluster, LayoutSpace.Open);
        Assert.Equal(1, best.Found);
        Assert.Equal(1, best.Step.Fits);
        Assert.Contains(all.Seen, x => x.Layout.Expert > 1);
        Assert.Contains(all.Seen, x => x.Layout.Context > 1);
        double fastest = all.Seen.Where(x => x.Fits).Min(x => x.Seconds);
        Assert.Equal(fastest, best.Step.StepTimeSeconds);
    }

    private struct AllLayouts : ILayoutVisitor
    {
        public List<(Layout Layout, bool Fits, double Seconds)> Seen;

        public void Visit(in Layout layout, in StepResult step) =>
            (Seen ??= []).Add((layout, step.Fits != 0, step.StepTimeSeconds));
    }

    [Fact]
    public void Public_calibration_set_spans_generations_precisions_and_moe()
    {
        IReadOnlyList<PublishedRun> runs = CalibrationFile.Public;
        Assert.True(runs.Count >= 90, $"{runs.Count} runs");
        Assert.True(runs.Select(r => r.Group).Distinct().Count() >= 10);
        Assert.Contains(runs, r => r.Hardware.StartsWith("b200", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Precision == Precision.Fp8);
        Assert.Contains(runs, r => r.Shape.IsMoe);
        Assert.Equal(runs.Count, runs.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [InlineData("mlp", "swish", "mlp 'swish'")]
    [InlineData("layers", "-3", "column 'layers'")]
    [InlineData("metric", "flops", "metric 'flops'")]
    [InlineData("value", "abc", "column 'value'")]
    public void A_bad_cell_is_one_line_naming_the_file_line_and_column(string column, string bad, string expected)
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "data/calibration/published-runs-2020-2023.tsv"));
        string[] header = lines[0].Split('\t');
        string[] cells = lines[1].Split('\t');
        cells[Array.IndexOf(header, column)] = bad;
        var e = Assert.Throws<InputException>(() => CalibrationFile.Parse(lines[0] + "\n" + string.Join('\t', cells), "runs.tsv"));
        Assert.StartsWith("runs.tsv line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Fitting_never_leaves_the_loss_above_where_it_started()
    {
        var runs = Validator.Group("narayanan-2021-table1");
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        CalibrationConstants start = CalibrationConstants.Shipped with { AttentionShare = 0.2, KernelOverheadSeconds = 300e-6 };
        double before = calibrator.Loss(runs, start);
        double after = calibrator.Loss(runs, calibrator.Fit(runs, start, 60));
        Assert.True(after < before, $"loss {before:F4} -> {after:F4}");
    }
}
