using ComputeSim.Engine;
using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Engine;

public class ParetoFrontTests
{
    private static RankedPoint Point(long index, double days, double cost) =>
        new(index, cost, new PointResult { WallClockDays = days, CostUsd = cost });

    // Small integer coordinates make ties and duplicates common.
    private static readonly Gen<List<RankedPoint>> Sets =
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 20]).Array[0, 60]
            .Select(xs => xs.Select((p, i) => Point(i, p.Item1, p.Item2)).ToList());

    /// <summary>The definition, checked naively: p survives unless another point is no worse in both and ranks before it.</summary>
    private static List<long> Naive(List<RankedPoint> points) =>
        points.Where(p => !points.Any(q => q.Index != p.Index
                && q.Result.WallClockDays <= p.Result.WallClockDays && q.Result.CostUsd <= p.Result.CostUsd
                && RankedPoint.CompareByTimeThenCost(q, p) < 0))
            .OrderBy(p => p.Result.WallClockDays).ThenBy(p => p.Result.CostUsd).ThenBy(p => p.Index)
            .Select(p => p.Index).ToList();

    [Fact]
    public void Sweep_equals_the_naive_definition() =>
        Sets.Sample(points =>
            Assert.Equal(Naive(points), ParetoFront.Of([.. points]).Select(p => p.Index)), iter: 2000);

    [Fact]
    public void Merging_fronts_of_parts_equals_the_front_of_the_whole() =>
        Gen.Select(Sets, Gen.Int[0, 60]).Sample((points, cut) =>
        {
            int k = Math.Min(cut, points.Count);
            var merged = ParetoFront.Of([.. ParetoFront.Of(points.Take(k).ToList()), .. ParetoFront.Of(points.Skip(k).ToList())]);
            Assert.Equal(ParetoFront.Of([.. points]).Select(p => p.Index), merged.Select(p => p.Index));
        }, iter: 2000);

    [Fact]
    public void Streaming_accumulators_split_anywhere_merge_to_the_exact_front()
    {
        // Enough points to force several prunes (batch 4096) and the dominated-by-front shortcut.
        var problem = new SweepProblem([TestData.Spec("h100-sxm5-80gb")], ["h100-sxm5-80gb"], [Precision.Bf16], [0.4], null,
            Enumerable.Range(1, 20_000).Select(i => (double)i).ToArray(), [1e9], false, [8], TestData.Standard,
            Selection.Unconstrained(ObjectiveKind.Cost));
        Gen.Select(Gen.Int[0, 400].Array[20_000], Gen.Int[0, 400].Array[20_000], Gen.Int[0, 20_000], Gen.Int[0, 20_000])
            .Sample((days, costs, cut1, cut2) =>
            {
                int a = Math.Min(cut1, cut2), b = Math.Max(cut1, cut2);
                var all = Enumerable.Range(0, days.Length).Select(i => Point(i, days[i], costs[i])).ToList();
                var options = new SweepOptions(5, Pareto: true);
                Accumulator[] parts = [new(problem, options), new(problem, options), new(problem, options)];
                foreach (RankedPoint p in all)
                    parts[p.Index < a ? 0 : p.Index < b ? 2 : 1].Add(p.Index, p.Result);
                parts[1].Merge(parts[2]);
                parts[1].Merge(parts[0]);
                SweepResult r = parts[1].ToResult();
                Assert.Equal(ParetoFront.Of([.. all]).Select(p => p.Index), r.Pareto.Select(p => p.Index));
                Assert.Equal(all.OrderBy(p => p.Result.CostUsd).ThenBy(p => p.Index).Take(5).Select(p => p.Index), r.Top.Select(p => p.Index));
            }, iter: 40);
    }

    [Fact]
    public void Front_is_strictly_faster_and_strictly_cheaper_along_its_length()
    {
        var front = ParetoFront.Of([Point(0, 1, 9), Point(1, 2, 5), Point(2, 2, 5), Point(3, 3, 5), Point(4, 4, 1), Point(5, 1, 10)]);
        Assert.Equal([0L, 1, 4], front.Select(p => p.Index));
    }
}
