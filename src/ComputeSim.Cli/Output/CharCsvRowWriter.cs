using System.Globalization;
using System.Text;

namespace ComputeSim.Cli.Output;

/// <summary>
/// The CSV writer before <see cref="CsvRowWriter"/>: characters through a <see cref="StreamWriter"/>, values read boxed
/// (<see cref="Column.Value"/>). Kept only to measure the two side by side and to show that they write the same bytes.
/// </summary>
internal sealed class CharCsvRowWriter : IRowWriter
{
    private const int BufferBytes = 1 << 16;
    private readonly StreamWriter _w;
    private readonly char[] _number = new char[32];

    /// <summary>Writes onto <paramref name="stream"/>, starting with the header unless <paramref name="header"/> is false (a later part of a file).</summary>
    public CharCsvRowWriter(Stream stream, bool header = true)
    {
        _w = new StreamWriter(stream, new UTF8Encoding(false), BufferBytes, leaveOpen: true) { NewLine = "\r\n" };
        if (header)
            _w.WriteLine(string.Join(',', PointRow.Columns.Select(c => CsvRowWriter.Cell(c.Name))));
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
                _w.Write(CsvRowWriter.Cell(value));
            }
        }
        _w.WriteLine();
    }
    /// <inheritdoc />
    public void Finish() => _w.Flush();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();
}
