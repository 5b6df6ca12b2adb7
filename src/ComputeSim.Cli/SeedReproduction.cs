using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli;

/// <summary>One figure of the seed report next to ComputeSim's value.</summary>
/// <param name="Figure">What it is.</param>
/// <param name="Published">The published value, or null for a figure ComputeSim adds.</param>
/// <param name="Computed">ComputeSim's value.</param>
/// <param name="Unit">Unit of both.</param>
/// <param name="TolerancePercent">How far apart they may be, and why (<paramref name="Basis"/>).</param>
/// <param name="Basis">Source and the reason for the tolerance.</param>
internal sealed record SeedFigure(string Figure, double? Published, double Computed, string Unit, double? TolerancePercent, string Basis)
{
    /// <summary>(computed − published) / published, or null.</summary>
    public double? RelativeDifference => Published is double p ? (Computed - p) / p : null;

    /// <summary>True if within tolerance (or nothing to compare).</summary>
    public bool Within => RelativeDifference is not double d || Math.Abs(d) * 100 <= TolerancePercent!.Value;
}

/// <summary>
/// Every figure of the seed report's compute section (an equity research note on ChatGPT,
/// Feb 2023, built on GPT-3 paper Table D.1), recomputed from the presets and the V100 profile.
/// </summary>
internal static class SeedReproduction
{
    /// <summary>The profile the seed prices on.</summary>
    public const string V100 = "v100-sxm2-32gb";
    /// <summary>The seed's "sustained" V100 throughput, TFLOP/s.</summary>
    public const double SeedSustainedTflops = 28;
    /// <summary>The seed's bytes per parameter for the weights ("16-bit", computed with 4).</summary>
    public const double SeedBytesPerParam = 4;
    /// <summary>Mixed-precision Adam: 2 (bf16 weights) + 2 (grads) + 12 (fp32 master, momentum, variance).</summary>
    public const double AdamStateBytesPerParam = 16;

    private const string TableD1 = "Brown et al. 2020, GPT-3 paper, Appendix D Table D.1";
    private const string Seed = "seed report, compute section";

    /// <summary>All figures, in the order the report gives them.</summary>
    public static IReadOnlyList<SeedFigure> Figures()
    {
        HardwareProfile v100 = ProfileCatalog.Get(V100);
        double peak = v100.Spec.PeakFlops(Precision.Fp16);
        double sustained = SeedSustainedTflops * TrainingCost.FlopsPerTflop;
        double price = v100.File.PricePerGpuHourUsd ?? throw new InvalidOperationException($"{V100} lost its price");
        double chip = v100.File.PurchasePriceUsd ?? throw new InvalidOperationException($"{V100} lost its purchase price");
        var figures = new List<SeedFigure>();

        foreach (ModelPreset p in Presets.TableD1)
        {
            double pfDays = TrainingCost.PfDays(Flops(p));
            figures.Add(new($"{p.DisplayName} training compute", p.PublishedPfDays, pfDays, "PF-days",
                HalfLastDigitPercent(p.PublishedPfDays, 3), $"{TableD1}; published to 3 significant figures"));
        }

        ModelPreset b13 = Presets.Find("gpt3-13b")!, b175 = Presets.Find("gpt3-175b")!;
        figures.Add(new("GPT-3 13B on one V100 at 125 TFLOPS", 2144, Days(Flops(b13), peak), "days", 0.19,
            $"{Seed}: 268 PF-days / 0.125; 268 has 3 significant figures"));
        figures.Add(new("GPT-3 175B on one V100 at 125 TFLOPS", 29120, Days(Flops(b175), peak), "days", 0.14,
            $"{Seed}: 3640 PF-days / 0.125; 3640 has 3 significant figures"));
        figures.Add(new("GPT-3 13B on one V100 at 28 TFLOPS", 26, Days(Flops(b13), sustained) / TrainingCost.DaysPerYear, "GPU-years", 1.9,
            $"{Seed}; published to 2 significant figures"));
        figures.Add(new("GPT-3 175B on one V100 at 28 TFLOPS", 355, Days(Flops(b175), sustained) / TrainingCost.DaysPerYear, "GPU-years", 0.5,
            $"{Seed}: from 3.14e23 FLOPs (3 significant figures), truncated to whole years"));
        figures.Add(new("GPT-3 13B cloud cost at $3.06/V100-hour", 0.7e6, Cost(Flops(b13), sustained, price), "USD", 7.1,
            $"{Seed}: $0.7M, 1 significant figure; price from {V100} profile"));
        figures.Add(new("GPT-3 175B cloud cost at $3.06/V100-hour", 9.5e6, Cost(Flops(b175), sustained, price), "USD", 0.53,
            $"{Seed}: $9.5M, 2 significant figures"));

        double weights = TrainingCost.MemoryBytes(b175.Parameters, SeedBytesPerParam);
        double gpus = TrainingCost.MinDevices(weights, v100.Spec.MemoryBytes);
        figures.Add(new("GPT-3 175B weights at 4 bytes/param", 700e9, weights, "bytes", 0.5,
            $"{Seed}: 175B x 4 B; the seed rounds 174.6B params to 175B (0.23%)"));
        figures.Add(new("V100 32 GB needed to hold them", 22, gpus, "GPUs", 0, $"{Seed}: ceil(700 GB / 32 GB); exact"));
        figures.Add(new("cost of those V100s at $9,000", 200e3, gpus * chip, "USD", 1.0,
            $"{Seed}: ~$200k = 22 x $9,000 = $198k rounded"));

        double state = TrainingCost.MemoryBytes(b175.Parameters, AdamStateBytesPerParam);
        double stateGpus = TrainingCost.MinDevices(state, v100.Spec.MemoryBytes);
        const string corrected = "ComputeSim's correction: mixed-precision Adam keeps 16 bytes/param (2 weights + 2 grads + 12 fp32 master/moments), activations excluded";
        figures.Add(new("GPT-3 175B training state at 16 bytes/param", null, state, "bytes", null, corrected));
        figures.Add(new("V100 32 GB needed to hold it", null, stateGpus, "GPUs", null, corrected));
        figures.Add(new("cost of those V100s at $9,000", null, stateGpus * chip, "USD", null, corrected));
        return figures;
    }

    /// <summary>Half a unit in the last of <paramref name="significantFigures"/> digits, as a percentage of the value.</summary>
    public static double HalfLastDigitPercent(double published, int significantFigures)
    {
        double unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(published))) - significantFigures + 1);
        return 0.5 * unit / Math.Abs(published) * 100;
    }

    private static double Flops(ModelPreset p) => TrainingCost.TrainingFlops(p.Parameters, p.Tokens, p.ActiveFraction);

    private static double Days(double flops, double flopsPerSecond) =>
        TrainingCost.WallClockSeconds(flops, 1, flopsPerSecond) / TrainingCost.SecondsPerDay;

    private static double Cost(double flops, double flopsPerSecond, double price) =>
        TrainingCost.CostUsd(TrainingCost.GpuHours(TrainingCost.WallClockSeconds(flops, 1, flopsPerSecond), 1), price);
}
