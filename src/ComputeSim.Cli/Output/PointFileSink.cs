using System.Text.Json;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>Writes every point of a sweep to a CSV, JSON, JSON Lines or Parquet file, atomically.</summary>
internal sealed class PointFileSink : IPointFile
{
    /// <summary>Generous upper bounds of one row's size, for refusing grids that would not fit the file limit.</summary>
    public const int CsvBytesPerRow = 600;
    /// <summary>See <see cref="CsvBytesPerRow"/>.</summary>
    public const int JsonBytesPerRow = 1300;

    private readonly SweepProblem _problem;
    private readonly PlanningAssumptions? _planning;
    private readonly AtomicFile _file;
    private readonly RowFileFormat _format;
    private readonly IRowWriter _writer;
    private PointResult[] _copy = [];
    private MemoryStream[] _parts = [];

    /// <summary>Opens <paramref name="path"/>; the format follows the extension (see <see cref="RowFileFormats"/>). With
    /// <paramref name="planning"/>, every row is planned (failures, energy, carbon).</summary>
    public PointFileSink(SweepProblem problem, string path, string flag, PlanningAssumptions? planning = null)
    {
        _problem = problem;
        _planning = planning;
        _format = RowFileFormats.Of(path, flag);
        _file = AtomicFile.Create(path, flag);
        _writer = RowFileFormats.Open(_format, _file.Stream, Row(0, problem.Evaluate(0)), problem.Total);
    }

    private PointRow Row(long index, in PointResult result)
    {
        PointRow row = PointRow.Of(_problem, index, result);
        return _planning is PlanningAssumptions a ? row.Planned(_problem.Hardware[row.Job.Hardware], a) : row;
    }

    /// <inheritdoc />
    public void Write(long start, ReadOnlySpan<PointResult> results)
    {
        if (RowFileFormats.IsLineFormat(_format) && results.Length >= MinRowsPerPart * 2)
        {
            WriteInParts(start, results);
            return;
        }
        for (int i = 0; i < results.Length; i++)
            _writer.Write(Row(start + i, results[i]));
    }

    private const int MinRowsPerPart = 4096;

    /// <summary>
    /// Formatting, not the disk, limits a text file: each core formats a slice of the chunk into memory,
    /// and the slices are written in order.
    /// </summary>
    private void WriteInParts(long start, ReadOnlySpan<PointResult> results)
    {
        if (_copy.Length < results.Length)
            _copy = new PointResult[results.Length];
        results.CopyTo(_copy);
        PointResult[] copy = _copy;
        int count = results.Length;
        int parts = Math.Min(Environment.ProcessorCount, count / MinRowsPerPart);
        if (_parts.Length < parts)
            _parts = [.. Enumerable.Range(0, parts).Select(_ => new MemoryStream())];
        MemoryStream[] memory = _parts;
        Parallel.For(0, parts, p =>
        {
            int from = (int)((long)count * p / parts), to = (int)((long)count * (p + 1) / parts);
            // Kept across chunks: a fresh buffer per chunk would churn the large-object heap.
            memory[p].SetLength(0);
            using IRowWriter part = RowFileFormats.OpenPart(_format, memory[p]);
            for (int i = from; i < to; i++)
                part.Write(Row(start + i, copy[i]));
            part.Finish();
        });
        // Whatever the file's own writer holds (the CSV header) goes first.
        _writer.Finish();
        for (int p = 0; p < parts; p++)
            memory[p].WriteTo(_file.Stream);
    }

    /// <summary>Finishes the file and renames it into place.</summary>
    public void Commit()
    {
        _writer.Finish();
        _writer.Dispose();
        _file.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // After a commit the writer is disposed and the file closed; disposing again would flush into it.
        if (!_file.IsCommitted)
            _writer.Dispose();
        _file.Dispose();
    }
}

/// <summary>Writes a finished list of rows (e.g. <c>compare</c>'s) to a file in the format its extension names, atomically.</summary>
internal static class RowFile
{
    /// <summary>Writes <paramref name="rows"/> (at least one) to <paramref name="path"/>; errors name <paramref name="flag"/>.</summary>
    public static void Write(string path, string flag, IReadOnlyList<PointRow> rows)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        RowFileFormat format = RowFileFormats.Of(path, flag);
        using AtomicFile file = AtomicFile.Create(path, flag);
        using (IRowWriter writer = RowFileFormats.Open(format, file.Stream, rows[0], rows.Count))
        {
            foreach (PointRow row in rows)
                writer.Write(row);
            writer.Finish();
        }
        file.Commit();
    }
}

/// <summary>Point rows as JSON objects (one shape for files and stdout).</summary>
internal static class JsonRows
{
    /// <summary>
    /// Writes a row as an object with every column, then any <paramref name="planned"/> fields; non-finite
    /// numbers become null. The plan columns are then left to <paramref name="planned"/>, which writes
    /// them (a key written twice is invalid JSON to strict readers).
    /// </summary>
    public static void WriteObject(Utf8JsonWriter w, PointRow row, Action<Utf8JsonWriter>? planned = null)
    {
        w.WriteStartObject();
        foreach (Column c in PointRow.Columns)
        {
            if (planned is null || !PointRow.PlanColumnNames.Contains(c.Name))
                WriteValue(w, c.Name, c.Value(row));
        }
        planned?.Invoke(w);
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
