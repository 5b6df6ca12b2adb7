using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Tests.Cli;

/// <summary><c>calibrate</c>: a cluster's constants fitted to its runs, written as a profile that reads back and changes predictions.</summary>
public sealed class CalibrateCliTests : IDisposable
{
    private readonly TempFolder _dir = new("computesim-calibrate");

    public void Dispose() => _dir.Dispose();

    private static string PublicFile => Path.Combine(TestData.RepoRoot, "data", "calibration", "current-runs-2024-2025.tsv");

    // Five Megatron-Core README runs (GPT 1.7B-70B on H100, fixed layouts): a small user's set.
    private string Runs()
    {
        string[] lines = File.ReadAllLines(PublicFile);
        string path = _dir["runs.tsv"];
        File.WriteAllLines(path, [lines[0], .. lines.Where(l => l.Contains("\tmegatron-core-readme-2024\t", StringComparison.Ordinal)).Take(5)]);
        return path;
    }

    [Fact]
    public void Calibrate_fits_reports_and_writes_a_profile_that_reads_back_and_applies()
    {
        string outPath = _dir["my-h100.json"];
        CliRun run = CliRun.Of("calibrate", "--runs", Runs(), "--cluster", "dgx-h100-ndr400", "--out", outPath, "--evaluations", "60");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("leave_one_out_error", run.Out);
        Assert.Contains("mean |error|", run.Out);
        // Fitting can only lower the in-sample error from where it starts (the start is the simplex's first vertex).
        string summary = run.Out.Split('\n').Single(l => l.StartsWith("mean |error|", StringComparison.Ordinal));
        double[] pct = [.. summary.Split(' ').Where(w => w.EndsWith('%') || w.EndsWith("%,", StringComparison.Ordinal)).Select(w => double.Parse(w.TrimEnd(',', '%'), System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(pct[1] <= pct[0], summary);

        ClusterProfile written = ClusterLoader.Get(outPath);
        Assert.Equal("my-h100", written.Name);
        Assert.True(written.File.IsCalibrated);
        Assert.Contains("runs.tsv", written.File.CalibrationSource);
        Assert.DoesNotContain(_dir.Dir, written.File.CalibrationSource);
        Assert.Equal(written.File.SustainedGemmShare, written.Spec.FrameworkEfficiency);
        Assert.Equal(written.File.KernelOverheadUs!.Value * 1e-6, written.Spec.KernelOverheadSeconds, 1e-15);
        Assert.Equal(written.File.DenseKernelUs!.Value * 1e-6, written.Spec.DenseKernelSeconds, 1e-15);
        Assert.Empty(Directory.GetFiles(_dir.Dir, ".*.tmp"));

        // The fitted constants reach a prediction through --cluster FILE.
        string[] job = ["estimate", "--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--gpus", "256", "--precision", "bf16"];
        double shipped = CliRun.Json([.. job, "--cluster", "dgx-h100-ndr400"]).GetProperty("mfu").GetDouble();
        double calibrated = CliRun.Json([.. job, "--cluster", outPath]).GetProperty("mfu").GetDouble();
        Assert.NotEqual(shipped, calibrated);
        Assert.Equal(0, CliRun.Of("profiles", "validate", outPath).ExitCode);
    }

    [Fact]
    public void Json_report_of_two_runs_fits_one_constant_and_writes_nothing_without_out()
    {
        string[] lines = File.ReadAllLines(Runs());
        string two = _dir["two.tsv"];
        File.WriteAllLines(two, lines.Take(3));
        JsonElement j = CliRun.Json("calibrate", "--runs", two, "--cluster", "dgx-h100-ndr400", "--evaluations", "40");
        Assert.Equal(JsonValueKind.Null, j.GetProperty("profile_file").ValueKind);
        var fitted = j.GetProperty("constants").EnumerateObject().Where(c => c.Value.GetProperty("fitted").GetBoolean()).Select(c => c.Name).ToList();
        Assert.Equal(["sustained_gemm_share"], fitted);
        JsonElement kept = j.GetProperty("constants").GetProperty("kernel_overhead_us");
        Assert.Equal(kept.GetProperty("before").GetDouble(), kept.GetProperty("after").GetDouble());
        Assert.Equal(2, j.GetProperty("runs").GetArrayLength());
        Assert.True(j.GetProperty("mean_abs_error_after").GetDouble() <= j.GetProperty("mean_abs_error_before").GetDouble());
        Assert.True(j.GetProperty("runs")[0].GetProperty("leave_one_out").GetDouble() > 0);
        Assert.Empty(Directory.GetFiles(_dir.Dir, "*.json"));
    }

    [Fact]
    public void Few_runs_move_few_constants_and_only_those_the_runs_inform()
    {
        IReadOnlyList<PublishedRun> all = CalibrationFile.Public;
        PublishedRun dense = all.First(r => !r.Shape.IsMoe && r.Software == Software.Megatron);
        Assert.Equal([0], ClusterCalibration.FreeConstants([dense]));
        // Dense Megatron-LM 2021 runs never inform the fused-attention share or the expert imbalance.
        var megatron = all.Where(r => r.Software == Software.Megatron && !r.Shape.IsMoe).ToList();
        IReadOnlyList<int> free = ClusterCalibration.FreeConstants(megatron);
        Assert.DoesNotContain(2, free);
        Assert.DoesNotContain(5, free);
        Assert.Contains(5, ClusterCalibration.FreeConstants(all));
        // A dense layer's kernel cost is the second freed; the eager expert layer's only where a run has eager expert layers.
        Assert.Contains(7, free);
        Assert.DoesNotContain(4, free);
        var graphedExpertsOnly = all.Where(r => r.Shape.IsMoe && r.Shape.DenseLayers == 0 && r.Software == Software.MegatronCoreGraphs).ToList();
        Assert.True(graphedExpertsOnly.Count > 8);
        IReadOnlyList<int> graphed = ClusterCalibration.FreeConstants(graphedExpertsOnly);
        Assert.DoesNotContain(4, graphed);
        Assert.DoesNotContain(7, graphed);
        Assert.Contains(4, ClusterCalibration.FreeConstants([.. all.Where(r => r.Shape.IsMoe && r.Software == Software.MegatronCore)]));
    }

    [Fact]
    public void Validate_predicts_a_calibrated_cluster_with_its_own_constants()
    {
        string path = _dir["slow-h100.json"];
        JsonObject o = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "cluster-profiles", "dgx-h100-ndr400.json")))!.AsObject();
        o["name"] = "slow-h100";
        o["sustained_gemm_share"] = 0.4;
        o["calibration_source"] = "test: half the shipped GEMM share";
        File.WriteAllText(path, o.ToJsonString());
        string[] lines = File.ReadAllLines(Runs());
        string runs = _dir["runs-on-file.tsv"];
        File.WriteAllLines(runs, [lines[0], .. lines.Skip(1).Select(l => l.Replace("\tdgx-h100-ndr400\t", $"\t{path}\t", StringComparison.Ordinal))]);
        double Mean(string file) => CliRun.Json("validate", "--runs", file).EnumerateArray().Average(r => r.GetProperty("predicted").GetDouble());
        Assert.True(Mean(runs) < 0.8 * Mean(_dir["runs.tsv"]));
    }

