using System.Text.Json;

namespace ComputeSim.Tests.Cli;

/// <summary>Sweep specs: a sweep as a YAML or JSON file, overridden by flags, dumped from flags, with errors at their line.</summary>
public sealed class SpecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Flags =
    [
        "--params", "70B,175B", "--tokens", "20x", "--gpus", "64..4096:pow2", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi300x",
        "--precision", "bf16", "--utilization", "0.35..0.45:lin:3", "--max-days", "30", "--must-fit", "--top", "4", "--pareto", "--backend", "cpu",
    ];

    private const string Yaml = """
        # a comment
        params: [70B, 175B]
        tokens: 20x
        gpus: 64..4096:pow2
        hardware:
          - a100-sxm4-80gb
          - h100-sxm5-80gb
          - mi300x
        precision: bf16
        utilization: 0.35..0.45:lin:3
        max_days: 30
        must_fit: true
        top: 4
        pareto: true
        backend: cpu
        """;

    private const string Json = """
        {
          "params": ["70B", "175B"], "tokens": "20x", "gpus": "64..4096:pow2",
          "hardware": ["a100-sxm4-80gb", "h100-sxm5-80gb", "mi300x"], "precision": "bf16",
          "utilization": "0.35..0.45:lin:3", "max_days": 30, "must_fit": true, "top": 4, "pareto": true, "backend": "cpu"
        }
        """;

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The sweep's answer (what it keeps), without timings.</summary>
    private static string Answer(params string[] args)
    {
        CliRun run = CliRun.Of(["sweep", .. args, "--format", "json"]);
        Assert.True(run.ExitCode == 0, run.Err);
        JsonElement j = JsonDocument.Parse(run.Out).RootElement;
        return string.Join("|", new[] { "grid_points", "admissible_points", "objective", "top", "best_per_hardware", "pareto" }.Select(k => j.GetProperty(k).GetRawText()));
    }

    [Fact]
    public void Yaml_and_json_specs_run_the_same_sweep_as_the_flags()
    {
        string expected = Answer(Flags);
        Assert.Equal(expected, Answer("--spec", Write("s.yaml", Yaml)));
        Assert.Equal(expected, Answer("--spec", Write("s.json", Json)));
    }

    [Fact]
    public void Flags_on_the_command_line_override_the_spec()
    {
        string spec = Write("s.yml", Yaml);
        string[] overridden = [.. Flags];
        overridden[Array.IndexOf(overridden, "--max-days") + 1] = "10";
        overridden[Array.IndexOf(overridden, "--top") + 1] = "2";
        Assert.Equal(Answer(overridden), Answer("--spec", spec, "--max-days", "10", "--top", "2"));
        Assert.NotEqual(Answer("--spec", spec), Answer("--spec", spec, "--max-days", "10"));
    }

    [Theory]
    [InlineData("dumped.yaml")]
    [InlineData("dumped.json")]
    public void A_dumped_spec_reruns_the_sweep_it_describes(string name)
    {
        string path = Path.Combine(_dir, name);
        CliRun dump = CliRun.Of(["sweep", .. Flags, "--dump-spec", path]);
        Assert.True(dump.ExitCode == 0, dump.Err);
        Assert.Equal($"spec written to {path}\n", dump.Out.Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(Answer(Flags), Answer("--spec", path));
    }

    [Theory]
    [InlineData("predicted.yaml")]
    [InlineData("predicted.json")]
    public void A_dumped_predicted_sweep_leaves_out_the_utilisation_it_would_refuse(string name)
    {
        // Found by a hostile run: the default utilisation was written, and --spec refused it beside predict: true.
        string path = Path.Combine(_dir, name);
        string[] flags = ["--params", "7B", "--tokens", "20x", "--gpus", "64", "--hardware", "h100-sxm5-80gb", "--precision", "bf16", "--predict", "--backend", "cpu"];
        CliRun dump = CliRun.Of(["sweep", .. flags, "--dump-spec", path]);
        Assert.True(dump.ExitCode == 0, dump.Err);
        Assert.DoesNotContain("utilization", File.ReadAllText(path));
        Assert.Equal(Answer(flags), Answer("--spec", path));
        // A utilisation given beside --predict is refused before any spec is written, as the sweep refuses it.
        CliRun given = CliRun.Of(["sweep", .. flags, "--utilization", "0.4", "--dump-spec", path + ".given"]);
        given.AssertBadInput("--utilization: with --predict the utilisation is predicted, not swept");
        Assert.False(File.Exists(path + ".given"));
    }

    [Fact]
    public void A_spec_from_before_versioning_still_loads_as_version_1()
    {
        string path = Path.Combine(_dir, "versioned.yaml");
        Assert.Equal(0, CliRun.Of(["sweep", .. Flags, "--dump-spec", path]).ExitCode);
        string[] lines = File.ReadAllLines(path);
        Assert.Contains($"{ComputeSim.Api.SweepSpecVersion.Key}: 1", lines);
        string old = Write("unversioned.yaml", string.Join('\n', lines.Where(l => !l.StartsWith(ComputeSim.Api.SweepSpecVersion.Key, StringComparison.Ordinal))) + "\n");
        Assert.Equal(Answer("--spec", path), Answer("--spec", old));
    }

    [Fact]
    public void Dump_spec_of_a_spec_and_flags_holds_the_merged_fields()
    {
        CliRun run = CliRun.Of("sweep", "--spec", Write("s.yaml", Yaml), "--max-days", "10", "--dump-spec");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("max_days: \"10\"\n", run.Out);
        Assert.Contains("hardware: [\"a100-sxm4-80gb\", \"h100-sxm5-80gb\", \"mi300x\"]\n", run.Out);
        Assert.DoesNotContain("spec:", run.Out);
    }

    [Fact]
    public void Dump_spec_prints_yaml_with_every_field_that_has_a_value()
    {
        CliRun run = CliRun.Of("sweep", "--params", "7B", "--hardware", "h100-sxm5-80gb,mi300x", "--must-fit", "--dump-spec");
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# computesim sweep spec", lines[0]);
        Assert.Equal($"spec_version: {ComputeSim.Api.SweepSpecVersion.Current}", lines[1]);
        Assert.Contains("params: \"7B\"", lines);
        Assert.Contains("hardware: [\"h100-sxm5-80gb\", \"mi300x\"]", lines);
        Assert.Contains("must_fit: true", lines);
        Assert.Contains("objective: \"cost\"", lines); // defaults too: a spec does not depend on them
        Assert.DoesNotContain(lines, l => l.StartsWith("max_days", StringComparison.Ordinal) || l.StartsWith("quiet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a.yaml", "params: 7B\ngpus: 0..8:lin:3\n", "a.yaml, line 2: gpus: 0 is out of range")]
    [InlineData("b.yaml", "params: 7B\n\nobjective: speed\n", "b.yaml, line 3: objective: 'speed' is not one of cost, time, energy")]
    [InlineData("c.yaml", "params: 7B\nmax_dayz: 3\n", "c.yaml, line 2: unknown field 'max_dayz'; known: params,")]
    [InlineData("d.yaml", "params: 7B\nparams: 8B\n", "d.yaml, line 2: 'params' is given twice (first on line 1)")]
    [InlineData("e.yaml", "params: 7B\nmust_fit: yes\n", "e.yaml, line 2: must_fit: 'yes' is not true or false")]
    [InlineData("f.yaml", "params: 7B\nhardware: mi250x\n", "f.yaml, line 2: hardware: mi250x has no public price")]
    [InlineData("g.yaml", "params: 7B\ntokens:\n", "g.yaml, line 2: 'tokens' has no value")]
    [InlineData("h.yaml", "params:\n  a: 1\n", "h.yaml, line 1: 'params' must be a value or a list of values")]
    [InlineData("i.yaml", "- 7B\n", "i.yaml, line 1: expected fields")]
    [InlineData("j.yaml", "params: [7B\ngpus: 8\n", "j.yaml, line 1: not valid YAML")]
    [InlineData("k.yaml", "spec_version: 2\nparams: 7B\n", "k.yaml, line 1: spec_version: 2: this computesim reads sweep specs up to version 1")]
    [InlineData("l.yaml", "params: 7B\nspec_version: 1.5\n", "l.yaml, line 2: spec_version: '1.5' is not a spec version")]
    [InlineData("k.json", "{\n \"params\": \"7B\",\n \"gpus\": 0\n}", "k.json, line 3: gpus: 0 is out of range")]
    [InlineData("l.json", "{\n \"params\": \"7B\",\n \"gpus\": 8,,\n}", "l.json, line 3: not valid JSON")]
    [InlineData("m.json", "{\n \"params\": \"7B\",\n \"top\": \"many\"\n}", "m.json, line 3: top: 'many' is not a whole number")]
    [InlineData("n.json", "{\n \"top\": 3,\n \"top\": 4\n}", "n.json, line 3: 'top' is given twice (first on line 2)")]
    [InlineData("o.txt", "params: 7B\n", "--spec: '")]
    public void Invalid_specs_name_the_field_and_line(string name, string text, string message) =>
        CliRun.Of("sweep", "--spec", Write(name, text)).AssertBadInput(message);

    [Fact]
    public void The_example_spec_runs()
    {
        string example = Path.Combine(TestData.RepoRoot, "examples", "sweep-175b.yaml");
        string plot = Path.Combine(_dir, "example.svg");
        CliRun run = CliRun.Of("sweep", "--spec", example, "--backend", "cpu", "--plot", plot);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("pareto front", run.Out);
        Assert.True(File.Exists(plot));
    }
}
