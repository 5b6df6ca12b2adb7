using ComputeSim.Cli;
using ComputeSim.Engine;
using ComputeSim.Model;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>Garbage into the number and range parsers: a valid, finite result or a one-line error naming the flag, nothing else.</summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 30_000;

    private static T? OrInputError<T>(Func<T> parse, string flag)
    {
        try
        {
            return parse();
        }
        catch (InputException e)
        {
            Fuzz.AssertOneLine(e.Message, flag + ":");
            return default;
        }
    }

    [Fact]
    public void Axis_parser_returns_finite_values_or_a_one_line_error()
    {
        var gen = Gen.Select(FuzzInputs.Axis, Gen.Bool, Gen.Bool);
        long n = Fuzz.Run(gen, t =>
        {
            var (text, perParam, whole) = t;
            AxisValues? axis = OrInputError(() => AxisParser.Parse(text, "--gpus", perParam, whole), "--gpus");
            if (axis is null)
                return;
            Assert.InRange(axis.Values.Length, 1, AxisParser.MaxValuesPerAxis);
            Assert.All(axis.Values, v => Assert.True(double.IsFinite(v), $"'{text}' gave {v}"));
            Assert.True(perParam || !axis.PerParam);
        }, Cases, output, "AxisParser.Parse");
        Assert.Equal(Cases, n);
    }

    [Fact]
    public void Validate_returns_a_value_in_range_or_a_one_line_error()
    {
        var bounds = Gen.OneOf((0.0, 1.0, false), (0.0, Validate.MaxParams, false), (1.0, 5.0, true), (0.0, double.MaxValue, false), (0.0, 1e9, false));
        var gen = Gen.Select(FuzzInputs.Number, bounds);
        long n = Fuzz.Run(gen, t =>
        {
            var (text, (min, max, inclusive)) = t;
            double? v = OrInputError<double?>(() => Validate.Number(text, "--utilization", min, max, inclusive), "--utilization");
            if (v is double d)
            {
                Assert.True(double.IsFinite(d) && d <= max && (inclusive ? d >= min : d > min), $"'{text}' gave {d}");
            }
            double? gpus = OrInputError<double?>(() => Validate.Gpus(AxisParser.ParseNumber(text, "--gpus", out _), "--gpus"), "--gpus");
            if (gpus is double g)
                Assert.True(g >= 1 && g <= Validate.MaxGpus && g == Math.Floor(g), $"'{text}' gave {g} GPUs");
            OrInputError(() => Validate.Precision(text, "--precision"), "--precision");
        }, Cases, output, "Validate.Number/Gpus/Precision");
        Assert.Equal(Cases, n);
    }

    [Theory]
    [InlineData("-1e308..1e308:lin:3")]
    [InlineData("-1.7976931348623157e308..1.7976931348623157e308:lin:5")]
    public void A_range_too_wide_for_a_double_is_an_error_not_infinity(string text)
    {
        var e = Assert.Throws<InputException>(() => AxisParser.Parse(text, "--utilization"));
        Fuzz.AssertOneLine(e.Message, "--utilization:");
    }

    [Fact]
    public void Quoted_line_breaks_and_huge_values_stay_one_short_line()
    {
        var e = Assert.Throws<InputException>(() => AxisParser.Parse("1\n2", "--params"));
        Assert.Contains("1\\n2", e.Message);
        e = Assert.Throws<InputException>(() => AxisParser.Parse(new string('z', 1_000_000), "--params"));
        Fuzz.AssertOneLine(e.Message, "--params:");
    }
}
