using Parquet;
using Parquet.Schema;

namespace ComputeSim.Cli.Output;

/// <summary>
/// Apache Parquet: one column per <see cref="PointRow.Columns"/> entry, Snappy-compressed, written in
/// row groups of about a million rows (one group per file would hold the whole file in memory).
/// Numbers are nullable doubles (null where the value is not finite, as in JSON); names are
/// dictionary-encoded strings. While one group is encoded on a worker thread the next one fills,
/// so a sweep's rows and Parquet's encoding share the cores.
/// </summary>
/// <remarks>
/// Parquet's API is asynchronous; this writer is not, so it never waits on the thread pool: the stream's asynchronous writes
/// complete synchronously (<see cref="SynchronousStream"/>) and each group is encoded on a thread of its own. A pool starved by
/// other blocking work (a busy server, a test run) once held a small file's write for over a minute.
/// </remarks>
internal sealed class ParquetRowWriter : IRowWriter
{
    /// <summary>Rows per row group: large enough for good compression, small enough to buffer (two groups, ~600 MB).</summary>
    public const int RowGroupSize = 1 << 20;

    /// <summary>Upper bound of one row's size: 8 bytes per column uncompressed, plus null and dictionary overhead.</summary>
    public const int BytesPerRowBound = 200;

    private readonly ParquetWriter _writer;
    private readonly int _groupSize;
    // Two buffers: one filling, one being encoded; the second is made only when a file needs it.
    private readonly ParquetColumn[]?[] _buffers = new ParquetColumn[]?[2];
    private int _filling;
    private int _buffered;
    private Task? _encoding;
    private bool _closed;

