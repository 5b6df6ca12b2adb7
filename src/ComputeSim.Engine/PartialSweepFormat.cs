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
///   then one field per reduction, in registration order (<see cref="ReductionSet"/>):
///   "top": [point…], "best_per_hardware": [point | null, …], "pareto": [point…], ("bins": [[index, score]…], …)
///   "digest_sha256": "…" }
/// point = { "index", "score", every field of a result, "status", the layout }
/// </code>
/// A file holding only the reductions of version 3 (top, best per hardware, front) is written as version 3,
/// byte for byte as before; one holding others (a heatmap's bins, a reduction a caller registered) is version 4,
/// which a reader of version 3 refuses by its number. <c>digest_sha256</c> is the SHA-256 of every other field a reader reads
/// written compact, in file order, so whitespace may change but no value can. It guards against damage and
/// careless edits, not against someone who means to forge a file: anyone can recompute it. Readers refuse older
/// versions (they carry no digest), a newer version, another grid, and anything inconsistent
/// (<see cref="PartialSweepChecks"/>), naming the file.
/// </remarks>
public static class PartialSweepFormat
{
    /// <summary>The <c>format</c> field.</summary>
    public const string FormatName = "computesim-partial-sweep";
    /// <summary>The newest version written and read.</summary>
    public const int Version = 4;
    /// <summary>The version of files that hold only top-k, best per hardware and the front.</summary>
    private const int PlainVersion = 3;
    /// <summary>The first version with a digest: older files cannot be checked, so they are refused.</summary>
    private const int FirstDigestVersion = 3;
    private const string DigestField = "digest_sha256";

    /// <summary>What a file says, before any of it is trusted.</summary>
    private sealed record Content(
        int Version, string Grid, long Total, IReadOnlyList<string> Hardware, ShardSlice Slice, IReadOnlyList<IndexRange> Ranges, AccumulatorState State);

    /// <summary>Writes a partial result of <paramref name="problem"/>, computed for <paramref name="slice"/>, as UTF-8 JSON.</summary>
    public static void Write(Stream stream, PartialSweep partial, ShardSlice slice, SweepProblem problem, SweepOptions options)
    {
        AccumulatorState state = partial.Accumulator.Snapshot();
        int version = state.Reductions.Select(r => r.Name).SequenceEqual(ReductionSet.Version3Names) ? PlainVersion : Version;
        var content = new Content(version, GridIdentity.Of(problem, options), problem.Total, problem.HardwareNames, slice, [.. partial.Ranges], state);
        string digest;
        using (var buffer = new MemoryStream())
        {
            using (var compact = new Utf8JsonWriter(buffer))
            {
                compact.WriteStartObject();
                WriteBody(compact, content);
                compact.WriteEndObject();
            }
            digest = Digest(buffer.ToArray());
        }
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        WriteBody(w, content);
        w.WriteString(DigestField, digest);
        w.WriteEndObject();
    }

    /// <summary>Reads a partial result; <see cref="InputException"/> naming <paramref name="origin"/> if it is damaged, inconsistent or of another grid.</summary>
    public static PartialFile Read(ReadOnlyMemory<byte> utf8, string origin, SweepProblem problem, SweepOptions options)
    {
        Content content = Guarded(origin, () =>
        {
            using JsonDocument doc = JsonDocument.Parse(utf8);
            JsonElement root = doc.RootElement;
            CheckHeader(root, origin);
            IReduction[] reductions = options.Reductions.Create(problem, options);
            HashSet<string> known = [.. HeaderFields, .. reductions.Select(r => r.Name)];
            // The grid first: a file of another grid (or other reductions) is named as such, not as damaged.
            if (root.GetProperty("grid_sha256").GetString() != GridIdentity.Of(problem, options))
            {
                throw new InputException(origin, $"written for a different grid (axes, hardware, assumptions, constraints, top or pareto differ); "
                    + "rerun with the flags it was made with, or start a new checkpoint folder");
            }
            if (root.GetProperty(DigestField).GetString() != Digest(root, known.Contains))
            {
                throw new InputException(origin, $"its content does not match its {DigestField}: the file was damaged or edited after it was written; "
                    + "rerun what wrote it");
            }
            return ReadContent(root, problem, options);
        });
        if (content.Total != problem.Total || !content.Hardware.SequenceEqual(problem.HardwareNames))
            throw new InputException(origin, $"inconsistent partial sweep: \"total_points\" or \"hardware\" is not this grid's");
        PartialSweepChecks.Check(content.State, content.Ranges, content.Slice, origin, problem);
        return new PartialFile(new PartialSweep(Accumulator.Restore(problem, options, content.State), content.Ranges), content.Slice);
    }

    /// <summary>The digest a file's content should carry (tests use it to forge consistent files).</summary>
    internal static string DigestOf(ReadOnlyMemory<byte> utf8, string origin) => Guarded(origin, () =>
    {
        using JsonDocument doc = JsonDocument.Parse(utf8);
        return Digest(doc.RootElement, _ => true);
    });

    private static T Guarded<T>(string origin, Func<T> read)
    {
        try
        {
            return read();
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

    private static Content ReadContent(JsonElement root, SweepProblem problem, SweepOptions options)
    {
        JsonElement shard = root.GetProperty("shard");
        var ranges = root.GetProperty("ranges").EnumerateArray().Select(Pair).Select(p => new IndexRange(p.First, p.Second)).ToList();
        IReduction[] reductions = options.Reductions.Create(problem, options);
        foreach (IReduction r in reductions)
            r.Read(root);
        var state = new AccumulatorState(root.GetProperty("evaluated").GetInt64(), root.GetProperty("admissible").GetInt64(), reductions);
        (long index, long count) = Pair(shard);
        return new Content(
            root.GetProperty("version").GetInt32(),
            root.GetProperty("grid_sha256").GetString() ?? throw new FormatException("\"grid_sha256\" is null"),
            root.GetProperty("total_points").GetInt64(),
            root.GetProperty("hardware").EnumerateArray().Select(h => h.GetString() ?? throw new FormatException("null in \"hardware\"")).ToList(),
            new ShardSlice(checked((int)index), checked((int)count)), ranges, state);
    }

    private static (long First, long Second) Pair(JsonElement e) =>
        e.GetArrayLength() == 2 ? (e[0].GetInt64(), e[1].GetInt64()) : throw new FormatException("expected a pair [a, b]");

    // Every field but the digest, in one fixed order.
    private static void WriteBody(Utf8JsonWriter w, Content c)
    {
        w.WriteString("format", FormatName);
        w.WriteNumber("version", c.Version);
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
        foreach (IReduction r in c.State.Reductions)
            r.Write(w);
    }

    // Every field a reader reads besides the reductions' own.
    private static readonly string[] HeaderFields =
        ["format", "version", "grid_sha256", "total_points", "hardware", "shard", "ranges", "evaluated", "admissible"];

    // The canonical form: every field read but the digest, compact, in file order (as the writer wrote them);
    // a field no reader reads is left out, so adding one changes nothing.
    private static string Digest(JsonElement root, Func<string, bool> read)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name != DigestField && read(p.Name))
                    p.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Digest(buffer.ToArray());
    }

    private static string Digest(byte[] canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));
}
