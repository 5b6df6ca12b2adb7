using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Output;

/// <summary>
/// The CSV writer that formats UTF-8 bytes from typed columns (<see cref="CsvRowWriter"/>) writes exactly the bytes
/// the one before it wrote (<see cref="CharCsvRowWriter"/>: characters through a StreamWriter, boxed values): L0,
/// L2 and planned rows, doubles at every edge (negative zero, subnormals, the largest, NaN, infinities), names that
/// need quoting or are not ASCII, a name longer than the buffer, and enough rows to cross its boundaries.
/// </summary>
public sealed class CsvBytesTests
{
    private static readonly double[] Edges =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, 2.2250738585072014E-308, double.MaxValue, double.MinValue, double.NaN,
        double.PositiveInfinity, double.NegativeInfinity, 0.1, 1.0 / 3.0, 123456789012345678.0, 1e21, 1e-7, 5e-324, 9007199254740993.0,
    ];

    [Fact]
    public void Sweep_rows_of_every_level_give_the_same_bytes_as_before()
    {
        SweepProblem l0 = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), paramsCount: 11);
        SweepProblem l2 = PredictedGrids.Make(Selection.Unconstrained(ObjectiveKind.Time));
        var rng = new Random(3);
        List<PointRow> rows =
        [
            .. Enumerable.Range(0, (int)l0.Total).Select(i => PointRow.Of(l0, i, l0.Evaluate(i))),
            .. Enumerable.Range(0, (int)l2.Total).Select(i => PointRow.Of(l2, i, l2.Evaluate(i))),
            .. Enumerable.Range(0, 500).Select(i => PointRow.Of(l0, i, l0.Evaluate(i)) with { Plan = RandomPlan(rng) }),
        ];
        Assert.Contains(rows, r => r.Predicted);
        AssertSameBytes(rows);
    }

    [Fact]
    public void Doubles_at_every_edge_and_names_that_need_quoting_give_the_same_bytes_as_before()
    {
        var rng = new Random(11);
        string[] names = ["a100", "with,comma", "with \"quote\"", "line\r\nbreak", "ünïcödé ✓", "", new string('x', 70_000)];
        var rows = new List<PointRow>();
        for (int i = 0; i < 4000; i++)
        {
            double Pick() => rng.Next(3) == 0 ? Edges[rng.Next(Edges.Length)] : Math.Pow(10, rng.NextDouble() * 600 - 300) * (rng.Next(2) * 2 - 1);
            var job = new TrainingJob { Parameters = Pick(), Tokens = Pick(), Gpus = Pick(), Utilization = Pick(), PricePerGpuHourUsd = Pick(), Precision = (Precision)rng.Next(6) };
            var result = new PointResult
            {
                TotalFlops = Pick(), AchievedFlopsPerGpu = Pick(), WallClockDays = Pick(), GpuHours = Pick(), CostUsd = Pick(), EnergyMwh = Pick(),
                MinGpusForTrainingState = Pick(), Status = rng.Next(16), Mfu = Pick(), StepTimeSeconds = rng.Next(2) == 0 ? 0 : Pick(), MemoryPerGpuBytes = Pick(),
                Layout = new Layout { Tp = rng.Next(-1, 64), Pp = rng.Next(64), Dp = rng.Next(), Cp = rng.Next(8), Ep = rng.Next(8), MicroBatch = rng.Next(9), Zero = rng.Next(4), SequenceParallel = rng.Next(2), Recompute = (Recompute)rng.Next(3) },
            };
            var row = new PointRow(rng.NextInt64(long.MinValue, long.MaxValue), names[rng.Next(i < 3000 ? names.Length - 1 : names.Length)], job, result);
            rows.Add(rng.Next(4) == 0 ? row with { Plan = RandomPlan(rng) } : row);
        }
        AssertSameBytes(rows);
    }

    private static PlanResult RandomPlan(Random rng) => new()
    {
        Ettr = rng.NextDouble(), WallClockDays = rng.NextDouble() * 1e3, GpuHours = Math.Pow(10, rng.NextDouble() * 12),
        CostUsd = rng.Next(5) == 0 ? double.NaN : Math.Pow(10, rng.NextDouble() * 10), EnergyMwh = rng.NextDouble() * 1e5, Co2eTonnes = rng.NextDouble() * 1e4,
    };

    private static void AssertSameBytes(List<PointRow> rows)
    {
        foreach (bool header in new[] { true, false })
        {
            byte[] before = Written(s => new CharCsvRowWriter(s, header), rows), now = Written(s => new CsvRowWriter(s, header), rows);
            Assert.True(before.Length > 3 * (1 << 16), $"only {before.Length} bytes: the writer's buffer is never crossed");
            int differ = before.AsSpan().CommonPrefixLength(now);
            Assert.True(differ == before.Length && before.Length == now.Length,
                $"bytes differ from {differ} of {before.Length} (now {now.Length}): ...{Context(before, differ)}... vs ...{Context(now, differ)}...");
        }
    }

    private static byte[] Written(Func<Stream, IRowWriter> open, List<PointRow> rows)
    {
        using var stream = new MemoryStream();
        using (IRowWriter writer = open(stream))
        {
            foreach (PointRow row in rows)
                writer.Write(row);
            writer.Finish();
        }
        return stream.ToArray();
    }

    private static string Context(byte[] bytes, int at) =>
        System.Text.Encoding.UTF8.GetString(bytes, Math.Max(0, at - 40), Math.Min(80, bytes.Length - Math.Max(0, at - 40)));
}
