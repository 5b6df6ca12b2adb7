using System.Text;
using System.Text.Json;
using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Cli.Spec;

/// <summary>One field of a spec file: its key, the 1-based line it is on, and its value as flag text (a list joined by commas).</summary>
/// <param name="Key">Field name, e.g. <c>max_days</c>.</param>
/// <param name="Line">1-based line of the key.</param>
/// <param name="Text">The value as it would be given on the command line.</param>
internal sealed record SpecField(string Key, int Line, string Text);

/// <summary>
/// Reads a spec file, YAML (.yaml, .yml) or JSON (.json), holding one mapping of field → value or list
/// of values. Every error names the file and, where the parser gives one, the line. The file is read
/// only if it is a regular file of at most <see cref="MaxFileBytes"/>; YAML is read within <see cref="YamlSpec"/>'s bounds.
/// </summary>
internal static class SpecReader
{
    /// <summary>Extensions a spec may have.</summary>
    public const string Extensions = ".yaml, .yml or .json";

    /// <summary>Largest spec file read (a spec is about 1 KB); checked before reading, as is that it is a regular file.</summary>
    public const int MaxFileBytes = BoundedFile.DefaultMaxBytes;

    /// <summary>Reads the fields of <paramref name="path"/>, in file order; <paramref name="flag"/> names the option in errors.</summary>
    public static IReadOnlyList<SpecField> Read(string path, string flag)
    {
        bool json = IsJson(path, flag);
        byte[] bytes = BoundedFile.ReadAllBytes(path, MaxFileBytes, $"{flag} {path}", "spec");
        return Parse(bytes, json, path, flag);
    }

    /// <summary>The fields of a spec's bytes (JSON or YAML), checked as <see cref="Read"/> checks them; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<SpecField> Parse(byte[] bytes, bool json, string path, string flag)
    {
        var fields = json ? Json(bytes, path, flag) : YamlSpec.Read(Encoding.UTF8.GetString(bytes), path, flag);
        var first = new Dictionary<string, SpecField>(StringComparer.Ordinal);
        foreach (SpecField f in fields)
        {
            if (string.IsNullOrWhiteSpace(f.Text))
                throw Error(flag, path, f.Line, $"'{f.Key}' has no value");
            if (!first.TryAdd(f.Key, f))
                throw Error(flag, path, f.Line, $"'{f.Key}' is given twice (first on line {first[f.Key].Line})");
        }
        return fields;
    }

    /// <summary>True for .json, false for .yaml or .yml; any other extension is an error naming the flag.</summary>
    public static bool IsJson(string path, string flag) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => true,
        ".yaml" or ".yml" => false,
        _ => throw new InputException($"{flag}: '{path}' must end in {Extensions}"),
    };

    /// <summary>An error naming the flag, the file and the line.</summary>
    public static InputException Error(string flag, string path, int line, string what) =>
        new($"{flag} {path}, line {line}: {what}");

    private static List<SpecField> Json(byte[] bytes, string path, string flag)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var fields = new List<SpecField>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Error(flag, path, LineAt(bytes, reader.TokenStartIndex), "expected an object of fields, such as { \"params\": \"7B\" }");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                int line = LineAt(bytes, reader.TokenStartIndex);
                reader.Read();
                fields.Add(new SpecField(key, line, JsonValue(ref reader, key, line, path, flag)));
            }
        }
        catch (JsonException e)
        {
            throw Error(flag, path, (int)(e.LineNumber ?? 0) + 1, $"not valid JSON: {e.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0]}");
        }
        return fields;
    }

    private static string JsonValue(ref Utf8JsonReader reader, string key, int line, string path, string flag)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            return JsonScalar(ref reader) ?? throw Error(flag, path, line, $"'{key}' must be a value or a list of values");
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            items.Add(JsonScalar(ref reader) ?? throw Error(flag, path, line, $"'{key}' must list plain values"));
        return items.Count > 0 ? string.Join(',', items) : throw Error(flag, path, line, $"'{key}' has no value");
    }

    private static string? JsonScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => null,
    };

    private static int LineAt(byte[] bytes, long offset) => 1 + bytes.AsSpan(0, (int)offset).Count((byte)'\n');
}
