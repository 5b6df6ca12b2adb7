using System.Runtime.Intrinsics;
using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Model;

/// <summary>
/// The vector overloads (<see cref="L0Row.At(Vector256{double})"/>, <see cref="Selection.Admits(in L0Lanes)"/>,
/// <see cref="Selection.Value(in L0Lanes)"/>) against the scalar formulas, bit for bit, on rows and GPU counts
/// drawn across the whole range of double: unsupported precisions, overflow, underflow to subnormals and 0,
/// misfits, and deadlines, budgets and targets set on a lane's own value.
/// </summary>
public sealed class L0LanesTests
{
    private const long Iterations = 20_000;

    // Log-uniform over 600 decades, sometimes exactly 0 or at the edge of double.
    private static readonly Gen<double> Wide = Gen.Frequency(
        (8, Gen.Double[-310, 308].Select(e => Math.Pow(10.0, e))),
        (1, Gen.OneOf(Gen.Const(0.0), Gen.Const(double.MaxValue), Gen.Const(double.Epsilon), Gen.Const(double.PositiveInfinity))));

    // Mostly ordinary values, so that most lanes are admitted and the constraints bite.
    private static Gen<double> Mostly(double lowExponent, double highExponent) =>
        Gen.Frequency((4, Gen.Double[lowExponent, highExponent].Select(e => Math.Pow(10.0, e))), (1, Wide));

    private static readonly Gen<L0Row> Rows =
        Gen.Select(Gen.OneOf(Gen.Const(0.0), Mostly(12, 16)), Gen.OneOf(Gen.Double[1e-3, 1.0], Wide), Mostly(15, 30), Mostly(0, 5),
                Mostly(-1, 2), Mostly(2, 3), Gen.Double[1.0, 2.0])
            .Select((peak, utilization, flops, minGpus, price, watts, scope) => new L0Row
            {
                Peak = peak, Achieved = peak * utilization, Flops = flops, MinGpus = minGpus,
                PricePerGpuHourUsd = price, BoardPowerWatts = watts, WattsPerBoardWatt = scope,
            });

    private static readonly Gen<double> GpuCounts = Gen.Frequency(
        (4, Gen.Int[0, 20].Select(e => (double)(1L << e))), (2, Gen.Double[0.5, 1e6]), (1, Wide));

    [Fact]
    public void Every_lane_equals_the_scalar_point_bit_for_bit() =>
        Gen.Select(Rows, GpuCounts.Array[4]).Sample((row, gpus) =>
        {
            L0Lanes lanes = row.At(Vector256.Create(gpus));
            for (int lane = 0; lane < 4; lane++)
                AssertBitwise(row.At(gpus[lane]), lanes.Point(lane), $"lane {lane}, {gpus[lane]:R} GPUs");
        }, iter: Iterations);

    [Fact]
    public void Admits_and_value_equal_the_scalar_selection_lane_by_lane() =>
        Gen.Select(Rows, GpuCounts.Array[4], Gen.Int[0, 4], Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 3])
            .Sample((row, gpus, objective, limits, mustFit, target) =>
            {
                L0Lanes lanes = row.At(Vector256.Create(gpus));
                PointResult some = lanes.Point(limits);
                // Limits at a lane's own days and cost (so "at most" is tested on equality), none, or past every lane.
                var selection = new Selection
                {
                    Objective = (ObjectiveKind)objective,
                    MaxDays = limits == 3 ? double.PositiveInfinity : some.WallClockDays,
                    MaxCostUsd = limits == 0 ? double.PositiveInfinity : some.CostUsd,
                    MustFit = mustFit,
                    MaxLoss = target switch { 0 => 0.0, 1 => 3.0, 2 => -1.0, _ => double.NaN },
                };
                Vector256<long> admitted = selection.Admits(lanes);
                Vector256<double> value = selection.Value(lanes);
                for (int lane = 0; lane < 4; lane++)
                {
                    PointResult p = row.At(gpus[lane]);
                    Assert.Equal(selection.Admits(p) ? -1L : 0L, admitted.GetElement(lane));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(selection.Value(p)), BitConverter.DoubleToInt64Bits(value.GetElement(lane)));
                }
            }, iter: Iterations);

    [Fact]
    public void The_draws_reach_every_status_and_both_sides_of_the_selection()
    {
        // The properties above are only as good as what they draw: every flag and an admitted and a refused lane occur
        // (one thread: the counts are shared).
        var seen = new HashSet<int>();
        int admitted = 0, refused = 0;
        var selection = new Selection { Objective = ObjectiveKind.Cost, MaxDays = 90, MaxCostUsd = 1e8, MustFit = 1 };
        Gen.Select(Rows, GpuCounts.Array[4]).Sample((row, gpus) =>
        {
            L0Lanes lanes = row.At(Vector256.Create(gpus));
            for (int lane = 0; lane < 4; lane++)
            {
                int status = lanes.Point(lane).Status;
                for (int flag = 1; flag <= PointStatus.Overflow; flag <<= 1)
                {
                    if ((status & flag) != 0)
                        seen.Add(flag);
                }
                if (selection.Admits(lanes).GetElement(lane) != 0)
                    admitted++;
                else
                    refused++;
            }
        }, iter: 2000, threads: 1);
        Assert.Equal([PointStatus.PrecisionUnsupported, PointStatus.DoesNotFit, PointStatus.Overflow], seen.Order());
        Assert.True(admitted > 100 && refused > 100, $"{admitted} admitted, {refused} refused");
    }

    private static void AssertBitwise(in PointResult expected, in PointResult actual, string where)
    {
        Assert.True(expected.Status == actual.Status, $"{where}: status {expected.Status} vs {actual.Status}");
        (string Name, double Expected, double Actual)[] fields =
        [
            ("TotalFlops", expected.TotalFlops, actual.TotalFlops),
            ("AchievedFlopsPerGpu", expected.AchievedFlopsPerGpu, actual.AchievedFlopsPerGpu),
            ("WallClockDays", expected.WallClockDays, actual.WallClockDays),
            ("GpuHours", expected.GpuHours, actual.GpuHours),
            ("CostUsd", expected.CostUsd, actual.CostUsd),
            ("EnergyMwh", expected.EnergyMwh, actual.EnergyMwh),
            ("MinGpusForTrainingState", expected.MinGpusForTrainingState, actual.MinGpusForTrainingState),
        ];
        foreach (var (name, e, a) in fields)
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"{where}: {name} {e:R} vs {a:R}");
        Assert.Equal(default, actual.Layout);
        Assert.Equal(0.0, actual.PredictedLoss);
    }
}
