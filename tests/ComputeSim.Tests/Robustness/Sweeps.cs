using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComputeSim.Engine;

namespace ComputeSim.Tests.Robustness;

/// <summary>Helpers shared by the checkpoint and partial-sweep tests.</summary>
public static class Sweeps
{
    /// <summary>A partial sweep in its file format.</summary>
    public static byte[] Serialize(PartialSweep p, SweepProblem problem, SweepOptions options, ShardSlice? slice = null)
    {
        using var stream = new MemoryStream();
        PartialSweepFormat.Write(stream, p, slice ?? ShardSlice.Whole, problem, options);
        return stream.ToArray();
    }

    /// <summary>
    /// <paramref name="utf8"/> with its digest recomputed: what a tool that rewrites a file through the
    /// library would produce, so that a test reaches the checks behind the digest.
    /// </summary>
    public static byte[] Resign(byte[] utf8)
    {
        JsonNode root = JsonNode.Parse(utf8)!;
        root["digest_sha256"] = PartialSweepFormat.DigestOf(utf8, "forged");
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The answer in a <c>sweep --format json</c> summary: counts and kept points, without timings or the backend line.</summary>
    public static string Answer(string json)
    {
        JsonElement j = JsonDocument.Parse(json).RootElement;
        return string.Join("|", new[] { "grid_points", "admissible_points", "top", "best_per_hardware", "pareto" }.Select(k => j.GetProperty(k).GetRawText()));
    }

    /// <summary>Counts and every bit of every kept point, in order: equal strings are exactly the same answer.</summary>
    public static string Fingerprint(SweepResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("evaluated", r.Evaluated);
            w.WriteNumber("admissible", r.Admissible);
            PartialSweepPoints.Write(w, "top", r.Top.Cast<RankedPoint?>());
            PartialSweepPoints.Write(w, "best_per_hardware", r.BestPerHardware);
            PartialSweepPoints.Write(w, "pareto", r.Pareto.Cast<RankedPoint?>());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Same counts, same kept points in the same order.</summary>
    public static void AssertSameResult(SweepResult expected, SweepResult actual)
    {
        Assert.Equal(expected.Evaluated, actual.Evaluated);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
        // Every registered reduction, bins and a caller's own included.
        Assert.Equal(Reductions(expected), Reductions(actual));
    }

    /// <summary>Each reduction's name and fingerprint (indices of kept points, or counts).</summary>
    public static IEnumerable<string> Reductions(SweepResult r) => r.Reductions.Select(x => $"{x.Name}: {string.Join(",", x.Fingerprint())}");
}
