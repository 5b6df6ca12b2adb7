using ComputeSim.Tests.Cli;
using ComputeSim.Tests.Robustness;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Sharding;

/// <summary>
/// The mutation sweep through the whole CLI, on a sample of the mutations: <c>computesim merge</c> with a
/// damaged shard file exits 2 with one line naming it, or prints exactly the undamaged answer.
/// </summary>
public sealed class MergeMutationCliTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new("computesim-merge-mutations-");
    // Every 13th mutation: coprime with the 7 number edits, so every kind of edit is sampled.
    private const int Stride = 13;

    public void Dispose() => _temp.Dispose();

    private static readonly string[] Grid =
    [
        "--params", "1e9..1e12:log:8", "--tokens", "10x,20x", "--gpus", "8..1024:pow2", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,mi300x",
        "--utilization", "0.3,0.5", "--max-days", "60", "--must-fit", "--top", "4", "--pareto",
    ];

    [Fact]
    public void A_damaged_shard_file_is_a_one_line_exit_2_or_the_exact_answer()
    {
        string[] parts = [.. Enumerable.Range(0, 3).Select(i => _temp[$"part-{i}.json"])];
        for (int i = 0; i < parts.Length; i++)
            Assert.Equal(0, CliRun.Of(["sweep", .. Grid, "--backend", "cpu", "--shard", $"{i}/3", "--partial-out", parts[i]]).ExitCode);
        string expected = Sweeps.Answer(CliRun.Of(["merge", .. Grid, .. parts, "--format", "json"]).Out);
        string damaged = _temp["damaged.json"];
        int tried = 0, refused = 0, right = 0;
        foreach (Mutation m in FileMutations.Of(File.ReadAllBytes(parts[1]), 60, 20, seed: 2).Where((_, i) => i % Stride == 0))
        {
            File.WriteAllBytes(damaged, m.Bytes);
            CliRun run = CliRun.Of(["merge", .. Grid, parts[0], damaged, parts[2], "--format", "json"]);
            tried++;
            if (run.ExitCode == 2)
            {
                run.AssertBadInput(damaged);
                refused++;
            }
            else
            {
                Assert.True(run.ExitCode == 0, $"{m.Name}: exit {run.ExitCode}: {run.Err}");
                Assert.True(expected == Sweeps.Answer(run.Out), $"{m.Name}: accepted with a different answer");
                right++;
            }
        }
        output.WriteLine($"through the CLI: {tried} mutations tried, {refused} refused, {right} accepted and right, 0 accepted and wrong");
        Assert.True(tried > 50 && refused > 0, $"{tried} tried, {refused} refused");
    }
}
