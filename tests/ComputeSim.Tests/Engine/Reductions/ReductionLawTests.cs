using System.Text;
using System.Text.Json;
using ComputeSim.Engine;
using ComputeSim.Kernels;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine.Reductions;

/// <summary>
/// The law every <see cref="IReduction"/> keeps, checked for each one on random grids (with repeated values, so
/// ties): merge of disjoint parts equals one pass over their union, in any grouping and order, the empty state is
/// the unit, a state survives its file form, and a point either pruning bound rejects changes nothing.
/// </summary>
public sealed class ReductionLawTests
{
    // Enough points per grid for fronts, full top-k lists and ties; the law concerns the points, not the grid's size.
    private const int MaxPoints = 4000;

    public static TheoryData<string> Kinds => ["top-0", "top-1", "top-7", "best-per-hardware", "pareto", "pareto-off", "bins", "count-under-budget"];

    private static IReduction Make(string kind, SweepProblem problem, Random rng) => kind switch
    {
        "top-0" => new TopK(0),
        "top-1" => new TopK(1),
        "top-7" => new TopK(7),
        "best-per-hardware" => new BestPerHardware(problem),
        "pareto" => new ParetoFront(true),
        "pareto-off" => new ParetoFront(false),
        "bins" => new BinnedMinimum(problem.Spec.Shape, RandomBins(rng)),
        _ => new CountUnderBudget(1e6),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Merge_of_disjoint_parts_is_one_pass_over_their_union_in_any_grouping_and_order(string kind)
    {
        for (int seed = 0; seed < 12; seed++)
        {
            var rng = new Random(seed);
            SweepProblem problem = RandomGrids.Make(rng, moderate: seed % 2 == 0);
            List<RankedPoint> points = Admitted(problem);
            IReduction empty = Make(kind, problem, rng);
            // Three disjoint parts, each reduced in its own random order.
            int[] part = [.. points.Select(_ => rng.Next(3))];
            List<RankedPoint>[] parts = [.. Enumerable.Range(0, 3).Select(k => Shuffled(points.Where((_, i) => part[i] == k), rng))];
            IReduction a = Over(empty, parts[0]), b = Over(empty, parts[1]), c = Over(empty, parts[2]);
            string whole = Json(Over(empty, Shuffled(points, rng)));

            string ab = Json(Merged(a, b));
            Assert.Equal(Json(Over(empty, Shuffled(parts[0].Concat(parts[1]), rng))), ab);
            Assert.Equal(ab, Json(Merged(b, a)));
            Assert.Equal(whole, Json(Merged(Merged(a, b), c)));
            Assert.Equal(whole, Json(Merged(a, Merged(b, c))));
            Assert.Equal(whole, Json(Merged(Merged(c, a), b)));
            Assert.Equal(Json(a), Json(Merged(a, empty.Empty())));
            Assert.Equal(Json(a), Json(Merged(empty.Empty(), a)));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_state_survives_its_file_form_and_merges_as_before(string kind)
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var rng = new Random(100 + seed);
            SweepProblem problem = RandomGrids.Make(rng, moderate: true);
            List<RankedPoint> points = Admitted(problem);
            IReduction empty = Make(kind, problem, rng);
            IReduction state = Over(empty, points.Take(points.Count / 2));
            IReduction back = empty.Empty();
            using (JsonDocument doc = JsonDocument.Parse(Json(state)))
                back.Read(doc.RootElement);
            Assert.Equal(Json(state), Json(back));
            Assert.Equal(state.Fingerprint(), back.Fingerprint());
            IReduction rest = Over(empty, points.Skip(points.Count / 2));
            Assert.Equal(Json(Merged(state, rest)), Json(Merged(back, rest)));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_point_a_pruning_bound_rejects_changes_nothing(string kind)
    {
        int rejected = 0;
        for (int seed = 0; seed < 12; seed++)
        {
            var rng = new Random(200 + seed);
            SweepProblem problem = RandomGrids.Make(rng, moderate: true);
            List<RankedPoint> points = Shuffled(Admitted(problem), rng);
            // A merged state: a front prunes on merge, and prunes only by the front it pruned last.
            IReduction half = Over(Make(kind, problem, rng), points.Take(points.Count / 2));
            IReduction state = Merged(half, half.Empty());
            string before = Json(state);
            var builder = new HostBounds.Builder();
            state.Bound(builder);
            HostBounds bounds = builder.Build();
            int gpus = problem.Spec.Shape.Gpus;
            foreach (RankedPoint p in points.Skip(points.Count / 2))
            {
                int hw = problem.HardwareOf(p.Index);
                bool device = bounds.NeedsEveryPoint || KeepBounds.MayKeep(bounds, p.Index, hw, p.Score, p.Result.WallClockDays, p.Result.CostUsd);
                var row = new RowBound(hw, p.Index / gpus * gpus, AllTokens: false, p.Score, p.Result.WallClockDays, p.Result.CostUsd);
                if (device && state.MayKeep(row))
                    continue;
                rejected++;
                IReduction copy = Merged(state, state.Empty());
                copy.Add(p);
                Assert.Equal(before, Json(copy));
            }
        }
        // Reductions that need every point (a count, a disabled front keeps none) may reject none or all; the rest must prune some.
        if (kind is not ("count-under-budget" or "top-0" or "pareto-off"))
            Assert.True(rejected > 0, "the bounds rejected no point: the test proves nothing");
    }

    /// <summary>A reduction's file form, as the only thing compared: equal text is an equal state.</summary>
    public static string Json(IReduction r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            r.Write(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The admissible points of a grid's first <see cref="MaxPoints"/> indices, by the reference formulas.</summary>
    public static List<RankedPoint> Admitted(SweepProblem problem)
    {
        var points = new List<RankedPoint>();
        for (long i = 0; i < Math.Min(problem.Total, MaxPoints); i++)
        {
            PointResult r = problem.Evaluate(i);
            if (problem.Selection.Admits(r))
                points.Add(new RankedPoint(i, problem.Selection.Value(r), r));
        }
        return points;
    }

    private static IReduction Over(IReduction empty, IEnumerable<RankedPoint> points)
    {
        IReduction r = empty.Empty();
        foreach (RankedPoint p in points)
            r.Add(p);
        return r;
    }

    // Merge without touching either side: a copy of x takes y.
    private static IReduction Merged(IReduction x, IReduction y)
    {
        string before = Json(y);
        IReduction m = x.Empty();
        m.Merge(x);
        m.Merge(y);
        Assert.Equal(before, Json(y));
        return m;
    }

    private static List<RankedPoint> Shuffled(IEnumerable<RankedPoint> points, Random rng) => [.. points.OrderBy(_ => rng.Next())];

    private static BinSpec RandomBins(Random rng)
    {
        Axis[] axes = Enum.GetValues<Axis>();
        Axis rows = axes[rng.Next(axes.Length)], columns;
        do
            columns = axes[rng.Next(axes.Length)];
        while (columns == rows);
        return new BinSpec(rows, columns);
    }
}
