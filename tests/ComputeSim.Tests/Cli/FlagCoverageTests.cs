using System.CommandLine;
using ComputeSim.Cli;

namespace ComputeSim.Tests.Cli;

/// <summary>
/// No silently ignored flags: every option of every command, walked from the real command tree, either changes what
/// the command prints or writes, or is refused with one line, in each mode the command has (given and predicted
/// utilisation). A new option without a sample value here fails the test, so none is missed.
/// </summary>
public sealed class FlagCoverageTests : IDisposable
{
    private readonly TempFolder _temp = new("flags");

    public void Dispose() => _temp.Dispose();

    /// <summary>Each command's runs, one per mode: small enough to run in a moment.</summary>
    private static readonly Dictionary<string, string[][]> Modes = new()
    {
        ["estimate"] =
        [
            ["--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--gpus", "256", "--utilization", "0.4"],
            ["--model", "gpt3-13b", "--hardware", "h100-sxm5-80gb", "--gpus", "256"],
            ["--gpu-hours", "1.7M", "--hardware", "a100-sxm4-80gb"],
        ],
        ["compare"] =
        [
            ["--model", "gpt3-13b", "--gpus", "256", "--utilization", "0.4", "--hardware", "h100-sxm5-80gb,mi300x"],
            ["--model", "gpt3-13b", "--gpus", "256", "--hardware", "h100-sxm5-80gb,mi300x"],
        ],
        ["sweep"] =
        [
            ["--params", "1e9,1e12", "--gpus", "64,128", "--hardware", "h100-sxm5-80gb,mi300x", "--top", "3"],
            ["--params", "1e9,1e12", "--gpus", "64,128", "--hardware", "h100-sxm5-80gb,mi300x", "--top", "3", "--predict"],
        ],
        ["plan"] =
        [
            ["--max-cost-usd", "1M", "--hardware", "h100-sxm5-80gb,mi300x", "--params", "1e9..1e11:log:5", "--tokens-per-param", "10..40:log:3", "--gpus", "64..256:pow2", "--top", "2"],
        ],
    };