    /// <summary>Starts a file on <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="sample">Any row: fixes each column's type.</param>
    /// <param name="groupSize">Rows per row group, at most <see cref="RowGroupSize"/> (fewer for short files, to buffer less).</param>
    public ParquetRowWriter(Stream stream, PointRow sample, int groupSize = RowGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupSize, RowGroupSize);
        _groupSize = groupSize;
        ParquetColumn[] columns = PointRow.Columns.Select(c => ParquetColumn.For(c, groupSize)).ToArray();
        _buffers[0] = columns;
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (ParquetColumn c in columns.Where(c => c.Field.ClrType == typeof(string)))
            options.ColumnEncodingHints[c.Field.Name] = EncodingHint.Dictionary;
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        _writer = ParquetWriter.CreateAsync(schema, new SynchronousStream(stream), options).GetAwaiter().GetResult();
        _writer.CustomMetadata = RunProvenance.Metadata();
    }

    /// <inheritdoc />
    public void Write(PointRow row)
    {
        foreach (ParquetColumn c in _buffers[_filling]!)
            c.Set(_buffered, row);
        if (++_buffered == _groupSize)
            StartRowGroup();
    }

    /// <inheritdoc />
    public void Finish()
    {
        if (_buffered > 0)
            StartRowGroup();
        _encoding?.GetAwaiter().GetResult();
        Close();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // On a failed write the file is abandoned: wait for the worker, but let the first error stand.
        try
        {
            _encoding?.Wait();
        }
        catch (AggregateException)
        {
        }
        Close();
    }

    private void StartRowGroup()
    {
        // Groups are written in order, one at a time: the previous one must be done (and its buffer free).
        _encoding?.GetAwaiter().GetResult();
        ParquetColumn[] columns = _buffers[_filling]!;
        int count = _buffered;
        _encoding = Task.Factory.StartNew(() => WriteRowGroupAsync(columns, count).GetAwaiter().GetResult(), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _filling ^= 1;
        // The twin buffer shares the fields: Parquet accepts only the instances its schema was built from.
        _buffers[_filling] ??= columns.Select(c => c.Twin()).ToArray();
        _buffered = 0;
    }

    private async Task WriteRowGroupAsync(ParquetColumn[] columns, int count)
    {
        using ParquetRowGroupWriter group = _writer.CreateRowGroup();
        foreach (ParquetColumn c in columns)
            await c.WriteAsync(group, count).ConfigureAwait(false);
    }

    // Disposing the writer writes the footer; it leaves the stream open for the atomic rename.
    private void Close()
    {
        if (_closed)
            return;
        _closed = true;
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>One Parquet column: its field and a row group's worth of values.</summary>
internal abstract class ParquetColumn
{
    protected ParquetColumn(DataField field) => Field = field;

    public DataField Field { get; }

    /// <summary>
    /// A column typed after the column's declared type; the L2 columns may be null. Values are read unboxed
    /// (<see cref="Column.Number"/>, <see cref="Column.Integer"/>, <see cref="Column.Flag"/>) into typed buffers.
    /// </summary>
    public static ParquetColumn For(Column column, int capacity)
    {
        bool nullable = PointRow.L2ColumnNames.Contains(column.Name);
        Func<PointRow, long?> integer = column.Integer ?? (r => column.Value(r) switch { long l => l, int i => i, _ => null });
        Func<PointRow, bool?> flag = column.Flag ?? (r => (bool?)column.Value(r));
        if (column.Type == typeof(double))
        {
            Func<PointRow, double?> number = column.Number ?? (r => (double?)column.Value(r));
            return new NullableTyped<double>(new DataField<double?>(column.Name, true), capacity, r => number(r) is double d && double.IsFinite(d) ? d : null);
        }
        if (column.Type == typeof(long))
            return new Typed<long>(new DataField<long>(column.Name, false), capacity, r => integer(r)!.Value);
        if (column.Type == typeof(int))
            return nullable ? new NullableTyped<int>(new DataField<int?>(column.Name, true), capacity, r => (int?)integer(r))
                : new Typed<int>(new DataField<int>(column.Name, false), capacity, r => (int)integer(r)!.Value);
        if (column.Type == typeof(bool))
            return nullable ? new NullableTyped<bool>(new DataField<bool?>(column.Name, true), capacity, flag)
                : new Typed<bool>(new DataField<bool>(column.Name, false), capacity, r => flag(r)!.Value);
        return new Text(new DataField<string>(column.Name, nullable), column, capacity);
    }

    public abstract void Set(int i, PointRow row);

    /// <summary>An empty buffer for the same field.</summary>
    public abstract ParquetColumn Twin();

    public abstract Task WriteAsync(ParquetRowGroupWriter group, int count);

    // A nullable value type read straight into its buffer (Parquet writes nullable and plain buffers by different calls).
    private sealed class NullableTyped<T>(DataField field, int capacity, Func<PointRow, T?> read) : ParquetColumn(field)
        where T : struct
    {
        private readonly T?[] _values = new T?[capacity];

        public override ParquetColumn Twin() => new NullableTyped<T>(Field, capacity, read);

        public override void Set(int i, PointRow row) => _values[i] = read(row);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count) =>
            group.WriteAsync(Field, (ReadOnlyMemory<T?>)_values.AsMemory(0, count));
    }

    // A value type read straight into its buffer.
    private sealed class Typed<T>(DataField field, int capacity, Func<PointRow, T> read) : ParquetColumn(field)
        where T : struct
    {
        private readonly T[] _values = new T[capacity];

        public override ParquetColumn Twin() => new Typed<T>(Field, capacity, read);

        public override void Set(int i, PointRow row) => _values[i] = read(row);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count) =>
            group.WriteAsync(Field, (ReadOnlyMemory<T>)_values.AsMemory(0, count));
    }

    private sealed class Text(DataField field, Column column, int capacity) : ParquetColumn(field)
    {
        private readonly string?[] _values = new string?[capacity];
        private string _last = "";

        public override ParquetColumn Twin() => new Text(Field, column, capacity);

        // Names repeat from row to row: reusing the previous instance keeps fresh strings out of the
        // long-lived buffer, which would otherwise drag each one through every garbage collection.
        public override void Set(int i, PointRow row)
        {
            // Null stays null (an L2 column of an L0 point), as in JSON.
            string? value = column.Value(row)?.ToString();
            if (value is not null && value != _last)
                _last = value;
            _values[i] = value is null ? null : _last;
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int count) =>
            group.WriteAsync(Field, new ArraySegment<string?>(_values, 0, count)!);
    }
}
