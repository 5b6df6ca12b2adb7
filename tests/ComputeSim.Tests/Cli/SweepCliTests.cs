using System.Globalization;
using System.Text.Json;

namespace ComputeSim.Tests.Cli;

public sealed class SweepCliTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-sweep-");

    private string Dir => _temp.Dir;

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Grid =
    [
        "sweep", "--params", "1e9..1e12:log:9", "--tokens", "20x", "--gpus", "8..4096:pow2",
        "--hardware", "v100-sxm2-32gb,a100-sxm4-80gb,h100-sxm5-80gb,mi300x", "--precision", "fp16,bf16", "--utilization", "0.35,0.45",
    ];

    private static JsonElement Summary(params string[] extra)
    {
        CliRun run = CliRun.Of([.. Grid, .. extra, "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Err);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void A_grid_over_several_precisions_shows_the_precision_beside_the_hardware_at_any_width()
    {
        string[] grid = ["sweep", "--params", "7B..70B:log:3", "--gpus", "64..512:pow2", "--hardware", "b200-sxm-192gb", "--backend", "cpu", "--quiet"];
        string Header(string output) => output.ReplaceLineEndings("\n").Split('\n').First(l => l.StartsWith("#  ", StringComparison.Ordinal));
        // Narrow enough that columns are dropped: with two precisions the rows would otherwise differ in nothing shown.
        string two = Header(CliRun.With(ctx => ctx with { Width = 80 }, [.. grid, "--precision", "fp8,mxfp8"]).Out);
        Assert.Matches(@"^#\s+hardware\s+precision\s+params", two);
        string one = Header(CliRun.With(ctx => ctx with { Width = 80 }, [.. grid, "--precision", "fp8"]).Out);
        Assert.DoesNotContain("precision", one);
    }

    [Fact]
    public void Json_rows_name_each_field_once()
    {
        // Kept rows carry plan fields beside the point's columns: strict JSON readers reject a key given twice.
        CliRun run = CliRun.Of(["sweep", "--params", "1e9,1e10", "--tokens", "20x", "--gpus", "64,512", "--hardware", "h100-sxm5-80gb,mi300x",
            "--top", "2", "--pareto", "--format", "json", "--quiet"]);
        Assert.True(run.ExitCode == 0, run.Err);
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(run.Out));
        var open = new Stack<HashSet<string>>();
        int objects = 0;
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.StartObject)
            {
                open.Push([]);
                objects++;
            }
            else if (reader.TokenType == System.Text.Json.JsonTokenType.EndObject)
            {
                open.Pop();
            }
            else if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                Assert.True(open.Peek().Add(name), $"'{name}' appears twice in one object");
            }
        }
        Assert.True(objects > 4);
        Assert.Contains("\"ettr\"", run.Out);
    }

    [Fact]
    public void Every_backend_prints_the_same_answer()
    {
        string[] args = ["--max-days", "60", "--must-fit", "--pareto", "--top", "5"];
        string Answer(string backend)
        {
            JsonElement j = Summary([.. args, "--backend", backend]);
            return string.Join("|", new[] { "top", "best_per_hardware", "pareto" }.Select(k => j.GetProperty(k).GetRawText()))
                + j.GetProperty("admissible_points").GetInt64();
        }
        string reference = Answer("reference");
        Assert.Equal(reference, Answer("cpu"));
        Assert.Equal(reference, Answer("ilgpu-cpu"));
        Assert.Equal(reference, Answer("auto"));
    }

    [Fact]
    public void Kept_points_meet_every_constraint_and_are_sorted()
    {
        JsonElement j = Summary("--max-days", "30", "--max-cost-usd", "2e6", "--must-fit", "--max-gpus", "1000", "--top", "20", "--backend", "cpu");
        var top = j.GetProperty("top").EnumerateArray().ToList();
        Assert.NotEmpty(top);
        Assert.All(top, r =>
        {
            Assert.True(r.GetProperty("wall_clock_days").GetDouble() <= 30);
            Assert.True(r.GetProperty("cost_usd").GetDouble() <= 2e6);
            Assert.True(r.GetProperty("gpus").GetDouble() <= 1000);
            Assert.True(r.GetProperty("fits_memory").GetBoolean());
            Assert.True(r.GetProperty("precision_supported").GetBoolean());
        });
        var costs = top.Select(r => r.GetProperty("cost_usd").GetDouble()).ToList();
        Assert.Equal(costs.Order(), costs);
        Assert.Equal(9 * 7 * 4 * 2 * 2, j.GetProperty("grid_points").GetInt64()); // --max-gpus 1000 keeps 8..512 of 8..4096
    }

    [Fact]
    public void Out_csv_holds_every_point_and_reads_back_exactly()
    {
        string path = Path.Combine(Dir, "all.csv");
        CliRun run = CliRun.Of([.. Grid, "--out", path, "--backend", "cpu"]);
        Assert.True(run.ExitCode == 0, run.Err);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(9 * 10 * 4 * 2 * 2 + 1, lines.Length);
        string[] header = lines[0].Split(',');
        Assert.Contains("cost_usd", header);
        Assert.Contains("wall_clock_days", header);
        Assert.Empty(Directory.GetFiles(Dir, ".*.tmp"));

        // Row for index 0: v100, fp16, utilisation 0.35, 1e9 params, 20 tokens/param, 8 GPUs, $3.06.
        string[] row = lines[1].Split(',');
        double Col(string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        Assert.Equal(0, Col("index"));
        double flops = 6 * 1e9 * 20e9;
        Assert.Equal(flops, Col("total_flops"));
        double seconds = flops / (8 * 125e12 * 0.35);
        Assert.Equal(seconds / 86400, Col("wall_clock_days"), 1e-12);
        Assert.Equal(seconds * 8 / 3600 * 3.06, Col("cost_usd"), 1e-9);

        // bf16 rows on a V100 are flagged, with no numbers for time.
        string v100Bf16 = lines.Skip(1).First(l => l.Contains(",v100-sxm2-32gb,bf16,", StringComparison.Ordinal));
        Assert.Contains(",false", v100Bf16);
    }

    [Fact]
    public void Out_json_is_an_array_of_every_point()
    {
        string path = Path.Combine(Dir, "all.json");
        Assert.Equal(0, CliRun.Of([.. Grid, "--out", path, "--backend", "ilgpu-cpu"]).ExitCode);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(9 * 10 * 4 * 2 * 2, doc.RootElement.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.EnumerateArray().First(r => !r.GetProperty("precision_supported").GetBoolean()).GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public void Oversized_output_is_refused_before_anything_is_written()
    {
        string path = Path.Combine(Dir, "big.csv");
        CliRun.Of([.. Grid, "--out", path, "--max-output-mb", "0.1"]).AssertBadInput("--max-output-mb");
        Assert.Empty(Directory.GetFiles(Dir));
    }

    [Theory]
    [InlineData("--params", "5..1:log:3", "--params")]
    [InlineData("--params", "-1e9", "--params")]
    [InlineData("--gpus", "0", "--gpus")]
    [InlineData("--tokens", "0x", "--tokens")]
    [InlineData("--utilization", "0.3..0.2:lin:3", "--utilization")]
    [InlineData("--backend", "tpu", "--backend")]
    [InlineData("--backend", "cuda", "--backend: cuda")]
    [InlineData("--max-gpus", "4", "--max-gpus")]
    [InlineData("--out", "result.xlsx", "--out")]
    [InlineData("--out", "/no/such/dir/x.csv", "--out")]
    [InlineData("--top", "-1", "--top")]
    [InlineData("--precision", "fp16,int3", "--precision")]
    [InlineData("--max-days", "-3", "--max-days")]
    public void Bad_sweep_input_is_a_one_line_error(string flag, string value, string culprit) =>
        CliRun.Of([.. Grid, flag, value]).AssertBadInput(culprit);

    /// <summary>Found by a hostile run: a repeated value made a grid with repeated points (precisions were dropped silently).</summary>
    [Theory]
    [InlineData("--precision", "fp16,bf16,fp16", "--precision: fp16 is listed twice")]
    [InlineData("--gpus", "8,64,8", "--gpus: 8 is listed twice")]
    [InlineData("--params", "1e9...1e10:lin:2", "--params: '1e9...1e10:lin:2' is not a range")]
    [InlineData("--params", "1e9..1e9:lin:2", "--params: range '1e9..1e9:lin:2' has start = end")]
    public void A_grid_never_repeats_a_point(string flag, string value, string message) =>
        CliRun.Of("sweep", flag, value).AssertBadInput(message);

    [Fact]
    public void A_profile_file_named_like_another_entry_is_refused()
    {
        // Found by a hostile run: a copy of a built-in profile beside it made two rows of one name, priced together.
        string copy = _temp["h100-sxm5-80gb.json"];
        File.Copy(Path.Combine(TestData.RepoRoot, "hardware-profiles", "h100-sxm5-80gb.json"), copy);
        CliRun.Of("sweep", "--hardware", $"h100-sxm5-80gb,{copy}").AssertBadInput($"--hardware: 'h100-sxm5-80gb' and '{copy}' are both named h100-sxm5-80gb");
        CliRun.Of("compare", "--model", "gpt3-13b", "--gpus", "64", "--utilization", "0.4", "--hardware", $"{copy},h100-sxm5-80gb").AssertBadInput("are both named");
    }

    [Fact]
    public void Hardware_without_a_price_needs_a_price_axis()
    {
        CliRun.Of("sweep", "--hardware", "mi250x").AssertBadInput("mi250x has no public price");
        Assert.Equal(0, CliRun.Of("sweep", "--hardware", "mi250x", "--price-per-gpu-hour", "1.5,2.5", "--backend", "cpu").ExitCode);
    }

    [Fact]
    public void Enormous_grids_are_refused()
    {
        CliRun.Of("sweep", "--params", "1..2:lin:16000000", "--tokens", "1..2:lin:16000000", "--gpus", "1..16000000:lin:16000000")
            .AssertBadInput("9.2e18");
    }

    [Fact]
    public void Default_sweep_runs_with_a_readable_summary()
    {
        CliRun run = CliRun.Of("sweep", "--backend", "cpu", "--max-days", "90", "--pareto");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("top 10 by cost_usd", run.Out);
        Assert.Contains("best per hardware", run.Out);
        Assert.Contains("pareto front", run.Out);
    }
}
