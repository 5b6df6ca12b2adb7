using System.Text.Json;
using ComputeSim.Cli.Sweep;
using ComputeSim.Engine;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary><c>sweep --verify</c>: a fixed sample and every kept point recomputed with the reference formulas, held to a tolerance.</summary>
public class VerifyTests
{
    private static readonly string[] Sweep =
    [
        "sweep", "--params", "1e8..1e13:log:200", "--tokens", "5x..40x:lin:4", "--gpus", "1..16384:pow2",
        "--hardware", "v100-sxm2-32gb,h100-sxm5-80gb,mi300x", "--precision", "fp16,bf16", "--max-days", "90", "--must-fit", "--pareto",
    ];

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    [InlineData("reference")]
    public void Backends_agree_with_the_reference_formulas(string backend)
    {
        CliRun run = CliRun.Of([.. Sweep, "--backend", backend, "--verify"]);
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains("max relative difference 0 (tolerance 1e-9): ok", run.Out);

        JsonElement verify = JsonDocument.Parse(CliRun.Of([.. Sweep, "--backend", backend, "--verify", "--format", "json"]).Out).RootElement.GetProperty("verify");
        Assert.True(verify.GetProperty("passed").GetBoolean());
        Assert.Equal(0, verify.GetProperty("max_relative_difference").GetDouble());
        Assert.True(verify.GetProperty("points").GetInt64() >= Verification.Blocks * Verification.BlockLength);
    }

    [Fact]
    public void A_backend_off_by_more_than_the_tolerance_fails_with_exit_3()
    {
        static CliRun Run(params string[] extra) =>
            CliRun.With(ctx => ctx with { OpenBackend = (_, _) => new FaultyBackend(perturb: 1e-6) }, [.. Sweep, "--backend", "cuda", "--verify", .. extra]);
        CliRun off = Run();
        Assert.Equal(SweepExecution.VerifyFailedExitCode, off.ExitCode);
        Assert.Contains("FAILED", off.Out);
        string error = Assert.Single(off.Err.TrimEnd().Split('\n'));
        Assert.StartsWith("computesim: error: --verify: relative difference 1e-6 at point ", error);
        Assert.Equal(0, Run("--verify-tolerance", "1e-5").ExitCode);
    }

    [Fact]
    public void The_sample_is_fixed_and_holds_the_first_and_last_points()
    {
        foreach (long total in new[] { 1L, 4096, 4097, 1_000_003, 7_200_000_000 })
        {
            IReadOnlyList<IndexRange> sample = Verification.Sample(total);
            Assert.Equal(sample, Verification.Sample(total));
            Assert.Equal(0, sample[0].Start);
            Assert.Equal(total, sample[^1].End);
            Assert.All(sample.Zip(sample.Skip(1)), p => Assert.True(p.First.End < p.Second.Start));
            Assert.Equal(Math.Min(total, Verification.Blocks * Verification.BlockLength), sample.Sum(r => r.Length), 0.3 * Verification.Blocks * Verification.BlockLength);
        }
    }

    [Theory]
    [InlineData(1.0, 1.0, 0)]
    [InlineData(1.0, 1.0 + 1e-12, 1e-12)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, 0)]
    [InlineData(double.PositiveInfinity, 1.0, double.PositiveInfinity)]
    [InlineData(double.NaN, 1.0, double.PositiveInfinity)]
    public void Relative_difference(double a, double b, double expected) =>
        Assert.Equal(expected, Verification.Relative(a, b), 1e-15);
}
