using System.Text;
using ComputeSim.Engine;
using ComputeSim.Model;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>The partial-sweep format: exact round trips, exact merges in any order, and refusal of anything that does not belong.</summary>
public class PartialSweepTests(ITestOutputHelper output)
{
    private const string Origin = "part.json";

    private static readonly Gen<double> Doubles = Gen.Frequency(
        (6, Gen.Double),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -0.0, 0.1, 1.0 / 3)));

    [Fact]
    public void Every_double_survives_a_round_trip_bit_for_bit()
    {
        // The points' encoding alone: a whole file would refuse these random points as inconsistent, which is the point of its checks.
        var points = Gen.Select(Doubles.Array[12], Gen.Int[0, 1000]).Select(t => new RankedPoint(t.Item2 % 100, t.Item1[0], new PointResult
        {
            TotalFlops = t.Item1[1], AchievedFlopsPerGpu = t.Item1[2], WallClockDays = t.Item1[3], GpuHours = t.Item1[4],
            CostUsd = t.Item1[5], EnergyMwh = t.Item1[6], MinGpusForTrainingState = t.Item1[7], Mfu = t.Item1[8],
            StepTimeSeconds = t.Item1[9], PredictedLoss = t.Item1[10], InferenceCostUsd = t.Item1[11], Status = t.Item2,
        }));
        long n = Fuzz.Run(points.Array[1, 20], kept =>
        {
            using var stream = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                PartialSweepPoints.Write(w, "top", kept.Cast<RankedPoint?>());
                w.WriteEndObject();
            }
            using var doc = System.Text.Json.JsonDocument.Parse(stream.ToArray());
            List<RankedPoint?> after = PartialSweepPoints.Read(doc.RootElement, "top");
            static long[] Bits(RankedPoint? q)
            {
                RankedPoint p = q!.Value;
                return [p.Index, p.Result.Status, .. new[] { p.Score, p.Result.TotalFlops, p.Result.AchievedFlopsPerGpu, p.Result.WallClockDays,
                    p.Result.GpuHours, p.Result.CostUsd, p.Result.EnergyMwh, p.Result.MinGpusForTrainingState, p.Result.Mfu,
                    p.Result.StepTimeSeconds, p.Result.PredictedLoss, p.Result.InferenceCostUsd }.Select(BitConverter.DoubleToInt64Bits)];
            }
            Assert.Equal(kept.Select(p => Bits(p)), after.Select(Bits));
        }, 500, output, "kept-point round trip");
        Assert.Equal(500, n);
    }

    [Fact]
    public void Shards_of_any_split_merged_in_any_order_equal_the_whole()
    {
        var gen = Gen.Select(Gen.Int[2, 12], Gen.Int[1, 6], Gen.Bool, Gen.Int[0, int.MaxValue]);
        Fuzz.Run(gen, t =>
        {
            var (paramsCount, shards, pareto, seed) = t;
            SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount);
            var options = new SweepOptions(17, pareto);
            var rng = new Random(seed);
            long[] cuts = [0, .. Enumerable.Range(0, shards - 1).Select(_ => rng.NextInt64(problem.Total)).Order(), problem.Total];
            var backend = new CpuBackend(chunkSize: 777);
            var parts = cuts.Zip(cuts.Skip(1))
                .Select(c => PartialSweepFormat.Read(
                    Sweeps.Serialize(backend.RunRange(problem, options, new IndexRange(c.First, c.Second)), problem, options), Origin, problem, options).Partial)
                .OrderBy(_ => rng.Next()).ToList();
            PartialSweep whole = PartialSweep.Empty(problem, options);
            foreach (PartialSweep p in parts)
                whole.Merge(p);
            Assert.True(whole.Covers(problem.Total));
            Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), whole.Accumulator.ToResult());
        }, 40, output, "shard merges");
    }

    [Fact]
    public void Overlapping_parts_do_not_merge()
    {
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), 3);
        var options = new SweepOptions(5, true);
        var backend = new CpuBackend();
        PartialSweep a = backend.RunRange(problem, options, new IndexRange(0, 1000));
        Assert.Throws<ArgumentException>(() => a.Merge(backend.RunRange(problem, options, new IndexRange(999, 2000))));
        a.Merge(backend.RunRange(problem, options, new IndexRange(3000, 4000)));
        a.Merge(backend.RunRange(problem, options, new IndexRange(1000, 3000)));
        Assert.Equal([new IndexRange(0, 4000)], a.Ranges);
        Assert.Equal([new IndexRange(4000, problem.Total)], a.Missing(problem.Total));
    }

    public static TheoryData<string, Func<SweepProblem>, SweepOptions> OtherGrids => new()
    {
        { "utilisation axis", () => Grid(utilization: [0.3, 0.46]), new(10, true) },
        { "hardware order", () => Grid(hardware: ["mi300x", "h100-sxm5-80gb"]), new(10, true) },
        { "assumption", () => Grid(assumptions: TestData.Standard with { Pue = 1.2 }), new(10, true) },
        { "constraint", () => Grid(selection: TestData.Constrained(ObjectiveKind.Cost) with { MaxDays = 91 }), new(10, true) },
        { "objective", () => Grid(selection: TestData.Constrained(ObjectiveKind.Time)), new(10, true) },
        { "top", Grid, new(11, true) },
        { "pareto", Grid, new(10, false) },
    };

    private static SweepProblem Grid() => Grid(null);

    private static SweepProblem Grid(double[]? utilization = null, string[]? hardware = null, Assumptions? assumptions = null, Selection? selection = null)
    {
        hardware ??= ["h100-sxm5-80gb", "mi300x"];
        return new SweepProblem(hardware.Select(TestData.Spec).ToList(), hardware, [Precision.Bf16], utilization ?? [0.3, 0.45], null,
            [7e9, 70e9], [20], true, [8, 64, 512], assumptions ?? TestData.Standard, selection ?? TestData.Constrained(ObjectiveKind.Cost));
    }

    [Theory]
    [MemberData(nameof(OtherGrids))]
    public void A_partial_of_another_grid_is_refused_in_one_line(string change, Func<SweepProblem> other, SweepOptions otherOptions)
    {
        SweepProblem problem = Grid();
        var options = new SweepOptions(10, true);
        byte[] bytes = Sweeps.Serialize(new CpuBackend().RunRange(problem, options, new IndexRange(0, 10)), problem, options);
        Assert.NotNull(PartialSweepFormat.Read(bytes, Origin, Grid(), options));
        var e = Assert.Throws<InputException>(() => PartialSweepFormat.Read(bytes, Origin, other(), otherOptions));
        Assert.True(e.Message.Contains("different grid", StringComparison.Ordinal), $"{change}: {e.Message}");
        Fuzz.AssertOneLine(e.Message, Origin + ":");
    }

    [Fact]
    public void Predicted_points_keep_their_layout_through_a_checkpoint()
    {
        SweepProblem problem = PredictedGrids.Make(Selection.Unconstrained(ObjectiveKind.Time));
        var options = new SweepOptions(5, true);
        var backend = new CpuBackend();
        var part = backend.RunRange(problem, options, new IndexRange(0, problem.Total));
        PartialSweep back = PartialSweepFormat.Read(Sweeps.Serialize(part, problem, options), "x.json", problem, options).Partial;
        RankedPoint before = part.Accumulator.ToResult().Top[0], after = back.Accumulator.ToResult().Top[0];
        Assert.Equal(before.Result.Layout, after.Result.Layout);
        Assert.Equal(before.Result.Mfu, after.Result.Mfu);
        Assert.True(after.Result.Layout.Tp >= 1);
    }

    [Fact]
    public void Grid_identity_is_pinned_so_that_a_change_to_it_is_deliberate()
    {
        var chip = new AcceleratorSpec { PeakBf16 = 1e15, MemoryBytes = 80e9, BoardPowerWatts = 700, PricePerGpuHourUsd = 2 };
        var problem = new SweepProblem([chip], ["chip"], [Precision.Bf16], [0.4], null, [7e9], [20], true, [8, 64],
            TestData.Standard, Selection.Unconstrained(ObjectiveKind.Cost));
        // If this changes, files written before no longer merge or resume: bump the scheme in GridIdentity on purpose, not by accident.
        Assert.Equal("1537b6d848f0392572dd6c34c9a12efb1b566a782b93b6de9e7d103d1720ff9b", GridIdentity.Of(problem, new SweepOptions(10, true)));
    }

    [Fact]
    public void Damaged_files_are_one_line_errors_naming_the_file()
    {
        SweepProblem problem = Grid();
        var options = new SweepOptions(10, true);
        string good = Encoding.UTF8.GetString(Sweeps.Serialize(new CpuBackend().RunRange(problem, options, new IndexRange(0, 10)), problem, options));
        void Refused(string text, string why)
        {
            var e = Assert.Throws<InputException>(() => PartialSweepFormat.Read(Encoding.UTF8.GetBytes(text), Origin, problem, options));
            Fuzz.AssertOneLine(e.Message, Origin + ":");
            Assert.Contains(why, e.Message);
        }
        Refused(good.Replace("\"version\": 3", "\"version\": 5", StringComparison.Ordinal), "version 5");
        Refused(good.Replace("\"version\": 3", "\"version\": 2", StringComparison.Ordinal), "version 2 carries no digest");
        Refused(good.Replace("\"evaluated\": 10", "\"evaluated\": 11", StringComparison.Ordinal), "does not match its digest_sha256");
        // Behind the digest, the file's own consistency: a forged file with a recomputed digest is still refused.
        Refused(Encoding.UTF8.GetString(Sweeps.Resign(Encoding.UTF8.GetBytes(good.Replace("\"evaluated\": 10", "\"evaluated\": 11", StringComparison.Ordinal)))),
            "\"evaluated\" differs");
        Refused(good.Replace("computesim-partial-sweep", "something-else", StringComparison.Ordinal), "not a partial sweep");
        Refused("[]", "not a partial sweep");
        Fuzz.Run(Gen.Int[0, good.Length - 1], cut =>
        {
            var e = Assert.Throws<InputException>(() => PartialSweepFormat.Read(Encoding.UTF8.GetBytes(good[..cut]), Origin, problem, options));
            Fuzz.AssertOneLine(e.Message, Origin + ":");
        }, 300, output, "truncated partial sweeps");
    }
}
