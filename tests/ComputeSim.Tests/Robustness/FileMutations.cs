using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComputeSim.Tests.Robustness;

/// <summary>One damaged copy of a file, named by what was done to it.</summary>
public sealed record Mutation(string Name, byte[] Bytes);

/// <summary>
/// Every way to damage a JSON file that the mutation sweep tries: each number halved, doubled, moved by
/// one, negated, zeroed and nudged to the next double (where that changes it); each string edited or emptied; each null filled;
/// each array element dropped, repeated or swapped with the next; each array emptied; each property
/// removed; an unknown property added; plus single-bit flips and truncations at seeded positions.
/// </summary>
public static class FileMutations
{
    private static readonly (string Name, Func<double, double> Edit)[] NumberEdits =
    [
        ("halved", x => x / 2), ("doubled", x => x * 2), ("plus one", x => x + 1), ("minus one", x => x - 1),
        ("negated", x => -x), ("zeroed", _ => 0), ("next double", Math.BitIncrement),
    ];

    /// <summary>The mutations of <paramref name="valid"/>, in a fixed order.</summary>
    public static IEnumerable<Mutation> Of(byte[] valid, int bitFlips, int truncations, int seed)
    {
        foreach (Mutation m in Structural(valid, JsonNode.Parse(valid)!, []))
            yield return m;
        yield return Edit(valid, [], "unknown property added", node => node.AsObject()["comment"] = "edited by hand");
        var rng = new Random(seed);
        for (int i = 0; i < bitFlips; i++)
        {
            int at = rng.Next(valid.Length), bit = rng.Next(8);
            byte[] flipped = [.. valid];
            flipped[at] ^= (byte)(1 << bit);
            yield return new Mutation($"bit {bit} of byte {at} flipped", flipped);
        }
        for (int i = 0; i < truncations; i++)
        {
            int cut = rng.Next(valid.Length);
            yield return new Mutation($"cut at byte {cut}", valid[..cut]);
        }
    }

    private static IEnumerable<Mutation> Structural(byte[] valid, JsonNode? node, List<object> path)
    {
        string where = path.Count == 0 ? "root" : string.Join("/", path);
        switch (node)
        {
            case JsonObject o:
                foreach (string key in o.Select(p => p.Key).ToList())
                {
                    yield return Edit(valid, path, $"{where}/{key} removed", n => n.AsObject().Remove(key));
                    foreach (Mutation m in Structural(valid, o[key], [.. path, key]))
                        yield return m;
                }
                break;
            case JsonArray a:
                if (a.Count > 0)
                    yield return Edit(valid, path, $"{where} emptied", n => n.AsArray().Clear());
                for (int i = 0; i < a.Count; i++)
                {
                    int at = i;
                    yield return Edit(valid, path, $"{where}/{at} dropped", n => n.AsArray().RemoveAt(at));
                    yield return Edit(valid, path, $"{where}/{at} repeated", n => n.AsArray().Insert(at, n.AsArray()[at]?.DeepClone()));
                    if (at + 1 < a.Count)
                        yield return Edit(valid, path, $"{where}/{at} swapped with the next", n => Swap(n.AsArray(), at));
                    foreach (Mutation m in Structural(valid, a[at], [.. path, at]))
                        yield return m;
                }
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                double x = v.GetValue<double>();
                // Edits that leave the value as it was (zero halved) are no mutation at all.
                foreach (var (name, edit) in NumberEdits.Where(e => !e.Edit(x).Equals(x)))
                    yield return Replace(valid, path, $"{where} {name}", JsonValue.Create(edit(x)));
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                string s = v.GetValue<string>();
                yield return Replace(valid, path, $"{where} emptied", JsonValue.Create(""));
                yield return Replace(valid, path, $"{where} last character changed", JsonValue.Create(s.Length == 0 ? "x" : s[..^1] + (s[^1] == '0' ? '1' : '0')));
                break;
            case null:
                // A hardware with no best point given one: the best point of the whole file.
                yield return Replace(valid, path, $"{where} filled", JsonNode.Parse(valid)!["top"]?.AsArray().FirstOrDefault()?.DeepClone());
                break;
        }
    }

    private static void Swap(JsonArray a, int i)
    {
        JsonNode? x = a[i]?.DeepClone(), y = a[i + 1]?.DeepClone();
        a[i] = y;
        a[i + 1] = x;
    }

    private static Mutation Replace(byte[] valid, List<object> path, string name, JsonNode? value) =>
        Edit(valid, path[..^1], name, parent =>
        {
            if (path[^1] is int i)
                parent.AsArray()[i] = value?.DeepClone();
            else
                parent.AsObject()[(string)path[^1]] = value?.DeepClone();
        });

    // Parses afresh, edits the node at path, and writes it back (compact: the digest does not depend on layout).
    private static Mutation Edit(byte[] valid, List<object> path, string name, Action<JsonNode> edit)
    {
        JsonNode root = JsonNode.Parse(valid)!;
        JsonNode node = path.Aggregate(root, (n, step) => step is int i ? n.AsArray()[i]! : n.AsObject()[(string)step]!);
        edit(node);
        return new Mutation(name, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }
}
