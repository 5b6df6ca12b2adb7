using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine;

public class AxisParserTests
{
    [Fact]
    public void Lists_take_suffixes()
    {
        AxisValues a = AxisParser.Parse("7B, 70B,1.5e12,300M,4K", "--params");
        Assert.Equal([7e9, 70e9, 1.5e12, 300e6, 4e3], a.Values);
        Assert.False(a.PerParam);
    }

    [Fact]
    public void Log_range_hits_both_ends_and_is_geometric()
    {
        double[] v = AxisParser.Parse("1e8..1e13:log:6", "--params").Values;
        Assert.Equal(6, v.Length);
        Assert.Equal(1e8, v[0]);
        Assert.Equal(1e13, v[^1]);
        for (int i = 1; i < v.Length; i++)
            Assert.Equal(10.0, v[i] / v[i - 1], 1e-9);
    }

    [Fact]
    public void Linear_range_and_powers_of_two()
    {
        Assert.Equal([0.3, 0.35, 0.4, 0.45, 0.5], AxisParser.Parse("0.3..0.5:lin:5", "--utilization").Values.Select(x => Math.Round(x, 12)));
        Assert.Equal([8.0, 16, 32, 64], AxisParser.Parse("8..100:pow2", "--gpus").Values);
        Assert.Equal(18, AxisParser.Parse("1..131072:pow2", "--gpus").Values.Length);
    }

    [Fact]
    public void Whole_number_axes_round_ranges_and_refuse_repeats()
    {
        Assert.Equal([8.0, 262, 516, 770, 1024], AxisParser.Parse("8..1024:lin:5", "--gpus", wholeNumbers: true).Values);
        Assert.Equal([1.0, 2, 3, 4], AxisParser.Parse("1..4:log:4", "--gpus", wholeNumbers: true).Values);
        Assert.Equal([2.5], AxisParser.Parse("2.5", "--gpus", wholeNumbers: true).Values);
        // Found by a hostile run: rounding used to drop repeats silently, so the grid was smaller than asked.
        Assert.Equal("--gpus: range '1..4:log:9' repeats 1 once rounded to whole numbers; lower the count",
            Assert.Throws<InputException>(() => AxisParser.Parse("1..4:log:9", "--gpus", wholeNumbers: true)).Message);
    }

    /// <summary>Found by a hostile run: each of these was a grid of repeated points, printed as if it were the grid asked for.</summary>
    [Theory]
    [InlineData("1e9...1e10:lin:2", "--params: '1e9...1e10:lin:2' is not a range: expected exactly two dots between START and END")]
    [InlineData("1e9..1e9:lin:3", "--params: range '1e9..1e9:lin:3' has start = end, so its 3 points would all be 1000000000")]
    [InlineData("1..1.0000000000000002:lin:5", "--params: range '1..1.0000000000000002:lin:5' repeats 1 (its points are closer than a double tells apart)")]
    [InlineData("7B,70B,7B", "--params: 7000000000 is listed twice in '7B,70B,7B'")]
    [InlineData("1e9..1e10..1e11:log:3", "--params: '1e9..1e10..1e11:log:3' is not a range")]
    [InlineData("1e9.....1e10:log:3", "--params: '1e9.....1e10:log:3' is not a range")]
    public void Repeated_points_and_near_miss_ranges_are_refused(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<InputException>(() => AxisParser.Parse(text, "--params")).Message);

    [Fact]
    public void A_range_of_one_point_and_powers_of_two_within_one_value_still_parse()
    {
        Assert.Equal([7e9], AxisParser.Parse("7B..7B:lin:1", "--params").Values);
        Assert.Equal([8.0], AxisParser.Parse("8..8:pow2", "--gpus").Values);
        Assert.Equal([0.5, 1], AxisParser.Parse(".5..1:lin:2", "--utilization").Values);
    }

    [Fact]
    public void Per_param_multiples_only_where_allowed()
    {
        AxisValues t = AxisParser.Parse("10x..40x:lin:4", "--tokens", allowPerParam: true);
        Assert.True(t.PerParam);
        Assert.Equal([10.0, 20, 30, 40], t.Values);
        Assert.Contains("--params", Assert.Throws<InputException>(() => AxisParser.Parse("20x", "--params")).Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1,,2", "empty item")]
    [InlineData("abc", "not a number")]
    [InlineData("1e400", "not a number")]
    [InlineData("5..1:lin:3", "start > end")]
    [InlineData("1..5", "not a range")]
    [InlineData("1..5:lin:0", "count")]
    [InlineData("1..5:lin:x", "count")]
    [InlineData("0..5:log:3", "start > 0")]
    [InlineData("1..5:cubic:3", "not a range")]
    [InlineData("3..3.5:pow2", "no power of two")]
    [InlineData("1..2:lin:1", "count of 1")]
    [InlineData("20x,30", "mix")]
    public void Bad_axes_name_the_flag(string text, string why)
    {
        var e = Assert.Throws<InputException>(() => AxisParser.Parse(text, "--gpus", allowPerParam: true));
        Assert.StartsWith("--gpus:", e.Message);
        Assert.Contains(why, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
