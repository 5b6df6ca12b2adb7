using System.Text.Json;
using ComputeSim.Cli;
using ComputeSim.Model;
using ComputeSim.Profiles;
using ComputeSim.Tests.Cli;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// Generated argument lists into the whole CLI: every run ends with a result (exit 0, no NaN or
/// Infinity printed, JSON that parses) or a one-line error with exit 2. Grids stay small (axes of a
/// few values) so each case runs in milliseconds; the values themselves go to every edge.
/// </summary>
public sealed class CliFuzzTests : IDisposable
{
    private const int Cases = 2_000;
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("computesim-fuzz-").FullName;

    public CliFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        File.WriteAllText(Path.Combine(_dir, "file.txt"), "not a folder");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Names = [.. ProfileCatalog.All.Select(p => p.Name)];

    private static Gen<string> OneOfOrGarbage(params string[] good) => Gen.Frequency((6, Gen.OneOf(good)), (1, FuzzInputs.Garbage));

    private static readonly Gen<string> Hardware = Gen.Frequency(
        (6, Gen.OneOf(Names).Array[1, 3].Select(a => string.Join(",", a))),
        (1, Gen.OneOf("all", "mi250x", "h100-sxm5-80gb,,mi300x", "H100-SXM5-80GB", "")),
        (1, FuzzInputs.Garbage));

