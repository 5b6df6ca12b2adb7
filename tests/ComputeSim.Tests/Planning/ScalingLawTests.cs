using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

/// <summary>The scaling laws against brute force and against the published optima.</summary>
public class ScalingLawTests
{
    public static TheoryData<string> Laws => new() { "chinchilla", "chinchilla-unrounded", "besiroglu", "kaplan" };

    // Brute-force grid: 10^6 to 10^16 parameters in steps of 10^(10/400000), a ratio of 1 + 5.8e-5.
    private const double GridFrom = 1e6, GridTo = 1e16;
    private const int GridPoints = 400_001;

    /// <summary>The N minimising the law along 6ND = C, by scanning the fine log grid.</summary>
    public static double BruteForceParams(in ScalingLaw law, double flops)
    {
        double best = double.PositiveInfinity, bestN = 0;
        double step = Math.Log(GridTo / GridFrom) / (GridPoints - 1);
        for (int i = 0; i < GridPoints; i++)
        {
            double n = GridFrom * Math.Exp(i * step);
            double loss = ComputeOptimal.Loss(law, n, flops / 6.0 / n);
            if (loss < best)
            {
                best = loss;
                bestN = n;
            }
        }
        return bestN;
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Closed_form_optimum_equals_brute_force_minimum(string name)
    {
        ScalingLaw law = ScalingLaws.Find(name)!.Law;
        foreach (double c in new[] { 1e18, 1.21e20, 1e22, 5.76e23, 1e24, 1.27e26 })
        {
            double closed = ComputeOptimal.OptimalParams(law, c);
            double brute = BruteForceParams(law, c);
            // Tolerance: one grid step (5.8e-5), the resolution of the brute force; the loss is flat at its minimum,
            // so the scan can land a step either side.
            Assert.True(Math.Abs(brute / closed - 1) <= 6e-5, $"{name} at C={c:E3}: closed form {closed:E6}, brute force {brute:E6}");
            Assert.Equal(c, 6 * closed * ComputeOptimal.OptimalTokens(law, c), c * 1e-12);
            // The closed form is a minimum: a 1% step either way along 6ND = C loses.
            double at = ComputeOptimal.Loss(law, closed, c / 6 / closed);
            Assert.True(ComputeOptimal.Loss(law, closed * 1.01, c / 6 / (closed * 1.01)) > at);
            Assert.True(ComputeOptimal.Loss(law, closed / 1.01, c / 6 / (closed / 1.01)) > at);
        }
    }

    [Fact]
    public void Rounded_and_unrounded_chinchilla_constants_give_the_published_optima()
    {
        // Planning facts (Hoffmann et al. 2022, Eq. 2; unrounded constants per Besiroglu et al. 2024): at C = 5.76e23
        // rounded constants give N ≈ 32B (D/N ≈ 93), unrounded N ≈ 40B (D/N ≈ 59). Published to 2 significant
        // figures: tolerance half a unit of the last figure (±0.5B, ±0.5 tokens/param).
        const double c = 5.76e23;
        ScalingLaw rounded = ScalingLaws.Chinchilla.Law, unrounded = ScalingLaws.ChinchillaUnrounded.Law;
        Assert.InRange(ComputeOptimal.OptimalParams(rounded, c), 31.5e9, 32.5e9);
        Assert.InRange(ComputeOptimal.OptimalTokens(rounded, c) / ComputeOptimal.OptimalParams(rounded, c), 92.5, 93.5);
        Assert.InRange(ComputeOptimal.OptimalParams(unrounded, c), 39.5e9, 40.5e9);
        Assert.InRange(ComputeOptimal.OptimalTokens(unrounded, c) / ComputeOptimal.OptimalParams(unrounded, c), 58.5, 59.5);
    }

    [Fact]
    public void Besiroglu_refit_gives_the_published_optimum_at_1e24()
    {
        // Besiroglu et al. 2024 (planning facts): at C = 1e24, ≈ 96B parameters on 1.74T tokens; tolerance half a unit
        // of the last published figure (±0.5B, ±0.005T).
        ScalingLaw law = ScalingLaws.Besiroglu.Law;
        Assert.InRange(ComputeOptimal.OptimalParams(law, 1e24), 95.5e9, 96.5e9);
        Assert.InRange(ComputeOptimal.OptimalTokens(law, 1e24), 1.735e12, 1.745e12);
    }

    // Hoffmann et al. 2022, Table 3 (Approach 1): parameters, FLOPs, tokens.
    public static TheoryData<double, double, double> Table3 => new()
    {
        { 1e9, 1.21e20, 20.2e9 },
        { 10e9, 1.23e22, 205.1e9 },
        { 67e9, 5.76e23, 1.5e12 },
        { 175e9, 3.85e24, 3.7e12 },
        { 1e12, 1.27e26, 21.2e12 },
    };

    [Theory]
    [MemberData(nameof(Table3))]
    public void Table3_agrees_with_the_refit_and_the_20_to_1_rule_but_not_with_approach_3(double parameters, double flops, double tokens)
    {
        // The table's rows obey C = 6ND to 5% (its FLOPs and tokens are rounded to 2-3 figures).
        Assert.Equal(1.0, 6 * parameters * tokens / flops, 0.05);
        // The 20:1 rule (N = sqrt(C/120)) is Approach 1's: within 5% of every row.
        Assert.Equal(1.0, Math.Sqrt(flops / 120) / parameters, 0.05);
        // Besiroglu et al.'s refit is consistent with Approach 1 (their claim): within 16% over six decades of C
        // (measured: -6% at 1e20 to +15% at 1.3e26; the refit's exponent 0.513 is a little above Approach 1's 0.50).
        Assert.Equal(1.0, ComputeOptimal.OptimalParams(ScalingLaws.Besiroglu.Law, flops) / parameters, 0.16);
        // Hoffmann's own Approach-3 fit is not (the known discrepancy, not forced to agree): it puts the optimum at
        // 0.37-0.70 of the table's size from 1.2e22 FLOPs up, with rounded or unrounded constants.
        if (flops >= 1e22)
        {
            Assert.InRange(ComputeOptimal.OptimalParams(ScalingLaws.Chinchilla.Law, flops) / parameters, 0.3, 0.75);
            Assert.InRange(ComputeOptimal.OptimalParams(ScalingLaws.ChinchillaUnrounded.Law, flops) / parameters, 0.3, 0.75);
        }
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void Tokens_for_a_loss_invert_the_law(string name)
    {
        ScalingLaw law = ScalingLaws.Find(name)!.Law;
        foreach (double n in new[] { 1e8, 7e10, 1e12 })
        {
            double d = 20 * n;
            double loss = ComputeOptimal.Loss(law, n, d);
            Assert.Equal(1.0, ComputeOptimal.TokensForLoss(law, n, loss) / d, 1e-9);
            // Below what infinite data reaches at this N, no token count suffices.
            double floor = ComputeOptimal.Loss(law, n, 1e300);
            Assert.Equal(double.PositiveInfinity, ComputeOptimal.TokensForLoss(law, n, floor * 0.999));
        }
    }

    [Fact]
    public void Loss_falls_with_parameters_and_tokens_and_approaches_e()
    {
        // Hoffmann et al. 2022 Eq. 2: E is the loss of an infinite model on infinite data.
        ScalingLaw law = ScalingLaws.Besiroglu.Law;
        Assert.True(ComputeOptimal.Loss(law, 2e10, 1e12) < ComputeOptimal.Loss(law, 1e10, 1e12));
        Assert.True(ComputeOptimal.Loss(law, 1e10, 2e12) < ComputeOptimal.Loss(law, 1e10, 1e12));
        Assert.Equal(law.E, ComputeOptimal.Loss(law, 1e30, 1e30), 1e-6);
        Assert.Equal(double.PositiveInfinity, ComputeOptimal.Loss(law, 0, 1e12));
        // Chinchilla (70B, 1.4T tokens) under the rounded law: E + A/N^α + B/D^β = 1.69 + 0.0835 + 0.1632 = 1.9367.
        Assert.Equal(1.9367, ComputeOptimal.Loss(ScalingLaws.Chinchilla.Law, 70e9, 1.4e12), 1e-4);
    }
}
