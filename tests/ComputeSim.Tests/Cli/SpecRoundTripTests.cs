using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Cli;

/// <summary>
/// Found by a hostile run: <c>--dump-spec</c> could write a spec that <c>--spec</c> refused. Property: whatever
/// command line it accepts, the file it writes reads back (YAML and JSON) and dumps again to the same file.
/// </summary>
public sealed class SpecRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _dir = new("computesim-roundtrip-");

    public void Dispose() => _dir.Dispose();

    // Text that YAML, JSON or the command-line parser treat specially, and plain values.
    private static readonly Gen<string> Tricky = Gen.Frequency(
        (6, Gen.OneOf(
            "--top", "-x", "@file", "a,b", " a , b ", "a,,b", "a,", "", "  ", "x#y", "# c", "'q'", "\"dq\"", "line\nbreak", "tab\there", "ü€𝄞", "null",
            "~", "yes", "0x10", "1e9..1e12:log:3", "- item", "[a]", "{a: 1}", "*alias", "&anchor", "!tag", "%YAML", "a: b", "---", "7B", "h100-sxm5-80gb,mi300x")),
        (2, Gen.String[0, 12]),
        (1, Gen.Char.Array[0, 8].Select(cs => new string(cs))));

    private static readonly string[] TextFlags = ["--params", "--tokens", "--gpus", "--hardware", "--precision", "--utilization", "--max-days", "--out", "--plot", "--objective"];
    private static readonly string[] BoolFlags = ["--must-fit", "--pareto", "--predict"];

    private static readonly Gen<string[]> CommandLines =
        Gen.Select(
            Gen.Select(Gen.OneOf(TextFlags), Tricky, (flag, value) => new[] { flag, value }).Array[0, 4],
            Gen.OneOf(BoolFlags).Array[0, 2],
            Gen.Int[-3, 50].Array[0, 1],
            (texts, bools, tops) => texts.DistinctBy(t => t[0]).SelectMany(t => t)
                .Concat(bools.Distinct()).Concat(tops.SelectMany(t => new[] { "--top", t.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToArray());

    [Fact]
    public void A_dumped_spec_always_reads_back_to_the_same_spec()
    {
        int written = 0;
        CommandLines.Sample(args =>
        {
            foreach (string ext in new[] { ".yaml", ".json" })
            {
                // Cases run in parallel: each has its own files.
                string name = Guid.NewGuid().ToString("N");
                string first = _dir[name + "-1" + ext], second = _dir[name + "-2" + ext];
                CliRun dump = CliRun.Of(["sweep", .. args, "--dump-spec", first]);
                if (dump.ExitCode != 0)
                {
                    dump.AssertBadInput(""); // one line, exit 2, whatever the culprit
                    Assert.False(File.Exists(first), "a refused dump left a file");
                    continue;
                }
                Interlocked.Increment(ref written);
                CliRun again = CliRun.Of("sweep", "--spec", first, "--dump-spec", second);
                Assert.True(again.ExitCode == 0, $"{string.Join(' ', args)}: {again.Err}\n{File.ReadAllText(first)}");
                Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
            }
        }, iter: 400, print: args => string.Join(" | ", args));
        output.WriteLine($"{written} specs written and read back");
        Assert.True(written > 100, $"only {written} command lines were dumped: the generator is too hostile to test the round trip");
    }
}