    private static readonly Gen<string> Precisions = Gen.Frequency(
        (6, Gen.OneOf("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "BF16").Array[1, 3].Select(a => string.Join(",", a))),
        (1, FuzzInputs.Garbage));

    private static readonly Gen<string> Top = Gen.OneOf("0", "1", "5", "10", "-1", "100001", "x", "1e3", "99999999999", "", "2.5");

    private static Gen<string[]> Pair(string flag, Gen<string> value) => value.Select(v => new[] { flag, v });

    private static Gen<string[]> Flag(string flag) => Gen.Const(new[] { flag });

    private static readonly Gen<string[]>[] JobFlags =
    [
        Pair("--model", OneOfOrGarbage([.. Presets.TableD1.Select(p => p.Name)])), Pair("--params", FuzzInputs.Number),
        Pair("--tokens", FuzzInputs.Number), Pair("--gpus", FuzzInputs.Number), Pair("--precision", Precisions),
        Pair("--utilization", FuzzInputs.Number), Pair("--achieved-tflops", FuzzInputs.Number), Pair("--price-per-gpu-hour", FuzzInputs.Number),
        Pair("--pue", FuzzInputs.Number), Pair("--weight-bytes-per-param", FuzzInputs.Number), Pair("--state-bytes-per-param", FuzzInputs.Number),
        Pair("--active-fraction", FuzzInputs.Number), Pair("--format", OneOfOrGarbage("text", "json")),
    ];

    private Gen<string[]>[] SweepFlags =>
    [
        Pair("--params", FuzzInputs.Axis), Pair("--tokens", FuzzInputs.Axis), Pair("--gpus", FuzzInputs.Axis), Pair("--hardware", Hardware),
        Pair("--precision", Precisions), Pair("--utilization", FuzzInputs.Axis), Pair("--price-per-gpu-hour", FuzzInputs.Axis),
        Pair("--pue", FuzzInputs.Number), Pair("--state-bytes-per-param", FuzzInputs.Number), Pair("--active-fraction", FuzzInputs.Number),
        Pair("--backend", OneOfOrGarbage("cpu", "reference", "CPU", "tpu")), Pair("--objective", OneOfOrGarbage("cost", "time", "energy")),
        Pair("--max-days", FuzzInputs.Number), Pair("--max-cost-usd", FuzzInputs.Number), Pair("--max-gpus", FuzzInputs.Number),
        Flag("--must-fit"), Pair("--top", Top), Flag("--pareto"), Flag("--quiet"), Flag("--verify"), Pair("--verify-tolerance", FuzzInputs.Number),
        Pair("--format", OneOfOrGarbage("text", "json")), Pair("--max-output-mb", FuzzInputs.Number), Flag("--resume"),
        Pair("--checkpoint-seconds", FuzzInputs.Number),
        Pair("--checkpoint", Gen.OneOf(Path.Combine(_dir, "file.txt"), "")),
        Pair("--checkpoint", Gen.Guid.Select(g => Path.Combine(_dir, "ck-" + g.ToString("N")))),
        Pair("--out", Gen.OneOf(Path.Combine(_dir, "o.parquet"), Path.Combine(_dir, "missing", "o.csv"), "", _dir)),
    ];

    private static readonly Gen<string[]>[] PlanFlags =
    [
        Pair("--max-cost-usd", FuzzInputs.Number), Pair("--max-days", FuzzInputs.Number), Pair("--max-gpus", FuzzInputs.Number),
        Pair("--hardware", Hardware), Pair("--price-per-gpu-hour", Gen.Frequency((3, FuzzInputs.Axis), (1, Gen.OneOf("mi300x=2", "h100-sxm5-80gb=0", "mi300x=", "=3", "mi300x=1,mi300x=2")))),
        Pair("--law", OneOfOrGarbage([.. ScalingLaws.All.Select(l => l.Name)])), Pair("--target-loss", FuzzInputs.Number),
        Pair("--objective", OneOfOrGarbage("cost", "time")), Pair("--inference-tokens", FuzzInputs.Number), Pair("--precision", Precisions),
        Pair("--utilization", FuzzInputs.Axis), Pair("--top", Top), Pair("--backend", OneOfOrGarbage("cpu", "reference")),
        Pair("--format", OneOfOrGarbage("text", "json")),
    ];

    // Plan's default grid has 680,988 points: the fuzzed plans always bring their own small axes.
    private static Gen<string[]> PlanArguments =>
        Gen.Select(FuzzInputs.Axis, FuzzInputs.Axis, FuzzInputs.Axis, Command(["--quiet"], PlanFlags))
            .Select(t => new[] { "plan", "--params", t.Item1, "--tokens-per-param", t.Item2, "--gpus", t.Item3 }.Concat(t.Item4).ToArray());

    private static Gen<string[]> Command(string[] words, Gen<string[]>[] flags) =>
        Gen.Select(Gen.OneOf(flags).Array[0, 6], Gen.Frequency((8, Gen.Const(Array.Empty<string>())), (1, FuzzInputs.Garbage.Select(g => new[] { g }))))
            .Select(t => words.Concat(t.Item1.SelectMany(f => f)).Concat(t.Item2).ToArray());

    private Gen<string[]> Arguments => Gen.Frequency(
        (5, Command(["sweep"], SweepFlags)),
        (3, Command(["estimate"], [.. JobFlags, Pair("--hardware", OneOfOrGarbage(Names))])),
        (2, Command(["compare"], [.. JobFlags, Pair("--hardware", Hardware)])),
        (2, PlanArguments),
        (1, Gen.OneOf<string[]>(["profiles", "list"], ["profiles", "show"], ["reproduce", "seed", "--format", "json"], ["--help"], ["sweep", "--help"], [], ["--version"])),
        (1, Gen.Select(OneOfOrGarbage(Names), Gen.OneOf("show", "validate")).Select(t => new[] { "profiles", t.Item2, t.Item1 })),
        (1, FuzzInputs.Garbage.Array[0, 4]));

    [Fact]
    public void Every_argument_list_ends_in_a_result_or_a_one_line_error_with_exit_2()
    {
        long errors = 0;
        long n = Fuzz.Run(Arguments, args =>
        {
            var (code, stdout, stderr) = CliRun.Of(args);
            Assert.DoesNotContain("internal error", stderr);
            Assert.DoesNotContain("   at ", stderr);
            if (code == ExitCodes.BadInput)
            {
                Interlocked.Increment(ref errors);
                Fuzz.AssertOneLine(stderr.TrimEnd('\n'), "computesim: error: ");
                Assert.Equal("", stdout);
                return;
            }
            Assert.True(code == ExitCodes.Ok, $"exit {code}; stderr: {stderr}");
            Assert.False(Fuzz.HasNonFiniteNumber(stdout), $"NaN or Infinity printed:\n{stdout}");
            string trimmed = stdout.TrimStart();
            if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
                JsonDocument.Parse(stdout).Dispose();
        }, Cases, _output, "CliApp.Run", args => string.Join(" ", args.Select(a => a.Length > 80 ? $"<{a.Length} chars>" : $"'{a}'")));
        _output.WriteLine($"  of which one-line errors (exit 2): {errors}");
        Assert.Equal(Cases, n);
        Assert.InRange(errors, 1, Cases - 1);
    }
}
