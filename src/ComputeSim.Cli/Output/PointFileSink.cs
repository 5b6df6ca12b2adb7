using System.Text;
using System.Text.Json;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>Writes every point of a sweep to a CSV (RFC 4180) or JSON file, atomically.</summary>
public sealed class PointFileSink : IPointSink, IDisposable
{
    /// <summary>Generous upper bounds of one row's size, for refusing grids that would not fit the file limit.</summary>
    public const int CsvBytesPerRow = 400;
    /// <summary>See <see cref="CsvBytesPerRow"/>.</summary>
    public const int JsonBytesPerRow = 800;

    private readonly SweepProblem _problem;
    private readonly AtomicFile _file;
    private readonly bool _json;
    private readonly StreamWriter? _csv;
    private readonly Utf8JsonWriter? _writer;

    /// <summary>Opens <paramref name="path"/>; the format follows the extension (.csv or .json).</summary>
    public PointFileSink(SweepProblem problem, string path, string flag)
    {
        _problem = problem;
        _json = IsJson(path, flag);
        _file = AtomicFile.Create(path, flag);
        if (_json)
        {
            _writer = new Utf8JsonWriter(_file.Stream);
            _writer.WriteStartArray();
        }
        else
        {
            _csv = new StreamWriter(_file.Stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\r\n" };
            _csv.WriteLine(string.Join(',', PointRow.Columns.Select(c => c.Name)));
        }
    }

    /// <summary>True for .json, false for .csv; any other extension is an error naming the flag.</summary>
    public static bool IsJson(string path, string flag) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => true,
        ".csv" => false,
        _ => throw new InputException($"{flag}: '{path}' must end in .csv or .json"),
    };

    /// <inheritdoc />
    public void Write(long start, ReadOnlySpan<PointResult> results)
    {
        for (int i = 0; i < results.Length; i++)
        {
            PointRow row = PointRow.Of(_problem, start + i, results[i]);
            if (_writer is not null)
                JsonRows.WriteObject(_writer, row);
            else
                _csv!.WriteLine(string.Join(',', PointRow.Columns.Select(c => CsvCell(c.Value(row)))));
        }
    }

    /// <summary>Finishes the file and renames it into place.</summary>
    public void Commit()
    {
        if (_writer is not null)
        {
            _writer.WriteEndArray();
            _writer.Flush();
            _writer.Dispose();
        }
        _csv?.Flush();
        _file.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Disposing the JSON writer flushes it, which must not reach a file already committed and closed.
        if (!_file.IsCommitted)
            _writer?.Dispose();
        _file.Dispose();
    }

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        double d => Format.Exact(d),
        bool b => b ? "true" : "false",
        string s when s.IndexOfAny([',', '"', '\r', '\n']) >= 0 => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Point rows as JSON objects (one shape for files and stdout).</summary>
public static class JsonRows
{
    /// <summary>Writes a row as an object with every column; non-finite numbers become null.</summary>
    public static void WriteObject(Utf8JsonWriter w, PointRow row)
    {
        w.WriteStartObject();
        foreach (Column c in PointRow.Columns)
            WriteValue(w, c.Name, c.Value(row));
        w.WriteEndObject();
    }

    /// <summary>Writes one named value.</summary>
    public static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNull(name);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumber(name, d);
                break;
            case double:
                w.WriteNull(name);
                break;
            case long l:
                w.WriteNumber(name, l);
                break;
            case int i:
                w.WriteNumber(name, i);
                break;
            case bool b:
                w.WriteBoolean(name, b);
                break;
            default:
                w.WriteString(name, value.ToString());
                break;
        }
    }
}
