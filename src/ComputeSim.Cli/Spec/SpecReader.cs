using System.Text;
using System.Text.Json;
using ComputeSim.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ComputeSim.Cli.Spec;

/// <summary>One field of a spec file: its key, the 1-based line it is on, and its value as flag text (a list joined by commas).</summary>
/// <param name="Key">Field name, e.g. <c>max_days</c>.</param>
/// <param name="Line">1-based line of the key.</param>
/// <param name="Text">The value as it would be given on the command line.</param>
public sealed record SpecField(string Key, int Line, string Text);

/// <summary>
/// Reads a spec file, YAML (.yaml, .yml) or JSON (.json), holding one mapping of field → value or list
/// of values. Every error names the file and, where the parser gives one, the line.
/// </summary>
public static class SpecReader
{
    /// <summary>Extensions a spec may have.</summary>
    public const string Extensions = ".yaml, .yml or .json";

    /// <summary>Reads the fields of <paramref name="path"/>, in file order; <paramref name="flag"/> names the option in errors.</summary>
    public static IReadOnlyList<SpecField> Read(string path, string flag)
    {
        bool json = IsJson(path, flag);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{flag}: cannot read '{path}' ({e.Message})");
        }
        var fields = json ? Json(bytes, path, flag) : Yaml(Encoding.UTF8.GetString(bytes), path, flag);
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

    private static List<SpecField> Yaml(string text, string path, string flag)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Error(flag, path, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, for some unterminated collections.
            throw Error(flag, path, LastGoodLine(text), "not valid YAML: a list or mapping is not closed");
        }
        if (stream.Documents.Count == 0)
            throw new InputException($"{flag} {path}: the file is empty; expected fields such as 'params: 7B'");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw Error(flag, path, (int)stream.Documents[0].RootNode.Start.Line, "expected fields such as 'params: 7B', one per line");
        var fields = new List<SpecField>();
        foreach (var (keyNode, value) in root.Children)
        {
            int line = (int)keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: string key })
                throw Error(flag, path, line, "a field name must be plain text");
            fields.Add(new SpecField(key, line, YamlValue(key, value, line, path, flag)));
        }
        return fields;
    }

    // The line of the last event the low-level parser read before giving up.
    private static int LastGoodLine(string text)
    {
        int line = 1;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
                line = (int)parser.Current!.End.Line;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The position reached is the answer.
        }
        return line;
    }

    private static string YamlValue(string key, YamlNode value, int line, string path, string flag) => value switch
    {
        YamlScalarNode { Value: { Length: > 0 } text } => text,
        YamlScalarNode => throw Error(flag, path, line, $"'{key}' has no value"),
        YamlSequenceNode list when list.Children.Count > 0 && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }) =>
            string.Join(',', list.Children.Select(c => ((YamlScalarNode)c).Value)),
        _ => throw Error(flag, path, line, $"'{key}' must be a value or a list of values"),
    };

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
