using ComputeSim.Cli.Output;
using ComputeSim.Profiles;

namespace ComputeSim.Tests.Output;

/// <summary>Three significant figures for every measured quantity; the unit is the column's.</summary>
public sealed class FormatSigTests
{
    [Theory]
    [InlineData(0.09151, "0.0915")]
    [InlineData(0.4, "0.4")]
    [InlineData(8.9749, "8.97")]
    [InlineData(234.9168, "235")]
    [InlineData(1565, "1.57K")]
    [InlineData(999.6, "1K")]
    [InlineData(220566, "221K")]
    [InlineData(1358000, "1.36M")]
    [InlineData(-2.5e9, "-2.5B")]
    [InlineData(3.14e23, "3.14e+23")]
    [InlineData(0.0004567, "4.57e-4")]
    [InlineData(0, "0")]
    [InlineData(double.NaN, "n/a")]
    public void Sig_rounds_to_three_figures(double value, string expected) => Assert.Equal(expected, Format.Sig(value));

    [Theory]
    [InlineData(850, "850 points/s")]
    [InlineData(12_400, "12.4K points/s")]
    [InlineData(3.5e6, "3.5M points/s")]
    [InlineData(1.2e9, "1.2G points/s")]
    public void Rates_carry_K_M_G(double rate, string expected) => Assert.Equal(expected, ProgressBar.Rate(rate));

    [Theory]
    [InlineData("  - energy scope facility: board W x 0.76 (measured DGX H100 training load) x (1 + 0.82 server)", 40)]
    [InlineData("note: with failures the run costs $10.3M, over --max-cost-usd $10M (ETTR 0.9611): plan with less", 50)]
    public void Prose_wraps_at_spaces_within_the_width(string line, int width)
    {
        string[] pieces = [.. FittedWriter.Wrap(line, width)];
        Assert.True(pieces.Length > 1);
        Assert.All(pieces, p => Assert.True(p.Length <= width, p));
        Assert.Equal(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), pieces.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("h100-sxm5-80gbb", "h100-sxm5-80gb")]
    [InlineData("estimte", "estimate")]
    [InlineData("gpt3-175", "gpt3-175b")]
    public void Did_you_mean_finds_the_nearest(string typed, string expected) =>
        Assert.Equal(expected, DidYouMean.Nearest(typed, ["h100-sxm5-80gb", "h100-pcie-80gb", "estimate", "sweep", "gpt3-175b", "gpt3-13b"]));

    [Fact]
    public void Did_you_mean_says_nothing_when_nothing_is_near() =>
        Assert.Null(DidYouMean.Nearest("zzzzzz", ["estimate", "sweep"]));
}
