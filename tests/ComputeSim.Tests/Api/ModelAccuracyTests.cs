using System.Text.Json;
using ComputeSim.Api;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Api;

/// <summary>A prediction carries the model's record on the published runs most like it.</summary>
public sealed class ModelAccuracyTests
{
    private static readonly ClusterSpec Dgx = ClusterLoader.Get("dgx-h100-ndr400").Spec;

    private static TransformerShape Preset(string name) => ShapePresets.Find(name)!.Shape;

    // A preset with one more layer: an architecture no published run has, so the band falls to the accelerator's runs.
    private static TransformerShape Unpublished(bool moe)
    {
        TransformerShape s = Preset(moe ? "qwen3-30b-a3b" : "llama3-70b");
        return s with { Layers = s.Layers + 1 };
    }

    [Fact]
    public void The_band_is_the_record_on_the_same_accelerator_kind_of_model_and_precision()
    {
        AccuracyBand band = ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Bf16, Dgx)!;
        Assert.Equal("h100-sxm5-80gb, dense, 16-bit", band.Basis);
        Assert.False(band.SameArchitecture);

        // The same runs' errors from fits without their sources, and the statistics computed here: the benchmark runs, since a
        // tuned step is measured against them (the Llama 3 paper's three production runs are not among them).
        PublishedRun[] runs = [.. Validator.AllRuns.Where(r => r.Hardware == "h100-sxm5-80gb" && !r.Shape.IsMoe && !PrecisionNames.IsFp8(r.Precision)
            && !r.Switches.Contains("production=on", StringComparison.Ordinal))];
        Assert.Equal(3, Validator.AllRuns.Count(r => r.Hardware == "h100-sxm5-80gb" && !r.Shape.IsMoe && !PrecisionNames.IsFp8(r.Precision)) - runs.Length);
        double[] speed = [.. runs.Select(r => Speed.Error(r.Metric, HeldOutErrors.Of(r.Name))).Where(double.IsFinite).Order()];
        Assert.Equal(speed.Length, band.Runs);
        Assert.True(band.Runs >= ModelAccuracy.MinimumRuns);
        Assert.Equal(100 * Median(speed), band.MedianSignedErrorPct, 9);
        Assert.Equal(100 * Median([.. speed.Select(Math.Abs).Order()]), band.MedianAbsErrorPct, 9);

