using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// Shard files written before reductions became one abstraction (format version 3, in Fixtures/) are still
/// read and merged, and the same shards are written again byte for byte.
/// </summary>
public sealed class PartialFormatCompatibilityTests
{
    private static readonly string[] Sweep =
        ["--params", "1e9..1e11:log:7", "--tokens", "2e10..2e12:log:5", "--gpus", "8..1024:pow2", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb",
         "--max-days", "120", "--top", "4", "--pareto", "--backend", "cpu"];

    private static string Fixture(int shard) => Path.Combine(TestData.RepoRoot, "tests", "ComputeSim.Tests", "Robustness", "Fixtures", $"v3-shard-{shard}-of-2.json");

    [Fact]
    public void Version_3_shards_are_written_again_byte_for_byte()
    {
        using var dir = new TempFolder("v3-shards");
        for (int shard = 0; shard < 2; shard++)
        {
            string path = dir[$"s{shard}.json"];
            CliRun run = CliRun.Of(["sweep", .. Sweep, "--shard", $"{shard}/2", "--partial-out", path]);
            Assert.True(run.ExitCode == 0, run.Err);
            Assert.Equal(File.ReadAllBytes(Fixture(shard)), File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void Version_3_shards_merge_to_the_answer_of_one_sweep()
    {
        string merged = Sweeps.Answer(CliRun.Of(["merge", .. Sweep, Fixture(0), Fixture(1), "--format", "json"]).Out);
        string whole = Sweeps.Answer(CliRun.Of(["sweep", .. Sweep, "--format", "json"]).Out);
        Assert.Equal(whole, merged);
    }
}