    /// <summary>A value for each option that differs from its default (a bool option is given bare).</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["--model"] = "gpt3-6.7b", ["--params"] = "2e9", ["--tokens"] = "100B", ["--gpus"] = "512", ["--precision"] = "fp8",
        ["--utilization"] = "0.3", ["--achieved-tflops"] = "300", ["--price-per-gpu-hour"] = "2.5", ["--pue"] = "1.3",
        ["--weight-bytes-per-param"] = "4", ["--state-bytes-per-param"] = "12", ["--active-fraction"] = "0.5", ["--energy-scope"] = "gpu",
        ["--gpu-power-fraction"] = "0.5", ["--server-overhead"] = "0.5",
        ["--layers"] = "40", ["--hidden"] = "5120", ["--heads"] = "40", ["--kv-heads"] = "8", ["--head-dim"] = "64", ["--ffn"] = "16384",
        ["--mlp"] = "swiglu", ["--experts"] = "8", ["--top-k"] = "2", ["--expert-ffn"] = "4096", ["--shared-experts"] = "1", ["--dense-layers"] = "1",
        ["--kv-lora-rank"] = "512", ["--q-lora-rank"] = "1536", ["--rope-head-dim"] = "64", ["--v-head-dim"] = "128", ["--sliding-window"] = "512",
        ["--sliding-window-layers"] = "20", ["--mamba-layers"] = "16", ["--attention-layers"] = "4", ["--mamba-heads"] = "128",
        ["--mamba-head-dim"] = "32", ["--mamba-state"] = "128", ["--mamba-groups"] = "4", ["--moe-latent"] = "1024",
        ["--hf-config"] = "missing-config.json", ["--seq-len"] = "4096", ["--vocab"] = "32000", ["--global-batch"] = "512", ["--layout"] = "manual",
        ["--tp"] = "4", ["--cp"] = "2", ["--pp"] = "2", ["--dp"] = "8", ["--ep"] = "2", ["--micro-batch"] = "2", ["--interleave"] = "2",
        ["--recompute"] = "full", ["--sequence-parallel"] = "true", ["--zero"] = "3", ["--cluster"] = "selene", ["--gpus-per-node"] = "4",
        ["--scale-out-gbps"] = "50", ["--software"] = "fsdp", ["--switches"] = "flash_attention=off", ["--hardware"] = "a100-sxm4-80gb", ["--format"] = "json", ["--layouts"] = "3",
        ["--price-source"] = "hyperscaler-on-demand", ["--gpu-hours"] = "1e6", ["--days"] = "10", ["--board-power-w"] = "500",
        ["--failures-per-1000-node-days"] = "20", ["--storage-gb-per-s-per-gpu"] = "0.01", ["--restart-minutes"] = "30", ["--checkpoint-interval"] = "young",
        ["--grid-region"] = "tokyo", ["--grid-gco2e-per-kwh"] = "100", ["--price-tier"] = "spot", ["--reserved-1y-multiplier"] = "0.5",
        ["--reserved-3y-multiplier"] = "0.3", ["--spot-multiplier"] = "0.2", ["--amortization-years"] = "2", ["--electricity-usd-per-kwh"] = "0.3",
        ["--mfu-dist"] = "uniform:0.3,0.5", ["--matmul-efficiency-factor-dist"] = "uniform:0.8,1", ["--failure-rate-dist"] = "uniform:1,20",
        ["--price-factor-dist"] = "uniform:0.5,1.5", ["--mc-samples"] = "50", ["--seed"] = "7", ["--mc-backend"] = "reference",
        ["--columns"] = "cost_usd", ["--out"] = "rows.csv", ["--plot"] = "plot.svg", ["--backend"] = "reference", ["--objective"] = "time",
        ["--max-days"] = "0.5", ["--max-cost-usd"] = "1000", ["--max-gpus"] = "64", ["--max-output-mb"] = "1e-9", ["--checkpoint"] = "ckpt",
        ["--checkpoint-seconds"] = "5", ["--verify-tolerance"] = "1e-3", ["--shard"] = "1/2", ["--partial-out"] = "part.json",
        ["--plot-kind"] = "scaling", ["--spec"] = "missing-spec.yaml", ["--dump-spec"] = "spec.yaml", ["--law"] = "hoffmann",
        ["--target-loss"] = "2.6", ["--inference-tokens"] = "1T", ["--tokens-per-param"] = "20", ["--top"] = "1",
    };

    /// <summary>Flags whose effect a captured run cannot see, each with where it shows.</summary>
    private static readonly Dictionary<string, string> Unobservable = new()
    {
        ["--quiet"] = "hides the progress bar, which is drawn only when stderr is a terminal (ProgressBar.ForTerminal)",
    };

    /// <summary>Per command, where one command reads a flag differently (a list, a budget that must bind).</summary>
    private static readonly Dictionary<(string, string), string> CommandSamples = new()
    {
        [("compare", "--hardware")] = "a100-sxm4-80gb,mi300x",
        [("sweep", "--hardware")] = "a100-sxm4-80gb",
        [("plan", "--hardware")] = "a100-sxm4-80gb",
        [("sweep", "--gpus")] = "256",
        [("plan", "--gpus")] = "64..128:pow2",
        [("sweep", "--params")] = "1e9,2e9",
        [("plan", "--params")] = "1e9..1e10:log:3",
        [("sweep", "--tokens")] = "10x",
        [("sweep", "--utilization")] = "0.3,0.5",
        [("plan", "--max-cost-usd")] = "100K",
        [("plan", "--max-days")] = "1",
        [("plan", "--max-gpus")] = "64",
        [("plan", "--columns")] = "params",
        [("sweep", "--columns")] = "gpus",
        [("estimate", "--columns")] = "cost_usd",
    };

    public static TheoryData<string> CommandNames => new(Modes.Keys);

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_flag_is_honoured_or_refused(string command)
    {
        Command cmd = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null)).Subcommands.Single(c => c.Name == command);
        var silent = new List<string>();
        foreach (string[] mode in Modes[command])
        {
            (CliRun baseline, string[] files) = Run([command, .. mode], "base");
            Assert.True(baseline.ExitCode == 0, $"{command} {string.Join(' ', mode)}: {baseline.Err}");
            foreach (Option option in cmd.Options.Where(o => o is not System.CommandLine.Help.HelpOption && o is not VersionOption
                         && !Unobservable.ContainsKey(o.Name) && !mode.Contains(o.Name)))
            {
                string[] flag = Flag(command, option);
                (CliRun run, string[] written) = Run([command, .. mode, .. flag], option.Name.TrimStart('-'));
                bool refused = run.ExitCode == 2 && run.Err.TrimEnd().Split('\n').Length == 1 && run.Err.StartsWith("computesim: error:", StringComparison.Ordinal);
                bool changed = run.ExitCode == 0 && (Timeless(run.Out) != Timeless(baseline.Out) || run.Err != baseline.Err || written.Length > files.Length);
                if (!refused && !changed)
                    silent.Add($"{string.Join(' ', flag)} (exit {run.ExitCode}) with {string.Join(' ', mode)}");
            }
        }
        Assert.True(silent.Count == 0, $"{command}: flags that neither change the output nor are refused:\n{string.Join('\n', silent)}");
    }

    [Fact]
    public void Every_option_of_every_command_has_a_sample_value()
    {
        RootCommand root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
        var missing = Modes.Keys.SelectMany(c => root.Subcommands.Single(s => s.Name == c).Options
            .Where(o => o.ValueType != typeof(bool) && o is not System.CommandLine.Help.HelpOption && o is not VersionOption)
            .Where(o => !Samples.ContainsKey(o.Name) && !CommandSamples.ContainsKey((c, o.Name)))
            .Select(o => $"{c} {o.Name}")).ToList();
        Assert.Empty(missing);
    }

    /// <summary>
    /// A cluster whose profile sets a failure rate: the built-in profiles leave it to the default, so at a given
    /// utilisation they change nothing that a run prints.
    /// </summary>
    private string ClusterWithFailureRate()
    {
        string path = _temp["rsc9.json"];
        File.WriteAllText(path, File.ReadAllText(Path.Combine(TestData.RepoRoot, "cluster-profiles", "selene.json"))
            .Replace("\"failures_per_1000_node_days\": null", "\"failures_per_1000_node_days\": 2.34", StringComparison.Ordinal)
            .Replace("\"name\": \"selene\"", "\"name\": \"rsc9\"", StringComparison.Ordinal));
        return path;
    }

    /// <summary>The output without what differs from run to run: the speed line, and the elapsed seconds in JSON.</summary>
    private static string Timeless(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"(; [\d,]+ points in [\d.]+ s \([^)]*\)|; [\d.]+ s;|""(elapsed_s|points_per_s)"": [^,\n]+)", "");

    private string[] Flag(string command, Option option)
    {
        if (option.ValueType == typeof(bool))
            return [option.Name];
        if (option.Name == "--cluster")
            return [option.Name, ClusterWithFailureRate()];
        string value = CommandSamples.GetValueOrDefault((command, option.Name)) ?? Samples[option.Name];
        // File outputs land in this test's folder, where the test looks for them.
        return [option.Name, option.Name is "--out" or "--plot" or "--checkpoint" or "--partial-out" or "--dump-spec" ? _temp[value] : value];
    }

    private (CliRun Run, string[] Files) Run(string[] args, string tag)
    {
        string[] before = Directory.GetFileSystemEntries(_temp.Dir);
        CliRun run = CliRun.With(ctx => ctx with { Width = 120 }, args);
        string[] after = Directory.GetFileSystemEntries(_temp.Dir);
        foreach (string path in after.Except(before))
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
            else
                File.Delete(path);
        }
        _ = tag;
        return (run, [.. after.Except(before)]);
    }
}
