using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>The kept points of a partial-sweep file: every field of a result, doubles in round-trip form.</summary>
internal static class PartialSweepPoints
{
    private static readonly string[] ResultFields =
        ["total_flops", "achieved_flops_per_gpu", "wall_clock_days", "gpu_hours", "cost_usd", "energy_mwh", "min_gpus_for_training_state",
         "mfu", "step_time_s", "memory_per_gpu_bytes", "predicted_loss", "inference_cost_usd"];

    // The L2 layout of a kept point, as integers in this order (all zero at L0).
    private static readonly string[] LayoutFields = ["tp", "pp", "dp", "micro_batch", "interleave", "recompute", "sequence_parallel", "zero", "cp", "ep", "recomputed_layers_per_stage"];

    /// <summary>Writes an array of points, null for a hardware with no best point.</summary>
    public static void Write(Utf8JsonWriter w, string name, IEnumerable<RankedPoint?> points)
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
            // The recomputed layers (the last field) only under partial recomputation, so other shards read as before.
            for (int i = 0; i < LayoutFields.Length; i++)
            {
                if (i < LayoutFields.Length - 1 || layout[i] != 0)
                    w.WriteNumber(LayoutFields[i], layout[i]);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Reads the array <paramref name="name"/> of <paramref name="root"/>.</summary>
    public static List<RankedPoint?> Read(JsonElement root, string name) =>
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
            PredictedLoss = v[10],
            InferenceCostUsd = v[11],
            Status = e.GetProperty("status").GetInt32(),
        };
        // A point without recomputed_layers_per_stage recomputes none under partial recomputation (or is not partial): 0.
        int[] l = LayoutFields.Select(f => e.TryGetProperty(f, out JsonElement v) ? v.GetInt32() : 0).ToArray();
        result.Layout = new Layout
        {
            Tp = l[0], Pp = l[1], Dp = l[2], MicroBatch = l[3], Interleave = l[4], Recompute = (Recompute)l[5], SequenceParallel = l[6], Zero = l[7], Cp = l[8], Ep = l[9], RecomputedLayers = l[10],
        };
        return new RankedPoint(e.GetProperty("index").GetInt64(), ReadDouble(e.GetProperty("score")), result);
    }

    private static double[] Values(in PointResult r) =>
        [r.TotalFlops, r.AchievedFlopsPerGpu, r.WallClockDays, r.GpuHours, r.CostUsd, r.EnergyMwh, r.MinGpusForTrainingState,
         r.Mfu, r.StepTimeSeconds, r.MemoryPerGpuBytes, r.PredictedLoss, r.InferenceCostUsd];

    private static int[] LayoutValues(in Layout l) =>
        [l.Tp, l.Pp, l.Dp, l.MicroBatch, l.Interleave, (int)l.Recompute, l.SequenceParallel, l.Zero, l.Cp, l.Ep, l.RecomputedLayers];

    private static void WriteDouble(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        WriteDouble(w, v);
    }

    /// <summary>Writes a double value, round-trip, with non-finite values as strings.</summary>
    public static void WriteDouble(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v))
            w.WriteNumberValue(v);
        else
            w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Reads what <see cref="WriteDouble(Utf8JsonWriter, double)"/> wrote.</summary>
    public static double ReadDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when e.GetString() == "NaN" => double.NaN,
        JsonValueKind.String when e.GetString() == "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when e.GetString() == "-Infinity" => double.NegativeInfinity,
        _ => throw new FormatException($"expected a number, got {e.ValueKind}"),
    };
}
