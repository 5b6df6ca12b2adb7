using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// The on-disk form of a <see cref="PartialSweep"/>: checkpoints now, and the per-machine results
/// of a sharded sweep later. JSON, versioned, with every double written round-trip.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "computesim-partial-sweep", "version": 1, "grid_sha256": "…", "total_points": N,
///   "hardware": [names], "ranges": [[start, end], …], "evaluated": n, "admissible": n,
///   "top": [point…], "best_per_hardware": [point | null, …], "pareto": [point…] }
/// point = { "index", "score", "total_flops", "achieved_flops_per_gpu", "wall_clock_days",
///           "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state", "status" }
/// </code>
/// Doubles are JSON numbers in shortest round-trip form; a non-finite one (never expected in kept
/// points) is the string "NaN", "Infinity" or "-Infinity". Readers reject a newer version, another
/// grid, and anything inconsistent (overlapping ranges, counts that do not add up, points outside
/// the ranges), naming the file.
/// </remarks>
public static class PartialSweepFormat
{
    /// <summary>The <c>format</c> field.</summary>
    public const string FormatName = "computesim-partial-sweep";
    /// <summary>The version written, and the newest one read.</summary>
    public const int Version = 2;

    private static readonly string[] ResultFields =
        ["total_flops", "achieved_flops_per_gpu", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state",
         "mfu", "step_time_s", "memory_per_gpu_bytes"];

    // The L2 layout of a kept point, as integers in this order (all zero at L0).
    private static readonly string[] LayoutFields = ["tp", "pp", "dp", "micro_batch", "interleave", "recompute", "sequence_parallel", "zero", "cp", "ep"];

    /// <summary>Writes a partial result of <paramref name="problem"/> as UTF-8 JSON.</summary>
    public static void Write(Stream stream, PartialSweep partial, SweepProblem problem, SweepOptions options)
    {
        AccumulatorState state = partial.Accumulator.Snapshot();
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("version", Version);
        w.WriteString("grid_sha256", GridIdentity.Of(problem, options));
        w.WriteNumber("total_points", problem.Total);
        w.WriteStartArray("hardware");
        foreach (string name in problem.HardwareNames)
            w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("ranges");
        foreach (IndexRange r in partial.Ranges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(r.Start);
            w.WriteNumberValue(r.End);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("evaluated", state.Evaluated);
        w.WriteNumber("admissible", state.Admissible);
        WritePoints(w, "top", state.Top.Cast<RankedPoint?>());
        WritePoints(w, "best_per_hardware", state.BestPerHardware);
        WritePoints(w, "pareto", state.Pareto.Cast<RankedPoint?>());
        w.WriteEndObject();
    }

    /// <summary>Reads a partial result; <see cref="InputException"/> naming <paramref name="origin"/> if it is not one of this grid.</summary>
    public static PartialSweep Read(ReadOnlyMemory<byte> utf8, string origin, SweepProblem problem, SweepOptions options)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(utf8);
            return Read(doc.RootElement, origin, problem, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException
            or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InputException($"{origin}: not a valid partial sweep ({e.Message.Split('\n')[0]})");
        }
    }

