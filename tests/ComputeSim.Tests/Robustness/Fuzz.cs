using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>Runs a property over generated inputs with a time limit per case and overall, and counts the cases.</summary>
public static partial class Fuzz
{
    /// <summary>The longest one case may take before it counts as a hang.</summary>
    /// <remarks>A hang, not a speed limit: cases take milliseconds alone, and the suite runs its test classes in parallel on two
    /// cores. A sweep writing Parquet once took 43 s and 69 s there, its writes waiting on a starved thread pool; the writer no
    /// longer uses the pool (RowFileTests), and the limit keeps room for a machine that busy.</remarks>
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(60);

    /// <summary>The longest a whole property may take.</summary>
    public static readonly TimeSpan Whole = TimeSpan.FromMinutes(2);

    /// <summary>Checks <paramref name="iter"/> cases; returns how many ran (reported to <paramref name="output"/>).</summary>
    public static long Run<T>(Gen<T> gen, Action<T> check, int iter, ITestOutputHelper output, string what, Func<T, string>? print = null)
    {
        long cases = 0;
        var run = Task.Run(() => gen.Sample(x =>
        {
            Interlocked.Increment(ref cases);
            var clock = Stopwatch.StartNew();
            check(x);
            Assert.True(clock.Elapsed < PerCase, $"one case took {clock.Elapsed.TotalSeconds:0.0} s");
        }, iter: iter, print: print));
        Assert.True(run.Wait(Whole), $"{what}: not finished after {Whole.TotalMinutes} min (a hang?)");
        run.GetAwaiter().GetResult();
        output.WriteLine($"{what}: {cases} cases");
        return cases;
    }

    /// <summary>True if a number is printed as NaN or infinity anywhere in <paramref name="text"/>.</summary>
    public static bool HasNonFiniteNumber(string text) => NonFinite().IsMatch(text);

    // AMD's "Infinity Fabric" link appears in profile text: a name, not a number.
    [GeneratedRegex(@"(?<![A-Za-z])(NaN|Infinity(?! Fabric)|∞)(?![A-Za-z])")]
    private static partial Regex NonFinite();

    private const int MessageSlack = 20;

    /// <summary>Asserts an error message is one line starting with <paramref name="prefix"/>.</summary>
    public static void AssertOneLine(string message, string prefix)
    {
        Assert.StartsWith(prefix, message);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        // The quoted part is cut at InputException.MaxMessageLength; the CLI adds a prefix and a "(see --help)".
        Assert.True(message.Length <= prefix.Length + ComputeSim.Model.InputException.MaxMessageLength + MessageSlack, $"message of {message.Length} characters");
    }
}

/// <summary>Generators of what people (and files) get wrong: edge numbers, garbage, long text.</summary>
public static class FuzzInputs
{
    /// <summary>Numbers at and past every limit, numbers that are not numbers, and suffixes.</summary>
    public static readonly string[] EdgeNumbers =
    [
        "0", "-0", "1", "-1", "0.4", "1e-6", "1e-9", "5e-324", "4.9e-324", "1e-400", "2.2250738585072014E-308",
        "1e8", "100000001", "1e15", "1e16", "1.0000001e16", "1e18", "1e19", "1e22", "1e308", "1.7976931348623157e308",
        "1e309", "-1e308", "NaN", "nan", "Infinity", "-Infinity", "∞", "1e", "e5", ".", "..", "1.2.3", "0x10", "1_000",
        "1,5", " 7B ", "7b", "175B", "1.5T", "20x", "1e6x", "1e7x", "-20x", "x", "K", "+5", "١٢٣", "1e+308K", "9e307T",
        "12345678901234567890123456789012345678901234567890", "2.5", "1000", "1001", "64", "65", "0.5", "5",
    ];

    /// <summary>Any characters (control characters, surrogates and line breaks included), and very long strings.</summary>
    public static readonly Gen<string> Garbage = Gen.Frequency(
        (4, Gen.Char.Array[0, 24].Select(cs => new string(cs))),
        (3, Gen.String),
        (1, Gen.Int[1, 20_000].Select(n => new string('9', n))),
        (1, Gen.Int[1, 3_000].Select(n => string.Concat(Enumerable.Repeat("1,", n)) + "1")),
        (1, Gen.Const("a\nb\r\n\tc\0d")));

    /// <summary>Numbers that are often valid, so that many cases get past validation and run.</summary>
    public static readonly string[] PlausibleNumbers = ["0.3", "0.4", "1", "1.1", "2", "4", "16", "64", "1024", "7B", "70B", "1e9", "300B", "1T", "20x", "3.5", "30", "1e6"];

    /// <summary>A number as typed: plausible, an edge, any double, or garbage.</summary>
    public static readonly Gen<string> Number = Gen.Frequency(
        (5, Gen.OneOf(PlausibleNumbers)),
        (5, Gen.OneOf(EdgeNumbers)),
        (2, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (1, Garbage));

    /// <summary>A range count: small ones that run fast, and ones past the limit.</summary>
    public static readonly Gen<string> Count = Gen.Frequency(
        (6, Gen.Int[0, 6].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("16777217", "99999999999", "-3", "x", "", "1e3", "2147483648")));

    /// <summary>An axis: a number, a short list, a range, powers of two over a short span, or garbage.</summary>
    public static readonly Gen<string> Axis = Gen.Frequency(
        (3, Number),
        (2, Number.Array[1, 4].Select(a => string.Join(",", a))),
        (3, Gen.Select(Number, Number, Gen.OneOf("lin", "log", "LOG", "cubic", ""), Count).Select(t => $"{t.Item1}..{t.Item2}:{t.Item3}:{t.Item4}")),
        (1, Gen.OneOf("1..64:pow2", "0.5..8:pow2", "3..3.5:pow2", "1e8..1e9:pow2", "1e15..1e17:pow2", "1..2:pow2:3", "8..1:pow2", "1x..8x:pow2")),
        (1, Gen.OneOf("1..", "..5", "1..5:", "1....5:lin:3", "1..5:lin:3:4", ",", "1,,2", "20x,30", "1x..2:lin:2")));
}
