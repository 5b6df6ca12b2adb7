using ComputeSim.Model;

namespace ComputeSim.Tests.Model;

/// <summary>
/// Golden values: Brown et al. 2020, "Language Models are Few-Shot Learners" (arXiv:2005.14165),
/// Appendix D, Table D.1, every row. The table prints compute to three significant figures, so
/// the tolerance is half a unit in the third digit (relative to the published value).
/// </summary>
public class TableD1Tests
{
    [Theory]
    // name, params (M), tokens (B), FLOPs/param/token, published PF-days, published FLOPs — transcribed from Table D.1
    [InlineData("t5-small", 60, 1000, 3, 2.08e0, 1.80e20)]
    [InlineData("t5-base", 220, 1000, 3, 7.64e0, 6.60e20)]
    [InlineData("t5-large", 770, 1000, 3, 2.67e1, 2.31e21)]
    [InlineData("t5-3b", 3000, 1000, 3, 1.04e2, 9.00e21)]
    [InlineData("t5-11b", 11000, 1000, 3, 3.82e2, 3.30e22)]
    [InlineData("bert-base", 109, 250, 6, 1.89e0, 1.64e20)]
    [InlineData("bert-large", 355, 250, 6, 6.16e0, 5.33e20)]
    [InlineData("roberta-base", 125, 2000, 6, 1.74e1, 1.50e21)]
    [InlineData("roberta-large", 355, 2000, 6, 4.93e1, 4.26e21)]
    [InlineData("gpt3-small", 125, 300, 6, 2.60e0, 2.25e20)]
    [InlineData("gpt3-medium", 356, 300, 6, 7.42e0, 6.41e20)]
    [InlineData("gpt3-large", 760, 300, 6, 1.58e1, 1.37e21)]
    [InlineData("gpt3-xl", 1320, 300, 6, 2.75e1, 2.38e21)]
    [InlineData("gpt3-2.7b", 2650, 300, 6, 5.52e1, 4.77e21)]
    [InlineData("gpt3-6.7b", 6660, 300, 6, 1.39e2, 1.20e22)]
    [InlineData("gpt3-13b", 12850, 300, 6, 2.68e2, 2.31e22)]
    [InlineData("gpt3-175b", 174600, 300, 6, 3.64e3, 3.14e23)]
    public void Preset_reproduces_published_compute(string name, double paramsM, double tokensB, double flopsPerParamToken, double pfDays, double flops)
    {
        ModelPreset preset = Presets.Find(name)!;
        Assert.Equal(paramsM * 1e6, preset.Parameters);
        Assert.Equal(tokensB * 1e9, preset.Tokens);
        Assert.Equal(flopsPerParamToken, TrainingCost.FlopsPerParamPerToken(preset.ActiveFraction));

        double computed = TrainingCost.TrainingFlops(preset.Parameters, preset.Tokens, preset.ActiveFraction);
        AssertWithinHalfLastDigit(flops, computed);
        AssertWithinHalfLastDigit(pfDays, TrainingCost.PfDays(computed));
    }

    [Fact]
    public void Table_has_all_seventeen_rows_with_unique_names()
    {
        Assert.Equal(17, Presets.TableD1.Count);
        Assert.Equal(17, Presets.TableD1.Select(p => p.Name).Distinct().Count());
    }

    private static void AssertWithinHalfLastDigit(double published, double computed)
    {
        double unit = Math.Pow(10, Math.Floor(Math.Log10(published)) - 2);
        Assert.InRange(computed, published - unit / 2, published + unit / 2);
    }
}
