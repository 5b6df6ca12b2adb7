using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ComputeSim.Cli.Output;

/// <summary>
/// CSV (RFC 4180): a header of column names, CRLF line ends, fields quoted only where needed. Rows are formatted
/// straight into UTF-8 bytes: numbers with the shortest text that reads back as the same double ("R"), read off
/// the columns without boxing (<see cref="Column.Number"/>), so a row allocates nothing but its own record.
/// </summary>
internal sealed class CsvRowWriter : IRowWriter
{
    private const int BufferBytes = 1 << 16;
    // Room for any field but a long string: a double's shortest round-trip text is at most 24 bytes.
    private const int FieldRoom = 64;
    private static readonly byte[] True = "true"u8.ToArray(), False = "false"u8.ToArray(), LineEnd = "\r\n"u8.ToArray();

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;
    private readonly NumberTexts _texts = new(PointRow.Columns.Count);

    /// <summary>Writes onto <paramref name="stream"/>, starting with the header unless <paramref name="header"/> is false (a later part of a file).</summary>
    public CsvRowWriter(Stream stream, bool header = true)
    {
        _stream = stream;
        if (header)
        {
            Text(string.Join(',', PointRow.Columns.Select(c => Cell(c.Name))));
            Bytes(LineEnd);
        }
    }

    /// <inheritdoc />
    public void Write(PointRow row)
    {
        IReadOnlyList<Column> columns = PointRow.Columns;
        for (int i = 0; i < columns.Count; i++)
        {
            if (_used > BufferBytes - FieldRoom)
                Drain();
            if (i > 0)
                _buffer[_used++] = (byte)',';
            Column c = columns[i];
            if (c.Number is { } number)
                Number(i, number(row));
            else if (c.Integer is { } integer)
                Integer(integer(row));
            else if (c.Flag is { } flag)
                Flag(flag(row));
            else
                Text(Cell(c.Value(row)));
        }
        Bytes(LineEnd);
    }

    /// <inheritdoc />
    public void Finish()
    {
        Drain();
        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => Drain();

    /// <summary>One field: round-trip numbers, empty for non-finite, quoted text where it holds a comma, quote or line break.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => Format.Exact(d),
        bool b => b ? "true" : "false",
        string s when s.IndexOfAny([',', '"', '\r', '\n']) >= 0 => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    // Non-finite and missing numbers are empty fields.
    private void Number(int column, double? value)
    {
        if (value is double d && double.IsFinite(d))
            _used += _texts.Write(column, d, _buffer.AsSpan(_used));
    }

    private void Integer(long? value)
    {
        if (value is long l)
            _used += l.TryFormat(_buffer.AsSpan(_used), out int n, default, CultureInfo.InvariantCulture) ? n : throw new InvalidOperationException("a number longer than a field");
    }

    private void Flag(bool? value)
    {
        if (value is bool b)
            Bytes(b ? True : False);
    }

    private void Text(string text)
    {
        if (text.Length == 0)
            return;
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > BufferBytes - _used)
        {
            Drain();
            if (Encoding.UTF8.GetMaxByteCount(text.Length) > BufferBytes)
            {
                _stream.Write(Encoding.UTF8.GetBytes(text));
                return;
            }
        }
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferBytes - _used)
            Drain();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Drain()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}

/// <summary>
/// The shortest round-trip text ("R") of the numbers a column wrote lately, by their bits: a column repeats its
/// values from row to row (axis values, a row's FLOPs and minimum GPUs), and copying text is many times cheaper
/// than formatting a double. Same bits, same text: the output does not change.
/// </summary>
internal sealed class NumberTexts(int columns)
{
    private const int SlotsPerColumn = 64;
    private const int SlotShift = 64 - 6;
    // A double's shortest round-trip text is at most 24 bytes ("-2.2250738585072014E-308").
    private const int TextBytes = 24;
    // A NaN's bits: never a key, since only finite numbers are written.
    private const ulong Empty = 0xFFF8_0000_0000_0001;

    private readonly ulong[] _bits = Enumerable.Repeat(Empty, columns * SlotsPerColumn).ToArray();
    private readonly byte[] _length = new byte[columns * SlotsPerColumn];
    private readonly byte[] _text = new byte[columns * SlotsPerColumn * TextBytes];

    /// <summary>Writes the text of finite <paramref name="value"/> of <paramref name="column"/> to <paramref name="destination"/> (at least 24 bytes); returns its length.</summary>
    public int Write(int column, double value, Span<byte> destination)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int slot = column * SlotsPerColumn + (int)((bits * 0x9E37_79B9_7F4A_7C15UL) >> SlotShift);
        Span<byte> text = _text.AsSpan(slot * TextBytes, TextBytes);
        if (_bits[slot] != bits)
        {
            if (!value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"{value:R} is longer than {TextBytes} bytes");
            _bits[slot] = bits;
            _length[slot] = (byte)written;
        }
        int length = _length[slot];
        text[..length].CopyTo(destination);
        return length;
    }
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