    private static PartialSweep Read(JsonElement root, string origin, SweepProblem problem, SweepOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) || format.GetString() != FormatName)
            throw new InputException($"{origin}: not a partial sweep (no \"format\": \"{FormatName}\")");
        int version = root.GetProperty("version").GetInt32();
        if (version < 1 || version > Version)
            throw new InputException($"{origin}: format version {version}; this ComputeSim reads up to version {Version}");
        if (root.GetProperty("grid_sha256").GetString() != GridIdentity.Of(problem, options))
        {
            throw new InputException($"{origin}: written for a different grid (axes, hardware, assumptions, constraints, --top or --pareto differ); "
                + "rerun with the flags it was made with, or start a new checkpoint folder");
        }
        var ranges = root.GetProperty("ranges").EnumerateArray()
            .Select(r => r.GetArrayLength() == 2 ? new IndexRange(r[0].GetInt64(), r[1].GetInt64()) : throw new FormatException("a range is not [start, end]"))
            .ToList();
        var state = new AccumulatorState(
            root.GetProperty("evaluated").GetInt64(), root.GetProperty("admissible").GetInt64(),
            ReadPoints(root, "top").Select(p => p ?? throw new InputException($"{origin}: null in \"top\"")).ToList(),
            ReadPoints(root, "best_per_hardware"),
            ReadPoints(root, "pareto").Select(p => p ?? throw new InputException($"{origin}: null in \"pareto\"")).ToList());
        return new PartialSweep(Accumulator.Restore(problem, options, Check(state, ranges, origin, problem, options)), ranges);
    }

    private static AccumulatorState Check(AccumulatorState s, List<IndexRange> ranges, string origin, SweepProblem problem, SweepOptions options)
    {
        void Require(bool ok, string why)
        {
            if (!ok)
                throw new InputException($"{origin}: inconsistent partial sweep: {why}");
        }
        Require(ranges.All(r => r.Start >= 0 && r.Start < r.End && r.End <= problem.Total), "a range lies outside the grid");
        Require(ranges.Zip(ranges.Skip(1)).All(p => p.First.End <= p.Second.Start), "ranges overlap or are out of order");
        bool Covered(long index) => ranges.Any(r => index >= r.Start && index < r.End);
        Require(s.Evaluated == ranges.Sum(r => r.Length), "\"evaluated\" differs from the points in \"ranges\"");
        Require(s.Admissible >= 0 && s.Admissible <= s.Evaluated, "\"admissible\" is out of range");
        Require(s.Top.Count <= options.TopK && s.Top.Count <= s.Admissible, "\"top\" holds too many points");
        Require(options.Pareto || s.Pareto.Count == 0, "\"pareto\" is present but the sweep keeps no front");
        Require(s.BestPerHardware.Count == problem.Hardware.Length, "\"best_per_hardware\" needs one entry per hardware");
        Require(s.Top.Concat(s.Pareto).All(p => Covered(p.Index)), "a kept point lies outside \"ranges\"");
        Require(s.BestPerHardware.Select((p, h) => p is not RankedPoint b || (Covered(b.Index) && problem.HardwareOf(b.Index) == h)).All(ok => ok),
            "a best point is outside \"ranges\" or on the wrong hardware");
        return s;
    }

    private static void WritePoints(Utf8JsonWriter w, string name, IEnumerable<RankedPoint?> points)
    {
        w.WriteStartArray(name);
        foreach (RankedPoint? point in points)
        {
            if (point is not RankedPoint p)
            {
                w.WriteNullValue();
                continue;
            }
            w.WriteStartObject();
            w.WriteNumber("index", p.Index);
            WriteDouble(w, "score", p.Score);
            double[] values = Values(p.Result);
            for (int i = 0; i < ResultFields.Length; i++)
                WriteDouble(w, ResultFields[i], values[i]);
            w.WriteNumber("status", p.Result.Status);
            int[] layout = LayoutValues(p.Result.Layout);
            for (int i = 0; i < LayoutFields.Length; i++)
                w.WriteNumber(LayoutFields[i], layout[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static List<RankedPoint?> ReadPoints(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (RankedPoint?)null : ReadPoint(e)).ToList();

    private static RankedPoint ReadPoint(JsonElement e)
    {
        double[] v = ResultFields.Select(f => ReadDouble(e.GetProperty(f))).ToArray();
        var result = new PointResult
        {
            TotalFlops = v[0],
            AchievedFlopsPerGpu = v[1],
            WallClockDays = v[2],
            GpuHours = v[3],
            CostUsd = v[4],
            EnergyMwh = v[5],
            MinGpusForTrainingState = v[6],
            Mfu = v[7],
            StepTimeSeconds = v[8],
            MemoryPerGpuBytes = v[9],
            Status = e.GetProperty("status").GetInt32(),
        };
        int[] l = LayoutFields.Select(f => e.GetProperty(f).GetInt32()).ToArray();
        result.Layout = new Layout
        {
            Tp = l[0], Pp = l[1], Dp = l[2], MicroBatch = l[3], Interleave = l[4], Recompute = (Recompute)l[5], SequenceParallel = l[6], Zero = l[7], Cp = l[8], Ep = l[9],
        };
        return new RankedPoint(e.GetProperty("index").GetInt64(), ReadDouble(e.GetProperty("score")), result);
    }

    private static double[] Values(in PointResult r) =>
        [r.TotalFlops, r.AchievedFlopsPerGpu, r.WallClockDays, r.GpuHours, r.CostUsd, r.EnergyMwh, r.MinGpusForTrainingState,
         r.Mfu, r.StepTimeSeconds, r.MemoryPerGpuBytes];

    private static int[] LayoutValues(in Layout l) =>
        [l.Tp, l.Pp, l.Dp, l.MicroBatch, l.Interleave, (int)l.Recompute, l.SequenceParallel, l.Zero, l.Cp, l.Ep];

    private static void WriteDouble(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
            w.WriteNumber(name, v);
        else
            w.WriteString(name, double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    private static double ReadDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "NaN" => double.NaN,
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => throw new FormatException($"expected a number, got {e.ValueKind}"),
    };
}
