using System.Text.Json;
using ComputeSim.Cli;
using ComputeSim.Cli.Commands;

namespace ComputeSim.Tests.Cli;

public class CommandCliTests
{
    [Fact]
    public void Reproduce_seed_prints_every_figure_within_tolerance()
    {
        CliRun run = CliRun.Of("reproduce", "seed", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        JsonElement[] rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToArray();
        // 17 Table D.1 rows + 9 seed figures + 3 corrected training-state figures.
        Assert.Equal(29, rows.Length);
        Assert.All(rows, r => Assert.True(r.GetProperty("within_tolerance").GetBoolean(), r.GetProperty("figure").GetString()));
        Assert.Equal(26, rows.Count(r => r.GetProperty("published").ValueKind == JsonValueKind.Number));
        Assert.All(SeedReproduction.Figures(), f => Assert.True(f.Within, f.Figure));
    }

    [Fact]
    public void Half_last_digit_tolerance()
    {
        Assert.Equal(0.137, SeedReproduction.HalfLastDigitPercent(3.64e3, 3), 3);
        Assert.Equal(1.923, SeedReproduction.HalfLastDigitPercent(26, 2), 3);
    }

    [Fact]
    public void Compare_lists_each_generation_and_skips_chips_without_the_precision()
    {
        CliRun run = CliRun.Of("compare", "--model", "gpt3-175b", "--gpus", "1024", "--precision", "bf16", "--utilization", "0.4", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Err);
        var rows = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.DoesNotContain(rows, r => r.GetProperty("hardware").GetString()!.StartsWith("v100", StringComparison.Ordinal));
        double Days(string hw) => rows.Single(r => r.GetProperty("hardware").GetString() == hw).GetProperty("wall_clock_days").GetDouble();
        // Same utilisation: days scale inversely with the bf16 peak (312 vs 989.5 TFLOPS).
        Assert.Equal(989.5 / 312, Days("a100-sxm4-80gb") / Days("h100-sxm5-80gb"), 1e-9);

        CliRun text = CliRun.Of("compare", "--model", "gpt3-175b", "--precision", "bf16");
        Assert.Contains("not shown (no bf16", text.Out);
        Assert.Contains("v100-sxm2-32gb", text.Out.Split("not shown")[1]);
    }

    /// <summary>Found by the CLI fuzz test: '@/' names a response file the parser cannot read.</summary>
    [Fact]
    public void An_unreadable_response_file_is_bad_input() =>
        CliRun.Of("sweep", "--top", "x", "--checkpoint-seconds", "@/").AssertBadInput("@/");

    /// <summary>Found by a hostile run: a negative cursor position was an internal error (exit 1).</summary>
    [Theory]
    [InlineData("[suggest:-1]")]
    [InlineData("[suggest:x]")]
    [InlineData("[suggest:]")]
    public void A_bad_completion_position_is_bad_input(string directive) =>
        CliRun.Of(directive, "computesim sw").AssertBadInput(directive + ": the cursor position must be a whole number >= 0");

    [Fact]
    public void A_completion_position_past_the_line_still_completes() =>
        Assert.Contains("sweep", CliRun.Of("[suggest:999]", "computesim sw").Out);

    [Fact]
    public void Profiles_list_show_and_validate()
    {
        Assert.Contains("h200-sxm-141gb", CliRun.Of("profiles", "list").Out);
        string h200 = CliRun.Of("profiles", "show", "h200-sxm-141gb").Out;
        Assert.Contains("\"memory_gb\": 141", h200);
        // Sources read as written: no \u0027 for an apostrophe.
        Assert.Contains("Hopper's", h200);
        Assert.DoesNotContain("\\u00", h200);
        string good = Path.Combine(TestData.RepoRoot, "hardware-profiles", "mi300x.json");
        Assert.Equal(0, CliRun.Of("profiles", "validate", good).ExitCode);

        string dir = Directory.CreateTempSubdirectory("computesim-").FullName;
        string bad = Path.Combine(dir, "mi300x.json");
        File.WriteAllText(bad, File.ReadAllText(good).Replace("\"board_power_w\": 750", "\"board_power_w\": -750", StringComparison.Ordinal));
        try
        {
            CliRun.Of("profiles", "validate", bad).AssertBadInput("'board_power_w' is -750");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Devices_always_lists_the_cpu_paths()
    {
        CliRun run = CliRun.Of("devices");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ilgpu-cpu", run.Out);
        Assert.Contains("auto ->", run.Out);
    }

    [Theory]
    [InlineData("--no-such-flag")]
    [InlineData("frobnicate")]
    public void Unknown_flags_and_commands_exit_2(string word) =>
        CliRun.Of("estimate", word).AssertBadInput(word);

    [Fact]
    public void Help_has_an_example_for_every_command()
    {
        foreach (string[] cmd in new[] { new[] { "estimate" }, ["sweep"], ["compare"], ["reproduce", "seed"], ["devices"], ["profiles", "list"] })
        {
            CliRun run = CliRun.Of([.. cmd, "--help"]);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Example: computesim", run.Out);
        }
    }

    [Fact]
    public void Parsing_alone_rejects_a_bad_choice()
    {
        var ctx = new CliContext(TextWriter.Null, TextWriter.Null);
        Assert.NotEmpty(CliApp.Build(ctx).Parse(["sweep", "--objective", "speed"]).Errors);
        Assert.Empty(CliApp.Build(ctx).Parse(["sweep", "--objective", "time", "--pareto"]).Errors);
    }
}
