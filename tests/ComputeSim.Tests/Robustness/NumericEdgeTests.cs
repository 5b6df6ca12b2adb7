using System.Globalization;
using System.Text.Json;
using ComputeSim.Cli;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Robustness;

/// <summary>Every axis at the edges the validators accept: results are finite, or flagged and never printed as numbers.</summary>
public sealed class NumericEdgeTests : IDisposable
{
    private readonly TempFolder _temp = new("computesim-edges-");

    public void Dispose() => _temp.Dispose();

    // The smallest and largest values each flag accepts (a validator's "> 0" admits the smallest subnormal).
    private static readonly double[] Params = [double.Epsilon, 1, 1e15, Validate.MaxParams];
    private static readonly double[] Tokens = [double.Epsilon, 1, 1e16, Validate.MaxTokens, 1e6 * Validate.MaxParams];
    private static readonly double[] Gpus = [1, Validate.MaxGpus];
    private static readonly double[] Utilization = [double.Epsilon, 1e-300, 1e-6, 1];
    private static readonly double[] Price = [double.Epsilon, 1000];
    private static readonly double[] Pue = [1, 5];
    private static readonly double[] StateBytes = [double.Epsilon, 64];
    private static readonly double[] ActiveFraction = [double.Epsilon, 1];

    [Fact]
    public void Every_edge_combination_on_every_chip_and_precision_is_finite_or_flagged()
    {
        long flagged = 0, checkedPoints = 0;
        foreach (HardwareProfile hw in ProfileCatalog.All)
            foreach (Precision precision in PrecisionNames.All)
                foreach (double p in Params)
                    foreach (double t in Tokens)
                        foreach (double g in Gpus)
                            foreach (double u in Utilization)
                                foreach (double price in Price)
                                    foreach (double pue in Pue)
                                        foreach (double bytes in StateBytes)
                                            foreach (double active in ActiveFraction)
                                            {
                                                var job = new TrainingJob { Parameters = p, Tokens = t, Gpus = g, Precision = precision, Utilization = u, PricePerGpuHourUsd = price };
                                                var a = new Assumptions { Pue = pue, StateBytesPerParam = bytes, WeightBytesPerParam = bytes, ActiveFraction = active };
                                                PointResult r = CostModel.Evaluate(job, hw.Spec, a);
                                                checkedPoints++;
                                                double[] fields = [r.TotalFlops, r.AchievedFlopsPerGpu, r.WallClockDays, r.GpuHours, r.CostUsd, r.EnergyMwh, r.MinGpusForTrainingState];
                                                bool finite = fields.All(double.IsFinite);
                                                if ((r.Status & PointStatus.PrecisionUnsupported) != 0)
                                                    continue;
                                                Assert.True(finite == ((r.Status & PointStatus.Overflow) == 0), $"{hw.Name} {precision} p={p} t={t} u={u}: flag {r.Status} but finite={finite}");
                                                Assert.DoesNotContain(fields, double.IsNaN);
                                                if (!finite)
                                                {
                                                    flagged++;
                                                    Assert.False(Selection.Unconstrained(ObjectiveKind.Cost).Admits(r));
                                                }
                                            }
        Assert.True(flagged > 0 && flagged < checkedPoints, $"{flagged} of {checkedPoints} flagged");
    }

    [Fact]
    public void A_petascale_model_on_one_gpu_at_one_millionth_utilisation_stays_finite()
    {
        // 1e15 params x 1e16 tokens x 6 = 6e31 FLOPs on one H100 (989.5 TFLOP/s bf16) at 1e-6: 6.06e25 s.
        var job = new TrainingJob { Parameters = 1e15, Tokens = 1e16, Gpus = 1, Precision = Precision.Bf16, Utilization = 1e-6, PricePerGpuHourUsd = 1000 };
        PointResult r = CostModel.Evaluate(job, TestData.Spec("h100-sxm5-80gb"), TestData.Standard);
        Assert.Equal(PointStatus.DoesNotFit, r.Status);
        Assert.Equal(6e31, r.TotalFlops);
        double seconds = 6e31 / (989.5e12 * 1e-6);
        Assert.Equal(seconds / 86_400, r.WallClockDays, seconds / 86_400 * 1e-15);
        Assert.Equal(seconds / 3600 * 1000, r.CostUsd, seconds / 3600 * 1000 * 1e-15);
        Assert.True(double.IsFinite(r.EnergyMwh));
    }

    [Fact]
    public void Estimate_and_compare_print_an_overflowing_result_as_na_with_a_note()
    {
        string[] job = ["--params", "1e16", "--tokens", "1e18", "--gpus", "1", "--utilization", "1e-300"];
        CliRun text = CliRun.Of(["estimate", .. job]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("n/a", text.Out);
        Assert.Contains(Format.OverflowNote, text.Out);
        Assert.False(Fuzz.HasNonFiniteNumber(text.Out), text.Out);

        JsonElement json = JsonDocument.Parse(CliRun.Of(["estimate", .. job, "--format", "json"]).Out).RootElement;
        Assert.True(json.GetProperty("overflow").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("wall_clock_days").ValueKind);

        CliRun compare = CliRun.Of(["compare", .. job, "--precision", "bf16"]);
        Assert.Equal(0, compare.ExitCode);
        Assert.Contains(Format.OverflowNote, compare.Out);
        Assert.False(Fuzz.HasNonFiniteNumber(compare.Out + CliRun.Of(["compare", .. job, "--format", "json"]).Out));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public void Sweep_outputs_never_print_nan_or_infinity_and_flag_overflow(string ext)
    {
        string file = _temp["edges." + ext];
        string[] args = ["sweep", "--params", "5e-324,1,1e15,1e16", "--tokens", "5e-324,1e16,1e18", "--gpus", "1,1e8", "--utilization", "5e-324,1e-300,1e-6,1",
            "--hardware", "v100-sxm2-32gb,h100-sxm5-80gb", "--precision", "fp16,bf16", "--price-per-gpu-hour", "5e-324,1000",
            "--state-bytes-per-param", "64", "--pareto", "--backend", "cpu", "--out", file];
        CliRun text = CliRun.Of(args);
        Assert.True(text.ExitCode == 0, text.Err);
        CliRun json = CliRun.Of([.. args, "--format", "json"]);
        string written = File.ReadAllText(file);
        Assert.False(Fuzz.HasNonFiniteNumber(text.Out + json.Out + written));

        JsonElement summary = JsonDocument.Parse(json.Out).RootElement;
        const long total = 4 * 3 * 2 * 4 * 2 * 2 * 2;
        Assert.Equal(total, summary.GetProperty("grid_points").GetInt64());
        Assert.All(summary.GetProperty("top").EnumerateArray(), r => Assert.False(r.GetProperty("overflow").GetBoolean()));
        // Overflow rows are there, flagged, with empty cells (CSV) or nulls (JSON) where the numbers would be.
        Assert.Contains(ext == "csv" ? ",true" : "\"overflow\":true", written);
        if (ext == "csv")
        {
            string[] header = File.ReadLines(file).First().Split(',');
            int overflow = Array.IndexOf(header, "overflow"), days = Array.IndexOf(header, "wall_clock_days");
            var rows = File.ReadLines(file).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(total, rows.Count);
            Assert.All(rows.Where(r => r[overflow] == "true"), r => Assert.Equal("", r[days]));
            Assert.All(rows.Where(r => r[days] != ""), r => Assert.True(double.IsFinite(double.Parse(r[days], CultureInfo.InvariantCulture))));
        }
    }
}
