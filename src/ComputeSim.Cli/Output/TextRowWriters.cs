using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ComputeSim.Cli.Output;

/// <summary>CSV (RFC 4180): a header of column names, CRLF line ends, fields quoted only where needed.</summary>
internal sealed class CsvRowWriter : IRowWriter
{
    private const int BufferBytes = 1 << 16;
    private readonly StreamWriter _w;
    private readonly char[] _number = new char[32];

    /// <summary>Writes onto <paramref name="stream"/>, starting with the header unless <paramref name="header"/> is false (a later part of a file).</summary>
    public CsvRowWriter(Stream stream, bool header = true)
    {
        _w = new StreamWriter(stream, new UTF8Encoding(false), BufferBytes, leaveOpen: true) { NewLine = "\r\n" };
        if (header)
            _w.WriteLine(string.Join(',', PointRow.Columns.Select(c => Cell(c.Name))));
    }

    /// <inheritdoc />
    public void Write(PointRow row)
    {
        for (int i = 0; i < PointRow.Columns.Count; i++)
        {
            if (i > 0)
                _w.Write(',');
            object? value = PointRow.Columns[i].Value(row);
            // Numbers, the bulk of a row, are formatted in place: no string per field.
            if (value is double d)
            {
                if (double.IsFinite(d) && d.TryFormat(_number, out int n, "R", CultureInfo.InvariantCulture))
                    _w.Write(_number, 0, n);
            }
            else
            {
                _w.Write(Cell(value));
            }
        }
        _w.WriteLine();
    }
    /// <inheritdoc />
    public void Finish() => _w.Flush();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    /// <summary>One field: round-trip numbers, empty for non-finite, quoted text where it holds a comma, quote or line break.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => Format.Exact(d),
        bool b => b ? "true" : "false",
        string s when s.IndexOfAny([',', '"', '\r', '\n']) >= 0 => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>One JSON array holding an object per row.</summary>
internal sealed class JsonArrayRowWriter : IRowWriter
{
    private readonly Utf8JsonWriter _w;

    /// <summary>Opens the array on <paramref name="stream"/>.</summary>
    public JsonArrayRowWriter(Stream stream)
    {
        _w = new Utf8JsonWriter(stream);
        _w.WriteStartArray();
    }

    /// <inheritdoc />
    public void Write(PointRow row)
    {
        JsonRows.WriteObject(_w, row);
        // The writer holds everything until flushed: a large file would not fit in memory.
        if (_w.BytesPending >= JsonLinesRowWriter.FlushBytes)
            _w.Flush();
    }

    /// <inheritdoc />
    public void Finish()
    {
        _w.WriteEndArray();
        _w.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();
}

/// <summary>JSON Lines: one object per row, each on its own line (LF), so files can be streamed and concatenated.</summary>
internal sealed class JsonLinesRowWriter : IRowWriter
{
    /// <summary>Bytes gathered in memory before they go to the stream.</summary>
    public const int FlushBytes = 1 << 16;

    private readonly Stream _stream;
    // Rows are written to memory first: flushing a Utf8JsonWriter flushes its stream, a system call per row.
    private readonly ArrayBufferWriter<byte> _buffer = new(2 * FlushBytes);
    private readonly Utf8JsonWriter _w;

    /// <summary>Writes onto <paramref name="stream"/>.</summary>
    public JsonLinesRowWriter(Stream stream)
    {
        _stream = stream;
        _w = new Utf8JsonWriter(_buffer);
    }

    /// <inheritdoc />
    public void Write(PointRow row)
    {
        JsonRows.WriteObject(_w, row);
        _w.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        // A writer holds one top-level value; Reset starts the next line's.
        _w.Reset();
        if (_buffer.WrittenCount >= FlushBytes)
            Drain();
    }

    /// <inheritdoc />
    public void Finish()
    {
        Drain();
        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    private void Drain()
    {
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }
}
