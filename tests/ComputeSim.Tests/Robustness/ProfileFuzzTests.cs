using System.Text;
using System.Text.Json.Nodes;
using ComputeSim.Model;
using ComputeSim.Profiles;
using CsCheck;
using Xunit.Abstractions;

namespace ComputeSim.Tests.Robustness;

/// <summary>Garbage into the hardware-profile loader: a valid profile or a one-line error naming the file, never anything else.</summary>
public class ProfileFuzzTests(ITestOutputHelper output)
{
    private const string Stem = "a100-sxm4-80gb";
    private const string Origin = "fuzz.json";
    private static readonly string Valid = File.ReadAllText(Path.Combine(TestData.RepoRoot, "hardware-profiles", Stem + ".json"));

    // Every path to a value in the valid profile, e.g. "peak_dense_tflops.bf16" or "sources".
    private static readonly string[] Paths = LeafPaths(JsonNode.Parse(Valid)!, "").ToArray();

    private static IEnumerable<string> LeafPaths(JsonNode node, string prefix)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, child) in o)
            {
                string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                yield return path;
                if (child is JsonObject)
                    foreach (string p in LeafPaths(child, path))
                        yield return p;
            }
        }
    }

    /// <summary>Raw JSON text for a value: edge numbers (some not JSON at all), strings, literals, containers, deep nesting.</summary>
    private static readonly Gen<string> RawValue = Gen.Frequency(
        (4, Gen.OneOf(FuzzInputs.EdgeNumbers)),
        (2, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (2, FuzzInputs.Garbage.Select(s => System.Text.Json.JsonSerializer.Serialize(s))),
        (1, Gen.OneOf("true", "false", "null", "[]", "{}", "[null]", "[1,2]", "{\"a\":1}", "\"\"", "\"x\"", "NaN", "-Infinity", "'single'", "undefined")),
        (1, Gen.Int[1, 5000].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Int[1, 5000].Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n))),
        (1, Gen.Int[1, 200_000].Select(n => "\"" + new string('x', n) + "\"")));

    private static string Replace(string path, string raw)
    {
        JsonNode root = JsonNode.Parse(Valid)!;
        string[] parts = path.Split('.');
        JsonObject parent = parts[..^1].Aggregate(root.AsObject(), (o, k) => o[k]!.AsObject());
        parent[parts[^1]] = "\u0001PLACEHOLDER\u0001";
        return root.ToJsonString().Replace("\"\\u0001PLACEHOLDER\\u0001\"", raw, StringComparison.Ordinal);
    }

    private static string Remove(string path)
    {
        JsonNode root = JsonNode.Parse(Valid)!;
        string[] parts = path.Split('.');
        parts[..^1].Aggregate(root.AsObject(), (o, k) => o[k]!.AsObject()).Remove(parts[^1]);
        return root.ToJsonString();
    }

    // Writes a key twice at the top level: the parser must see the duplicate.
    private static string Duplicate(string path, string raw) =>
        "{" + System.Text.Json.JsonSerializer.Serialize(path.Split('.')[0]) + ":" + raw + "," + Valid.TrimStart()[1..];

    private static readonly Gen<string> Documents = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf(Paths), RawValue).Select(t => Replace(t.Item1, t.Item2))),
        (1, Gen.OneOf(Paths).Select(Remove)),
        (1, Gen.Select(Gen.OneOf(Paths), RawValue).Select(t => Duplicate(t.Item1, t.Item2))),
        (1, Gen.Int[0, Valid.Length].Select(n => Valid[..n])),
        (1, Gen.Byte.Array[0, 400].Select(b => Encoding.UTF8.GetString(b))),
        (1, Gen.Select(FuzzInputs.Garbage, RawValue).Select(t => Valid.TrimEnd()[..^1] + "," + System.Text.Json.JsonSerializer.Serialize(t.Item1) + ":" + t.Item2 + "}")),
        (1, RawValue));

    [Fact]
    public void Every_document_is_a_valid_profile_or_a_one_line_error_naming_the_file()
    {
        long valid = 0;
        long n = Fuzz.Run(Documents, json =>
        {
            HardwareProfile p;
            try
            {
                p = ProfileLoader.Parse(json, Origin, Stem);
            }
            catch (InputException e)
            {
                Fuzz.AssertOneLine(e.Message, Origin + ":");
                return;
            }
            Interlocked.Increment(ref valid);
            AcceleratorSpec s = p.Spec;
            double[] fields = [s.PeakFp64, s.PeakFp32, s.PeakTf32, s.PeakFp16, s.PeakBf16, s.PeakFp8, s.MemoryBytes,
                s.MemoryBandwidthBytesPerSecond, s.LinkBandwidthBytesPerSecond, s.BoardPowerWatts, s.PricePerGpuHourUsd, s.PurchasePriceUsd];
            Assert.All(fields, f => Assert.True(double.IsFinite(f) && f >= 0, $"field {f}"));
            Assert.True(s.MemoryBytes > 0 && s.BoardPowerWatts > 0);
            Assert.Equal(Stem, p.Name);
            Assert.NotEmpty(p.SupportedPrecisions);
        }, 12_000, output, "ProfileLoader.Parse", json => json.Length > 300 ? json[..300] + $"... ({json.Length} chars)" : json);
        output.WriteLine($"  of which valid profiles: {valid}");
        Assert.True(valid > 0, "the mutations never left a valid profile: the generator is broken");
    }

    [Fact]
    public void A_huge_or_endless_file_is_refused_without_reading_it_all()
    {
        string dir = Directory.CreateTempSubdirectory("computesim-profile-").FullName;
        try
        {
            string big = Path.Combine(dir, Stem + ".json");
            File.WriteAllText(big, Valid.TrimEnd()[..^1] + ",\"pad\":\"" + new string(' ', ProfileLoader.MaxFileBytes) + "\"}");
            var e = Assert.Throws<InputException>(() => ProfileLoader.LoadFile(big));
            Fuzz.AssertOneLine(e.Message, big + ":");
            Assert.Contains("larger than", e.Message);
            if (File.Exists("/dev/zero"))
                Assert.Contains("a device; a profile must be a regular file", Assert.Throws<InputException>(() => ProfileLoader.LoadFile("/dev/zero")).Message);
            Assert.Throws<InputException>(() => ProfileLoader.LoadFile(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