        // Held out, the record is no better than in sample (measured 8.7% against 7.9%).
        var calibrator = new Calibrator(name => ProfileCatalog.Get(name).Spec, name => ClusterLoader.Get(name).Spec);
        double[] inSample = [.. calibrator.Predict(runs, null).Where(r => double.IsFinite(r.Predicted))
            .Select(r => Math.Abs(Speed.Error(r.Run.Metric, r.RelativeError))).Order()];
        Assert.True(band.MedianAbsErrorPct >= 100 * Median(inSample), $"held out {band.MedianAbsErrorPct:F1}%, in sample {100 * Median(inSample):F1}%");
    }

    [Theory]
    [InlineData("h100-sxm5-80gb", false, Precision.Fp8)]
    [InlineData("gb200-186gb", true, Precision.Mxfp8)]
    [InlineData("b200-sxm-192gb", false, Precision.Bf16)]
    public void The_median_lies_within_the_90th_percentile(string hardware, bool moe, Precision precision)
    {
        AccuracyBand band = ModelAccuracy.For(hardware, Unpublished(moe), precision, Dgx)!;
        Assert.StartsWith(hardware, band.Basis);
        Assert.InRange(band.MedianAbsErrorPct, 0.0, band.P90AbsErrorPct);
        Assert.InRange(Math.Abs(band.MedianSignedErrorPct), 0.0, band.P90AbsErrorPct);
    }

    [Theory]
    [InlineData("mi355x")]
    [InlineData("v100-sxm2-32gb")]
    public void An_accelerator_with_few_published_runs_widens_the_match(string hardware)
    {
        Assert.True(Validator.AllRuns.Count(r => r.Hardware == hardware) < ModelAccuracy.MinimumRuns);
        AccuracyBand band = ModelAccuracy.For(hardware, Unpublished(moe: false), Precision.Bf16, Dgx)!;
        Assert.Equal("any accelerator, dense, 16-bit", band.Basis);
        Assert.False(band.SameAccelerator);
        Assert.True(band.Runs >= ModelAccuracy.MinimumRuns);
        Assert.True(ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Bf16, Dgx)!.SameAccelerator);
    }

    [Fact]
    public void Compare_shows_each_accelerators_bias_only_where_it_has_runs_of_its_own()
    {
        string text = CliRun.Of("compare", "--model", "llama3-70b", "--gpus", "1024", "--precision", "bf16", "--hardware", "h100-sxm5-80gb,mi300x",
            "--columns", "mfu,model_bias").Out;
        string Bias(string hardware) => text.Split('\n').Single(l => l.StartsWith(hardware + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        // Compare searches each accelerator's layout, so it quotes the record of searched layouts.
        AccuracyBand h100 = ModelAccuracy.For("h100-sxm5-80gb", Preset("llama3-70b"), Precision.Bf16, Dgx, layoutSearched: true)!;
        Assert.True(h100.SameArchitecture && h100.SameAccelerator && h100.LayoutSearched);
        Assert.Equal(h100.SignedErrorText, Bias("h100-sxm5-80gb"));
        Assert.Equal("n/a", Bias("mi300x"));
        Assert.Contains("model_bias: ", text);
        Assert.DoesNotContain("model_bias", CliRun.Of("compare", "--model", "llama3-70b", "--gpus", "1024", "--precision", "bf16", "--utilization", "0.4").Out);
    }

    [Fact]
    public void A_cluster_calibrated_to_its_own_runs_has_no_band_from_the_public_set()
    {
        Assert.NotNull(ModelAccuracy.For("h100-sxm5-80gb", Preset("llama3-70b"), Precision.Bf16, Dgx));
        ClusterSpec calibrated = Dgx with { FrameworkEfficiency = Dgx.FrameworkEfficiency * 1.05 };
        Assert.Null(ModelAccuracy.For("h100-sxm5-80gb", Preset("llama3-70b"), Precision.Bf16, calibrated));
    }

    [Fact]
    public void A_time_metric_predicted_long_counts_as_slow()
    {
        // 25% more step time than published is 20% less throughput; a throughput metric's error is taken as it is.
        Assert.Equal(-0.2, Speed.Error(ThroughputMetric.StepTimeSeconds, 0.25), 12);
        Assert.Equal(-0.2, Speed.Error(ThroughputMetric.Days, 0.25), 12);
        Assert.Equal(-0.2, Speed.Error(ThroughputMetric.TokensPerSecondPerGpu, -0.2), 12);
        Assert.Equal(0.1, Speed.Error(ThroughputMetric.MfuPercent, 0.1), 12);
    }

    [Fact]
    public void A_predicted_estimate_prints_the_band_and_a_given_utilisation_does_not()
    {
        string[] job = ["estimate", "--model", "llama3-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "64"];
        JsonElement predicted = CliRun.Json(job);
        JsonElement band = predicted.GetProperty("model_accuracy");
        Assert.Equal(ModelAccuracy.For("h100-sxm5-80gb", Preset("llama3-70b"), Precision.Bf16, Dgx)!.Basis, band.GetProperty("basis").GetString());
        Assert.EndsWith("architecture on h100-sxm5-80gb, 16-bit", band.GetProperty("basis").GetString());
        Assert.True(band.GetProperty("same_architecture").GetBoolean());
        Assert.True(band.GetProperty("published_runs").GetInt32() >= ModelAccuracy.MinimumRuns);
        Assert.True(band.GetProperty("p90_abs_error_pct").GetDouble() >= band.GetProperty("median_abs_error_pct").GetDouble());
        Assert.Contains("accuracy: on the ", CliRun.Of(job).Out);

        JsonElement given = CliRun.Json([.. job, "--utilization", "0.4"]);
        Assert.False(given.TryGetProperty("model_accuracy", out _));
    }

    /// <summary>An estimate that searches its layout (no --tp, --pp, --cp, --ep or --micro-batch) quotes the same runs' errors
    /// moved by their search gaps (<see cref="SearchGaps"/>); one that gives any of them quotes the published layouts' record.</summary>
    [Fact]
    public void A_searched_layout_quotes_the_record_of_searched_layouts()
    {
        TransformerShape llama = Preset("llama3-70b");
        AccuracyBand searched = ModelAccuracy.For("h100-sxm5-80gb", llama, Precision.Fp8, Dgx, layoutSearched: true)!;
        AccuracyBand given = ModelAccuracy.For("h100-sxm5-80gb", llama, Precision.Fp8, Dgx)!;
        Assert.True(searched.LayoutSearched);
        Assert.False(given.LayoutSearched);
        Assert.Equal(given.Basis, searched.Basis);
        Assert.Equal(given.Runs, searched.Runs);

        PublishedRun[] runs = [.. Validator.AllRuns.Where(r => r.Hardware == "h100-sxm5-80gb" && PrecisionNames.IsFp8(r.Precision)
            && ModelAccuracy.SameArchitecture(r.Shape, llama))];
        double[] moved = [.. runs.Select(r => SearchGaps.Apply(Speed.Error(r.Metric, HeldOutErrors.Of(r.Name)), SearchGaps.Of(r.Name))).Order()];
        Assert.Equal(100 * Median(moved), searched.MedianSignedErrorPct, 9);
        // The search rates layouts faster than the published ones (no gap is negative on these runs), so the record is faster.
        Assert.All(runs, r => Assert.True(SearchGaps.Of(r.Name) >= 0, r.Name));
        Assert.True(searched.MedianSignedErrorPct > given.MedianSignedErrorPct);
        Assert.Contains("with its layout searched, as here", searched.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("layout searched", given.Text, StringComparison.Ordinal);

        string[] job = ["estimate", "--model", "llama3-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "64", "--precision", "fp8"];
        JsonElement open = CliRun.Json(job).GetProperty("model_accuracy");
        Assert.True(open.GetProperty("layout_searched").GetBoolean());
        Assert.Equal(searched.MedianSignedErrorPct, open.GetProperty("median_signed_error_pct").GetDouble(), 9);
        foreach (string[] option in new[] { new[] { "--tp", "4" }, ["--pp", "8"], ["--micro-batch", "1"], ["--cp", "1"] })
        {
            JsonElement fixedBy = CliRun.Json([.. job, .. option]).GetProperty("model_accuracy");
            Assert.False(fixedBy.GetProperty("layout_searched").GetBoolean(), option[0]);
            Assert.Equal(given.MedianSignedErrorPct, fixedBy.GetProperty("median_signed_error_pct").GetDouble(), 9);
        }
    }

    [Fact]
    public void Validate_tabulates_the_band_of_each_accelerator_kind_and_precision()
    {
        AccuracyBand band = ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Fp8, Dgx)!;
        string line = CliRun.Of("validate").Out.Split('\n').Single(l => l.StartsWith("h100-sxm5-80gb ", StringComparison.Ordinal) && l.Contains(" dense ") && l.Contains(" 8-bit "));
        string[] cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(band.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[3]);
        Assert.Equal(band.MedianAbsErrorPct.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[4]);
        Assert.Equal(band.P90AbsErrorPct.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[5]);

        JsonElement row = CliRun.Json("validate").EnumerateArray().First(r => r.GetProperty("hardware").GetString() == "gb200-186gb");
        Assert.Contains(row.GetProperty("kind").GetString(), new[] { "dense", "MoE" });
        Assert.False(string.IsNullOrEmpty(row.GetProperty("precision").GetString()));
    }

    [Fact]
    public void A_published_architecture_is_matched_before_other_accelerators_runs()
    {
        // Megatron-Bridge's GPT-OSS 120B runs come out a median third fast (docs/calibration.md, part 10) where the other MoE runs
        // are centred: on an accelerator with few runs of its own, a GPT-OSS estimate quotes GPT-OSS's record, not every MoE run's.
        const string hardware = "h200-sxm-141gb";
        Assert.True(Validator.AllRuns.Count(r => r.Hardware == hardware) < ModelAccuracy.MinimumRuns);
        AccuracyBand own = ModelAccuracy.For(hardware, Preset("gpt-oss-120b"), Precision.Bf16, Dgx)!;
        Assert.True(own.SameArchitecture);
        Assert.False(own.SameAccelerator);
        Assert.Equal("gpt-oss-120b's architecture, any accelerator and precision", own.Basis);
        Assert.Equal(Validator.AllRuns.Count(r => r.Model == "gpt-oss-120b"), own.Runs);
        Assert.True(own.MedianSignedErrorPct > 20, $"GPT-OSS's record: {own.MedianSignedErrorPct:F1}%");

        AccuracyBand other = ModelAccuracy.For(hardware, Unpublished(moe: true), Precision.Bf16, Dgx)!;
        Assert.Equal("any accelerator, MoE, 16-bit", other.Basis);
        Assert.True(other.MedianSignedErrorPct < own.MedianSignedErrorPct - 10, $"MoE {other.MedianSignedErrorPct:F1}%, GPT-OSS {own.MedianSignedErrorPct:F1}%");
    }

    [Fact]
    public void On_its_own_accelerator_an_architecture_with_enough_runs_comes_first()
    {
        // Llama 3 70B has 13 runs on H100 in BF16 (DGX Cloud's): their record, not every dense BF16 run's on H100.
        TransformerShape llama = Preset("llama3-70b");
        AccuracyBand own = ModelAccuracy.For("h100-sxm5-80gb", llama, Precision.Bf16, Dgx)!;
        Assert.True(own.SameArchitecture && own.SameAccelerator);
        Assert.EndsWith("architecture on h100-sxm5-80gb, 16-bit", own.Basis);
        Assert.Equal(Validator.AllRuns.Count(r => r.Hardware == "h100-sxm5-80gb" && !PrecisionNames.IsFp8(r.Precision)
            && ModelAccuracy.SameArchitecture(r.Shape, llama)), own.Runs);
        Assert.True(own.Runs >= ModelAccuracy.MinimumRuns);
        Assert.True(own.Runs < ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Bf16, Dgx)!.Runs);
    }

    [Fact]
    public void An_architecture_is_its_layers_heads_widths_and_experts_not_its_tokenizer_or_context()
    {
        TransformerShape llama = Preset("llama3-70b");
        Assert.True(ModelAccuracy.SameArchitecture(llama, llama with { SeqLen = 4096, Vocab = 32000 }));
        Assert.False(ModelAccuracy.SameArchitecture(llama, llama with { Layers = 81 }));
        Assert.False(ModelAccuracy.SameArchitecture(llama, llama with { KvHeads = 64 }));
        Assert.False(ModelAccuracy.SameArchitecture(llama, llama with { Ffn = 28672 + 128 }));

        // A model of expert layers only has no dense MLP: its dense width is whatever a file leaves (blank is 4h).
        TransformerShape gptOss = Preset("gpt-oss-120b");
        Assert.True(ModelAccuracy.SameArchitecture(gptOss, gptOss with { Ffn = 4 * gptOss.Hidden, MtpLayers = 1 }));
        Assert.False(ModelAccuracy.SameArchitecture(gptOss, gptOss with { Experts = 32 }));
        Assert.False(ModelAccuracy.SameArchitecture(gptOss, gptOss with { SlidingWindow = 0, SlidingLayers = 0 }));
        // DeepSeek-V3's first three layers are dense: there the width counts.
        TransformerShape dsv3 = Preset("deepseek-v3");
        Assert.True(ModelAccuracy.SameArchitecture(dsv3, dsv3 with { MtpLayers = 0 }));
        Assert.False(ModelAccuracy.SameArchitecture(dsv3, dsv3 with { Ffn = dsv3.Ffn + 128 }));
    }

    [Fact]
    public void Validate_tabulates_the_record_of_each_architecture_with_enough_runs()
    {
        // The band an estimate of GPT-OSS 120B on an accelerator with few runs quotes is the architecture table's row.
        AccuracyBand band = ModelAccuracy.For("h200-sxm-141gb", Preset("gpt-oss-120b"), Precision.Bf16, Dgx)!;
        string text = CliRun.Of("validate").Out;
        string[] table = text[text.IndexOf("throughput error by architecture", StringComparison.Ordinal)..].Split('\n');
        string[] cells = table.Single(l => l.StartsWith("gpt-oss-120b ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(band.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[1]);
        Assert.Equal(band.SignedErrorText, cells[^1]);
        // Every row has enough runs for a band; names shared by two depths (DGX Cloud's cut-down Grok-1) carry the depth.
        var rows = table.Skip(3).TakeWhile(l => l.Length > 0).ToList();
        Assert.True(rows.Count >= 10);
        Assert.All(rows, l => Assert.True(int.Parse(l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim(), System.Globalization.CultureInfo.InvariantCulture) >= ModelAccuracy.MinimumRuns, l));
        Assert.Contains(rows, l => l.StartsWith("grok1-314b (64 layers) ", StringComparison.Ordinal));

        // A runs file without 8 runs of one architecture says so instead of an empty table.
        string amd = CliRun.Of("validate", "--runs", Path.Combine(TestData.RepoRoot, "data", "calibration", "sheet", "amd-instinct.tsv")).Out;
        Assert.Contains($"(no architecture has {ModelAccuracy.MinimumRuns} or more runs)", amd);

        // JSON rows name each run's model.
        JsonElement run = CliRun.Json("validate").EnumerateArray().First(r => r.GetProperty("run").GetString()!.Contains("gptoss-120b", StringComparison.Ordinal));
        Assert.Equal("gpt-oss-120b", run.GetProperty("model").GetString());
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    [Fact]
    public void A_production_estimate_is_measured_against_the_production_runs()
    {
        // The set's eight production runs (the Llama 3 paper's, DeepSeek-V3's, MT-NLG's, BLOOM's) make the band of an estimate priced
        // as one; too few share an accelerator or an architecture with any prediction, so they fall to the last tier together.
        ClusterSpec production = Dgx with { Production = 1 };
        AccuracyBand band = ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Bf16, production)!;
        Assert.Equal("the public set's production runs, as their papers report them", band.Basis);
        PublishedRun[] runs = [.. Validator.AllRuns.Where(r => r.Switches.Contains("production=on", StringComparison.Ordinal))];
        Assert.Equal(8, runs.Length);
        double[] speed = [.. runs.Select(r => Speed.Error(r.Metric, HeldOutErrors.Of(r.Name))).Order()];
        Assert.Equal(runs.Length, band.Runs);
        Assert.Equal(100 * Median(speed), band.MedianSignedErrorPct, 9);
        Assert.NotEqual(band.Basis, ModelAccuracy.For("h100-sxm5-80gb", Unpublished(moe: false), Precision.Bf16, Dgx)!.Basis);
    }
}
