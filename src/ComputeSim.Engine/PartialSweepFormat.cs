using System.Security.Cryptography;
using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>A partial result as read from a file: the reductions and the shard slice they belong to.</summary>
/// <param name="Partial">The ranges covered and their reductions.</param>
/// <param name="Slice">The shard it was computed for (<see cref="ShardSlice.Whole"/> for an unsharded sweep's checkpoint).</param>
public sealed record PartialFile(PartialSweep Partial, ShardSlice Slice);

/// <summary>
/// The on-disk form of a <see cref="PartialSweep"/>: checkpoints, and the per-machine results of a
/// sharded sweep. JSON, versioned, with every double written round-trip and a digest of the content.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "computesim-partial-sweep", "version": 3, "grid_sha256": "…", "total_points": N,
///   "hardware": [names], "shard": [index, count], "ranges": [[start, end], …], "evaluated": n, "admissible": n,
///   "top": [point…], "best_per_hardware": [point | null, …], "pareto": [point…], "digest_sha256": "…" }
/// point = { "index", "score", every field of a result, "status", the layout }
/// </code>
/// <c>digest_sha256</c> is the SHA-256 of the canonical form of every other field (written compact, in this
/// order, by this writer), so whitespace may change but no value can. It guards against damage and careless
/// edits, not against someone who means to forge a file: anyone can recompute it. Readers refuse older
/// versions (they carry no digest), a newer version, another grid, and anything inconsistent
/// (<see cref="PartialSweepChecks"/>), naming the file.
/// </remarks>
public static class PartialSweepFormat
{
    /// <summary>The <c>format</c> field.</summary>
    public const string FormatName = "computesim-partial-sweep";
    /// <summary>The version written, and the only one read.</summary>
    public const int Version = 3;
    /// <summary>The first version with a digest: older files cannot be checked, so they are refused.</summary>
    private const int FirstDigestVersion = 3;
    private const string DigestField = "digest_sha256";

    /// <summary>What a file says, before any of it is trusted.</summary>
    private sealed record Content(
        string Grid, long Total, IReadOnlyList<string> Hardware, ShardSlice Slice, IReadOnlyList<IndexRange> Ranges, AccumulatorState State);

    /// <summary>Writes a partial result of <paramref name="problem"/>, computed for <paramref name="slice"/>, as UTF-8 JSON.</summary>
    public static void Write(Stream stream, PartialSweep partial, ShardSlice slice, SweepProblem problem, SweepOptions options)
    {
        var content = new Content(GridIdentity.Of(problem, options), problem.Total, problem.HardwareNames, slice, [.. partial.Ranges],
            partial.Accumulator.Snapshot());
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        WriteBody(w, content);
        w.WriteString(DigestField, Digest(content));
        w.WriteEndObject();
    }

    /// <summary>Reads a partial result; <see cref="InputException"/> naming <paramref name="origin"/> if it is damaged, inconsistent or of another grid.</summary>
    public static PartialFile Read(ReadOnlyMemory<byte> utf8, string origin, SweepProblem problem, SweepOptions options)
    {
        Content content = Parse(utf8, origin, out string? digest);
        if (digest != Digest(content))
        {
            throw new InputException(origin, $"its content does not match its {DigestField}: the file was damaged or edited after it was written; "
                + "rerun what wrote it");
        }
        if (content.Grid != GridIdentity.Of(problem, options))
        {
            throw new InputException(origin, $"written for a different grid (axes, hardware, assumptions, constraints, top or pareto differ); "
                + "rerun with the flags it was made with, or start a new checkpoint folder");
        }
        if (content.Total != problem.Total || !content.Hardware.SequenceEqual(problem.HardwareNames))
            throw new InputException(origin, $"inconsistent partial sweep: \"total_points\" or \"hardware\" is not this grid's");
        PartialSweepChecks.Check(content.State, content.Ranges, content.Slice, origin, problem, options);
        return new PartialFile(new PartialSweep(Accumulator.Restore(problem, options, content.State), content.Ranges), content.Slice);
    }

