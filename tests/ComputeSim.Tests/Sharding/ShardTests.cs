using System.Text.Json;
using ComputeSim.Cli.Sweep;
using ComputeSim.Tests.Cli;
using ComputeSim.Tests.Robustness;

namespace ComputeSim.Tests.Sharding;

public sealed class ShardTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-shards-");

    private string Dir => _temp.Dir;

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Grid =
    [
        "--params", "1e9..1e12:log:41", "--tokens", "10x,20x", "--gpus", "8..8192:pow2", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi300x",
        "--precision", "bf16", "--max-days", "60", "--must-fit", "--top", "7", "--pareto",
    ];

    private static string Answer(JsonElement j) =>
        string.Join("|", new[] { "top", "best_per_hardware", "pareto", "admissible_points", "grid_points" }.Select(k => j.GetProperty(k).GetRawText()));

    [Fact]
    public void Shards_run_as_separate_processes_merge_to_the_single_process_answer()
    {
        // Three shards as processes: two by --shard I/N, one from a Slurm job array's environment (array 1-3, task 3).
        var runs = new List<ComputesimProcess>();
        for (int i = 0; i < 2; i++)
            runs.Add(ComputesimProcess.Start([.. Prefix("sweep"), "--backend", "cpu", "--shard", $"{i}/3", "--partial-out", Path.Combine(Dir, "part-{shard}.json")]));
        var slurm = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_MAX"] = "3" };
        runs.Add(ComputesimProcess.Start(slurm, [.. Prefix("sweep"), "--backend", "ilgpu-cpu", "--shard", "auto", "--partial-out", Path.Combine(Dir, "part-{shard}.json")]));
        foreach (ComputesimProcess p in runs)
        {
            // A guard against a hang, not a speed check: the ilgpu-cpu shard compiles the kernels in its own process (a minute or
            // two on a busy 2-core machine, beside the other shards and the rest of the suite).
            var (code, _, err) = p.Wait(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, err);
            p.Dispose();
        }
        string[] parts = [.. Enumerable.Range(0, 3).Select(i => Path.Combine(Dir, $"part-{i}.json"))];
        Assert.All(parts, p => Assert.True(File.Exists(p), p));

        string single = Answer(CliRun.Json([.. Prefix("sweep"), "--backend", "reference"]));
        Assert.Equal(single, Answer(CliRun.Json([.. Prefix("merge"), .. parts])));
        Assert.Equal(single, Answer(CliRun.Json([.. Prefix("merge"), parts[2], parts[0], parts[1]])));
    }

    private static string[] Prefix(string command) => [command, .. Grid];

    [Fact]
    public void Missing_duplicate_or_foreign_shards_are_refused()
    {
        string Part(int i, int n, params string[] extra)
        {
            string path = Path.Combine(Dir, $"p{i}of{n}{extra.Length}.json");
            Assert.Equal(0, CliRun.Of([.. Prefix("sweep"), .. extra, "--backend", "cpu", "--shard", $"{i}/{n}", "--partial-out", path]).ExitCode);
            return path;
        }
        string a = Part(0, 2), b = Part(1, 2);
        CliRun.Of([.. Prefix("merge"), a]).AssertBadInput("a shard is missing");
        CliRun.Of([.. Prefix("merge"), a, b, a]).AssertBadInput("given twice");
        CliRun.Of([.. Prefix("merge"), a, Part(1, 3)]).AssertBadInput("different --shard counts");
        // A shard of another grid (a different PUE) fails its identity check.
        CliRun.Of([.. Prefix("merge"), a, Part(1, 2, "--pue", "1.3")]).AssertBadInput("p1of22.json");
    }

    [Theory]
    [InlineData("3/3", null, "out of range")]
    [InlineData("1-3", null, "not I/N")]
    [InlineData("auto", null, "no SLURM_ARRAY_TASK_ID")]
    [InlineData("0/2", "NOFILE", "--partial-out")]
    public void Bad_shard_flags_are_one_line_errors(string shard, string? nofile, string culprit)
    {
        string[] partial = nofile is null ? ["--partial-out", Path.Combine(Dir, "x.json")] : [];
        if (Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") is not null || Environment.GetEnvironmentVariable(ShardOptions.JobIndexVariable) is not null)
            return; // running inside a real array job: 'auto' would succeed
        CliRun.Of([.. Prefix("sweep"), "--shard", shard, .. partial]).AssertBadInput(culprit);
    }

    [Fact]
    public void Kubernetes_indexed_jobs_need_a_count()
    {
        var options = new ShardOptions();
        var command = new System.CommandLine.Command("x") { options.ShardOption, options.PartialOut };
        var parse = command.Parse(["--shard", "auto", "--partial-out", "p-{shard}.json"]);
        Shard s = options.Resolve(parse, 1000, name => name switch { "JOB_COMPLETION_INDEX" => "3", "COMPUTESIM_SHARD_COUNT" => "4", _ => null })!;
        Assert.Equal((3, 4, 750L, 1000L, "p-3.json"), (s.Index, s.Count, s.Range.Start, s.Range.End, s.PartialPath));
        Assert.Contains("COMPUTESIM_SHARD_COUNT",
            Assert.Throws<ComputeSim.Model.InputException>(() => options.Resolve(parse, 1000, name => name == "JOB_COMPLETION_INDEX" ? "3" : null)).Message);
        Assert.Null(options.Resolve(command.Parse([]), 1000, _ => null));
    }
}