    public static TheoryData<Action<JsonObject>, string> FittedMutations => new()
    {
        { o => o["sustained_gemm_share"] = 0.8, "calibration_source" },
        { o => { o["sustained_gemm_share"] = -1; o["calibration_source"] = "x"; }, "sustained_gemm_share" },
        { o => { o["expert_imbalance"] = 0.5; o["calibration_source"] = "x"; }, "expert_imbalance" },
        { o => o["calibration_source"] = "nothing fitted", "calibration_source" },
        { o => o["sustained_gemm_shares"] = 0.8, "sustained_gemm_shares" },
    };

    [Theory]
    [MemberData(nameof(FittedMutations))]
    public void Fitted_fields_are_checked_and_unknown_keys_still_rejected(Action<JsonObject> mutate, string field)
    {
        JsonObject o = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "cluster-profiles", "selene.json")))!.AsObject();
        mutate(o);
        var e = Assert.Throws<InputException>(() => ClusterLoader.Parse(o.ToJsonString(), "c.json", "selene"));
        Assert.StartsWith("c.json:", e.Message);
        Assert.Contains(field, e.Message);
    }

    public static TheoryData<string[], string> BadCalls => new()
    {
        { ["--cluster", "dgx-h100-ndr400"], "--runs" },
        { ["--runs", "nowhere.tsv", "--cluster", "dgx-h100-ndr400"], "--runs" },
        { ["--runs", PublicFile, "--cluster", "nowhere"], "--cluster" },
        { ["--runs", PublicFile, "--cluster", "dgx-h100-ndr400", "--out", "My Cluster.json"], "--out" },
        { ["--runs", PublicFile, "--cluster", "dgx-h100-ndr400", "--out", "cluster.yaml"], "--out" },
        { ["--runs", PublicFile, "--cluster", "dgx-h100-ndr400", "--evaluations", "1"], "--evaluations" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void Bad_calls_are_one_line_errors(string[] args, string culprit) => CliRun.Of(["calibrate", .. args]).AssertBadInput(culprit);

    [Fact]
    public void Hardware_accepts_any_profile_file_that_validates()
    {
        string path = _dir["my-h100-card.json"];
        JsonObject o = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "hardware-profiles", "h100-sxm5-80gb.json")))!.AsObject();
        o["name"] = "my-h100-card";
        o["board_power_w"] = 500;
        File.WriteAllText(path, o.ToJsonString());
        CliRun validated = CliRun.Of("profiles", "validate", path);
        Assert.True(validated.ExitCode == 0, validated.Err);
        string[] flags = ["--params", "7B", "--tokens", "1T", "--gpus", "8", "--utilization", "0.4", "--precision", "bf16"];
        string[] job = ["estimate", .. flags];
        JsonElement mine = CliRun.Json([.. job, "--hardware", path]);
        JsonElement builtIn = CliRun.Json([.. job, "--hardware", "h100-sxm5-80gb"]);
        Assert.Equal(builtIn.GetProperty("wall_clock_days").GetDouble(), mine.GetProperty("wall_clock_days").GetDouble());
        Assert.Equal(builtIn.GetProperty("energy_mwh").GetDouble() * 500 / 700, mine.GetProperty("energy_mwh").GetDouble(), 1e-9);
        Assert.Equal(0, CliRun.Of(["compare", .. flags, "--hardware", $"a100-sxm4-80gb,{path}", "--format", "json"]).ExitCode);
        CliRun.Of([.. job, "--hardware", _dir["missing.json"]]).AssertBadInput("missing.json");
    }
}