    /// <summary>The digest a file's content should carry (tests use it to forge consistent files).</summary>
    internal static string DigestOf(ReadOnlyMemory<byte> utf8, string origin) => Digest(Parse(utf8, origin, out _));

    private static Content Parse(ReadOnlyMemory<byte> utf8, string origin, out string? digest)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(utf8);
            JsonElement root = doc.RootElement;
            CheckHeader(root, origin);
            digest = root.GetProperty(DigestField).GetString();
            return ReadContent(root);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException
            or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InputException(origin, $"not a valid partial sweep ({e.Message.Split('\n')[0]})");
        }
    }

    private static void CheckHeader(JsonElement root, string origin)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format)
            || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            throw new InputException(origin, $"not a partial sweep (no \"format\": \"{FormatName}\")");
        int version = root.GetProperty("version").GetInt32();
        if (version > Version)
            throw new InputException(origin, $"format version {version}; this ComputeSim reads up to version {Version}");
        if (version < FirstDigestVersion)
        {
            throw new InputException(origin, $"format version {version} carries no digest, so its content cannot be checked; "
                + "rerun what wrote it with this ComputeSim");
        }
    }

    private static Content ReadContent(JsonElement root)
    {
        JsonElement shard = root.GetProperty("shard");
        var ranges = root.GetProperty("ranges").EnumerateArray().Select(Pair).Select(p => new IndexRange(p.First, p.Second)).ToList();
        var state = new AccumulatorState(
            root.GetProperty("evaluated").GetInt64(), root.GetProperty("admissible").GetInt64(),
            PartialSweepPoints.Read(root, "top").Select(p => p ?? throw new FormatException("null in \"top\"")).ToList(),
            PartialSweepPoints.Read(root, "best_per_hardware"),
            PartialSweepPoints.Read(root, "pareto").Select(p => p ?? throw new FormatException("null in \"pareto\"")).ToList());
        (long index, long count) = Pair(shard);
        return new Content(
            root.GetProperty("grid_sha256").GetString() ?? throw new FormatException("\"grid_sha256\" is null"),
            root.GetProperty("total_points").GetInt64(),
            root.GetProperty("hardware").EnumerateArray().Select(h => h.GetString() ?? throw new FormatException("null in \"hardware\"")).ToList(),
            new ShardSlice(checked((int)index), checked((int)count)), ranges, state);
    }

    private static (long First, long Second) Pair(JsonElement e) =>
        e.GetArrayLength() == 2 ? (e[0].GetInt64(), e[1].GetInt64()) : throw new FormatException("expected a pair [a, b]");

    // Every field but the digest, in one fixed order: the canonical form is these written compact.
    private static void WriteBody(Utf8JsonWriter w, Content c)
    {
        w.WriteString("format", FormatName);
        w.WriteNumber("version", Version);
        w.WriteString("grid_sha256", c.Grid);
        w.WriteNumber("total_points", c.Total);
        w.WriteStartArray("hardware");
        foreach (string name in c.Hardware)
            w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteStartArray("shard");
        w.WriteNumberValue(c.Slice.Index);
        w.WriteNumberValue(c.Slice.Count);
        w.WriteEndArray();
        w.WriteStartArray("ranges");
        foreach (IndexRange r in c.Ranges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(r.Start);
            w.WriteNumberValue(r.End);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("evaluated", c.State.Evaluated);
        w.WriteNumber("admissible", c.State.Admissible);
        PartialSweepPoints.Write(w, "top", c.State.Top.Cast<RankedPoint?>());
        PartialSweepPoints.Write(w, "best_per_hardware", c.State.BestPerHardware);
        PartialSweepPoints.Write(w, "pareto", c.State.Pareto.Cast<RankedPoint?>());
    }

    private static string Digest(Content c)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteBody(w, c);
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }
}
