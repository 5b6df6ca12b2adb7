using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComputeSim.Api;
using ComputeSim.Cli.Output;
using ComputeSim.Model;

namespace ComputeSim.Cli.Spec;

/// <summary>Writes the spec of a parsed command line: every spec field that has a value, given or default.</summary>
internal static class SpecWriter
{
    // Readable escaping: specs are read by people ('+' and '<' stay as they are); still valid JSON and YAML.
    private static readonly JavaScriptEncoder Escaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const string Header = "# computesim sweep spec. Run: computesim sweep --spec FILE (flags given on the command line override these fields).";

    /// <summary>Prints the spec as YAML, or writes it to <paramref name="path"/> (YAML or JSON by extension) atomically.</summary>
    /// <remarks>
    /// Nothing is printed or written unless the spec reads back to the same fields and <paramref name="check"/>
    /// (the checks of <c>--spec</c>) accepts them: a dumped spec always reruns the sweep it was dumped from.
    /// </remarks>
    public static void Write(CliContext ctx, ParseResult parse, IEnumerable<Option> fields, string? path, string flag, Action<IReadOnlyList<SpecField>> check)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var values = fields.Select(o => (Key: SweepSpecOptions.KeyOf(o), Value: ValueOf(parse, o))).Where(f => f.Value is not null)
            .Prepend((Key: SweepSpecVersion.Key, Value: (object?)SweepSpecVersion.Current)).ToList();
        bool json = path is not null && SpecReader.IsJson(path, flag);
        string text = json ? Json(values!) : Yaml(values!);
        check(ReadsBack(text, json, values!, flag));
        if (path is null)
        {
            ctx.Out.Write(text);
            return;
        }
        using AtomicFile file = AtomicFile.Create(path, flag);
        file.Stream.Write(Encoding.UTF8.GetBytes(text));
        file.Commit();
        ctx.Out.WriteLine($"spec written to {path}");
    }

    /// <summary>
    /// Refuses, before anything is written, a spec that <c>--spec</c> would refuse or read differently (an empty
    /// value, an empty list item): a dumped spec always reruns the sweep it was dumped from.
    /// </summary>
    private static IReadOnlyList<SpecField> ReadsBack(string text, bool json, List<(string Key, object Value)> values, string flag)
    {
        IReadOnlyList<SpecField> read;
        try
        {
            read = SpecReader.Parse(Encoding.UTF8.GetBytes(text), json, "(the dumped spec)", flag);
        }
        catch (InputException e)
        {
            throw new InputException($"{flag}: the spec would not read back: {e.Message}");
        }
        foreach (var ((key, value), field) in values.Zip(read))
        {
            string expected = Scalar(value, quote: false);
            if (field.Key != key || field.Text != expected)
                throw new InputException($"{flag}: {key} '{expected}' would read back as '{field.Text}'; give it without empty items");
        }
        return read;
    }

    private static object? ValueOf(ParseResult parse, Option option) => option switch
    {
        Option<bool> b => parse.GetValue(b),
        Option<int> i => parse.GetValue(i),
        Option<bool?> nb => parse.GetValue(nb),
        Option<int?> ni => parse.GetValue(ni),
        Option<string> s => parse.GetValue(s),
        Options.IShownOption typed => typed.Shown(parse),
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

    // A comma-separated value becomes a list, which reads back as the same text; unquoted, the text as a spec field holds it.
    private static string Scalar(object value, bool quote = true) => value switch
    {
        bool b => b ? "true" : "false",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text when quote && text.Contains(',') => "[" + string.Join(", ", text.Split(',').Select(Quoted)) + "]",
        _ => quote ? Quoted(value.ToString() ?? "") : value.ToString() ?? "",
    };

    private static string Quoted(string text) => JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = Escaping };
}
