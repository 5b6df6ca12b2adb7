using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>The file formats point rows can be written in, chosen by the file's extension.</summary>
internal enum RowFileFormat
{
    /// <summary>CSV, RFC 4180: a header row, CRLF line ends, quoted where needed.</summary>
    Csv,
    /// <summary>One JSON array of objects.</summary>
    Json,
    /// <summary>JSON Lines: one object per line.</summary>
    JsonLines,
    /// <summary>Apache Parquet, Snappy-compressed, in row groups.</summary>
    Parquet,
}

/// <summary>Extensions, size bounds and writers of the row file formats.</summary>
internal static class RowFileFormats
{
    private static readonly (string Extension, RowFileFormat Format, int BytesPerRow)[] Known =
    [
        (".csv", RowFileFormat.Csv, PointFileSink.CsvBytesPerRow),
        (".json", RowFileFormat.Json, PointFileSink.JsonBytesPerRow),
        (".jsonl", RowFileFormat.JsonLines, PointFileSink.JsonBytesPerRow),
        (".parquet", RowFileFormat.Parquet, ParquetRowWriter.BytesPerRowBound),
    ];

    /// <summary>Every extension accepted, e.g. for help text.</summary>
    public static string ExtensionList => string.Join(", ", Known.Select(k => k.Extension));

    /// <summary>The format of a path by its extension; any other extension is an error naming the flag.</summary>
    public static RowFileFormat Of(string path, string flag)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        foreach (var k in Known)
        {
            if (k.Extension == ext)
                return k.Format;
        }
        throw new InputException($"{flag}: '{path}' must end in {ExtensionList}");
    }

    /// <summary>A generous upper bound of one row's size in a format, for refusing grids over the file limit.</summary>
    public static int BytesPerRowBound(RowFileFormat format) => Known.First(k => k.Format == format).BytesPerRow;

    /// <summary>True for formats whose rows are independent lines (CSV, JSON Lines): parts of a file can be formatted apart and joined.</summary>
    public static bool IsLineFormat(RowFileFormat format) => format is RowFileFormat.Csv or RowFileFormat.JsonLines;

    /// <summary>A writer of a later part of a line-format file: its rows only, no header.</summary>
    public static IRowWriter OpenPart(RowFileFormat format, Stream stream) => format switch
    {
        RowFileFormat.Csv => new CsvRowWriter(stream, header: false),
        RowFileFormat.JsonLines => new JsonLinesRowWriter(stream),
        _ => throw new ArgumentException($"{format} files cannot be written in parts", nameof(format)),
    };

    /// <summary>A writer of rows in a format onto a stream.</summary>
    /// <param name="format">The format.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="sample">Any row: fixes the column types.</param>
    /// <param name="rows">How many rows will come (sizes buffers).</param>
    public static IRowWriter Open(RowFileFormat format, Stream stream, PointRow sample, long rows) => format switch
    {
        RowFileFormat.Csv => new CsvRowWriter(stream),
        RowFileFormat.Json => new JsonArrayRowWriter(stream),
        RowFileFormat.JsonLines => new JsonLinesRowWriter(stream),
        _ => new ParquetRowWriter(stream, sample, (int)Math.Min(rows, ParquetRowWriter.RowGroupSize)),
    };
}

/// <summary>Writes point rows, every column of <see cref="PointRow.Columns"/>, in one format.</summary>
internal interface IRowWriter : IDisposable
{
    /// <summary>Writes one row.</summary>
    void Write(PointRow row);

    /// <summary>Writes whatever the format keeps to the end (a closing bracket, the last row group, a footer) and flushes.</summary>
    void Finish();
}
