using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComputeSim.Cli.Output;

namespace ComputeSim.Cli.Spec;

/// <summary>Writes the spec of a parsed command line: every spec field that has a value, given or default.</summary>
public static class SpecWriter
{
    // Readable escaping: specs are read by people ('+' and '<' stay as they are); still valid JSON and YAML.
    private static readonly JavaScriptEncoder Escaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const string Header = "# computesim sweep spec. Run: computesim sweep --spec FILE (flags given on the command line override these fields).";

    /// <summary>Prints the spec as YAML, or writes it to <paramref name="path"/> (YAML or JSON by extension) atomically.</summary>
    public static void Write(CliContext ctx, ParseResult parse, IEnumerable<Option> fields, string? path, string flag)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var values = fields.Select(o => (Key: SweepSpecOptions.KeyOf(o), Value: ValueOf(parse, o))).Where(f => f.Value is not null).ToList();
        if (path is null)
        {
            ctx.Out.Write(Yaml(values!));
            return;
        }
        string text = SpecReader.IsJson(path, flag) ? Json(values!) : Yaml(values!);
        using AtomicFile file = AtomicFile.Create(path, flag);
        file.Stream.Write(Encoding.UTF8.GetBytes(text));
        file.Commit();
        ctx.Out.WriteLine($"spec written to {path}");
    }

    private static object? ValueOf(ParseResult parse, Option option) => option switch
    {
        Option<bool> b => parse.GetValue(b),
        Option<int> i => parse.GetValue(i),
        Option<bool?> nb => parse.GetValue(nb),
        Option<int?> ni => parse.GetValue(ni),
        Option<string> s => parse.GetValue(s),
        _ => throw new NotSupportedException($"{option.Name}: a spec cannot hold a {option.ValueType.Name}"),
    };

    /// <summary>YAML with every text value double-quoted (JSON string escapes are valid YAML), so no value changes type.</summary>
    public static string Yaml(IEnumerable<(string Key, object Value)> values)
    {
        var s = new StringBuilder().Append(Header).Append('\n');
        foreach (var (key, value) in values)
            s.Append(key).Append(": ").Append(Scalar(value)).Append('\n');
        return s.ToString();
    }

    /// <summary>One JSON object, indented.</summary>
    public static string Json(IEnumerable<(string Key, object Value)> values)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = Escaping }))
        {
            w.WriteStartObject();
            foreach (var (key, value) in values)
            {
                if (value is string text && text.Contains(','))
                {
                    w.WriteStartArray(key);
                    foreach (string item in text.Split(','))
                        w.WriteStringValue(item);
                    w.WriteEndArray();
                }
                else
                {
                    JsonRows.WriteValue(w, key, value);
                }
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // A comma-separated value becomes a list, which reads back as the same text.
    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text when text.Contains(',') => "[" + string.Join(", ", text.Split(',').Select(Quoted)) + "]",
        _ => Quoted(value.ToString() ?? ""),
    };

    private static string Quoted(string text) => JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = Escaping };
}
