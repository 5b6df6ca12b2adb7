using System.Text.Json;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Cli;

/// <summary>A measured run needs few columns: its shape by preset, and defaults for its source, software and cluster.</summary>
public class MinimalRunsFileTests
{
    private static string DgxCloudFile => Path.Combine(TestData.RepoRoot, "data/calibration/dgx-cloud-benchmarks-2024-2025.tsv");

    private const string Header = "run_id\tmodel\tseq_len\taccelerator\tgpus\tprecision\tglobal_batch\ttp\tpp\tcp\tvp\tmetric\tvalue";

    // DGX Cloud 25.04's Llama 3.1 70B BF16 layout on 64 H100 (TP 4, PP 4, CP 2, VP 5), as a user would type it.
    private static string Row(string id, string metric, string value, string model = "llama3.1-70b") =>
        $"{id}\t{model}\t8192\th100-sxm5-80gb\t64\tbf16\t128\t4\t4\t2\t5\t{metric}\t{value}";

    private static JsonElement[] Validate(params string[] lines)
    {
        string path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(path, lines);
        try
        {
            CliRun run = CliRun.Of("validate", "--runs", path, "--format", "json");
            Assert.True(run.ExitCode == 0, run.Err);
            return [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray()];
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_preset_row_predicts_as_the_published_row_that_writes_the_shape_out()
    {
        // A public row of each of four presets at full depth (DGX Cloud's smallest 405B and Grok runs cut the layers), its shape
        // columns blanked: the prediction must not move, so the preset and the published shape agree.
        string[] lines = File.ReadAllLines(DgxCloudFile);
        string[] header = lines[0].Split('\t');
        string[] shapeColumns = ["style", "mlp", "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn", "vocab", "experts", "top_k", "expert_ffn", "shared_experts", "dense_layers"];
        int model = Array.IndexOf(header, "model"), layers = Array.IndexOf(header, "layers");
        string[] presets = ["llama3.1-8b", "llama3.1-70b", "nemotron4-15b", "nemotron4-340b"];
        var rows = lines.Skip(1).Select(l => l.Split('\t'))
            .Where(c => presets.Contains(c[model]) && int.Parse(c[layers], System.Globalization.CultureInfo.InvariantCulture) == ShapePresets.ShapeOf(c[model]).Layers)
            .DistinctBy(c => c[model]).Select(c => string.Join('\t', c)).ToList();
        Assert.Equal(presets.Length, rows.Count);
        string[] blanked = [.. rows.Select(l =>
        {
            string[] cells = l.Split('\t');
            foreach (string c in shapeColumns)
                cells[Array.IndexOf(header, c)] = "";
            return string.Join('\t', cells);
        })];
        JsonElement[] written = Validate([lines[0], .. rows]), byPreset = Validate([lines[0], .. blanked]);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(written[i].GetProperty("predicted").GetDouble(), byPreset[i].GetProperty("predicted").GetDouble(), 9);
    }

    [Fact]
    public void The_example_file_predicts_its_three_public_runs_as_the_set_does()
    {
        // examples/measured-runs.tsv writes three DGX Cloud 25.04 rows of the set in the fewest columns.
        string path = Path.Combine(TestData.RepoRoot, "examples", "measured-runs.tsv");
        CliRun run = CliRun.Of("validate", "--runs", path, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        JsonElement[] example = [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray()];
        string[] ids = ["dgxc2504-llama31-70b-h100-bf16-64", "dgxc2504-llama31-8b-h100-fp8-8", "dgxc2504-nemotron4-15b-h100-bf16-16"];
        var set = TestData.Predict([.. ids.Select(id => Validator.AllRuns.Single(r => r.Name == id))]);
        Assert.Equal(ids.Length, example.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(set[i].Run.Published, example[i].GetProperty("published").GetDouble());
            Assert.Equal(set[i].Predicted, example[i].GetProperty("predicted").GetDouble(), 9);
        }
    }

    [Fact]
    public void Blank_source_software_and_cluster_are_measured_megatron_core_on_the_accelerators_own_cluster()
    {
        JsonElement bare = Validate(Header, Row("mine", "tokens_per_s_per_gpu", "400"))[0];
        Assert.Equal("measured", bare.GetProperty("group").GetString());
        JsonElement named = Validate(Header + "\tsoftware\tcluster", Row("mine", "tokens_per_s_per_gpu", "400") + "\tmegatron-core\tdgx-h100-ndr400")[0];
        Assert.Equal(named.GetProperty("predicted").GetDouble(), bare.GetProperty("predicted").GetDouble(), 9);
        JsonElement other = Validate(Header + "\tsoftware", Row("mine", "tokens_per_s_per_gpu", "400") + "\tfsdp")[0];
        Assert.NotEqual(other.GetProperty("predicted").GetDouble(), bare.GetProperty("predicted").GetDouble(), 6);
    }

    [Fact]
    public void Model_tflops_and_cluster_tokens_are_the_same_prediction_in_other_units()
    {
        JsonElement[] r = Validate(Header, Row("a", "tokens_per_s_per_gpu", "400"), Row("b", "tokens_per_s", "25600"),
            Row("c", "mfu_pct", "40"), Row("d", "model_tflops_per_gpu", "400"));
        double perGpu = r[0].GetProperty("predicted").GetDouble();
        Assert.Equal(perGpu * 64, r[1].GetProperty("predicted").GetDouble(), 6);
        // MFU is quoted against the BF16 dense peak (989.4 TFLOPS on H100 SXM5), as model TFLOP/s are.
        double peak = TestData.Spec("h100-sxm5-80gb").PeakFlops(Precision.Bf16) / 1e12;
        Assert.Equal(r[2].GetProperty("predicted").GetDouble() / 100 * peak, r[3].GetProperty("predicted").GetDouble(), 6);
        // Tokens and model FLOPs agree through the model's FLOPs per token (6 N plus attention), above 6 N alone.
        double sixN = 6 * ShapePresets.ShapeOf("llama3.1-70b").Parameters * perGpu / 1e12;
        Assert.InRange(r[3].GetProperty("predicted").GetDouble() / sixN, 1.0, 1.3);
    }

    [Fact]
    public void An_unknown_preset_with_no_shape_is_one_line_exit_2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(path, [Header, Row("mine", "tokens_per_s_per_gpu", "400", model: "llama9-70b")]);
        try
        {
            CliRun bad = CliRun.Of("validate", "--runs", path);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("line 2: model 'llama9-70b' is not a shape preset", bad.Err, StringComparison.Ordinal);
            Assert.Single(bad.Err.Trim().Split('\n'));
            // A shape half written out is not a preset row: the first missing column is named.
            File.WriteAllLines(path, [Header + "\tlayers", Row("mine", "tokens_per_s_per_gpu", "400") + "\t80"]);
            CliRun half = CliRun.Of("validate", "--runs", path);
            Assert.Equal(2, half.ExitCode);
            Assert.Contains("column 'hidden' is empty", half.Err, StringComparison.Ordinal);
            // No shape at all: the line says what a row needs.
            File.WriteAllLines(path, [Header, Row("mine", "tokens_per_s_per_gpu", "400", model: "")]);
            CliRun none = CliRun.Of("validate", "--runs", path);
            Assert.Equal(2, none.ExitCode);
            Assert.Contains("line 2: no shape: give layers, hidden, heads, vocab and seq_len, or a shape preset in column 'model'", none.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_public_set_and_its_sheets_leave_no_default_to_the_reader()
    {
        // A measured run may leave its source, software and cluster blank; a published one states them, so no default decides it.
        string folder = Path.Combine(TestData.RepoRoot, "data", "calibration");
        string[] files = [.. Directory.GetFiles(folder, "*.tsv"), .. Directory.GetFiles(Path.Combine(folder, "sheet"), "*.tsv")
            .Where(f => !Path.GetFileName(f).StartsWith("research-sheet", StringComparison.Ordinal))];
        Assert.True(files.Length >= 12, $"{files.Length} files");
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            string[] header = lines[0].Split('\t');
            foreach (string column in new[] { "source_group", "source", "software", "cluster", "layers" })
            {
                int i = Array.IndexOf(header, column);
                Assert.True(i >= 0, $"{Path.GetFileName(file)} has no '{column}' column");
                Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.False(string.IsNullOrWhiteSpace(l.Split('\t')[i]), $"{Path.GetFileName(file)}: {l.Split('\t')[0]} leaves '{column}' blank"));
            }
        }
    }
}
