using System.Text.Json;
using ComputeSim.Kernels;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>The two axes a <see cref="BinnedMinimum"/> groups points by.</summary>
/// <param name="Rows">Axis of the rows (e.g. params).</param>
/// <param name="Columns">Axis of the columns (e.g. GPUs).</param>
public sealed record BinSpec(Axis Rows, Axis Columns)
{
    /// <summary>
    /// Most bins per axis. A longer axis is grouped into this many bins of consecutive values, so
    /// memory stays small per worker whatever the grid (a plot has no use for more cells than pixels).
    /// </summary>
    public const int MaxBinsPerAxis = 256;
}

/// <summary>
/// A 2-D binned reduction: for each cell (a bin of the row axis × a bin of the column axis), the best
/// admissible point by (score, index). Grids of disjoint index ranges merge exactly (the merge law), because
/// the minimum of (score, index) is a total order's minimum: associative, commutative, no ties left open.
/// </summary>
public sealed class BinnedMinimum : IReduction
{
    private const long None = -1;
    private readonly GridShape _shape;
    private readonly CellMap _map;
    private readonly int _rowLength;
    private readonly int _columnLength;
    private readonly double[] _score;
    private readonly long[] _index;

    /// <summary>An empty grid over a grid shape.</summary>
    public BinnedMinimum(GridShape shape, BinSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Rows == spec.Columns)
            throw new ArgumentException("rows and columns must be different axes", nameof(spec));
        Spec = spec;
        _shape = shape;
        _rowLength = shape.Length(spec.Rows);
        _columnLength = shape.Length(spec.Columns);
        Rows = Math.Min(_rowLength, BinSpec.MaxBinsPerAxis);
        Columns = Math.Min(_columnLength, BinSpec.MaxBinsPerAxis);
        _map = new CellMap
        {
            RowStride = Stride(shape, spec.Rows), RowLength = _rowLength, Rows = Rows,
            ColumnStride = Stride(shape, spec.Columns), ColumnLength = _columnLength, Columns = Columns,
        };
        _score = new double[Rows * Columns];
        _index = new long[Rows * Columns];
        Array.Fill(_score, double.PositiveInfinity);
        Array.Fill(_index, None);
    }

    /// <summary>The axes.</summary>
    public BinSpec Spec { get; }

    /// <summary>Bins on the row axis.</summary>
    public int Rows { get; }

    /// <summary>Bins on the column axis.</summary>
    public int Columns { get; }

    /// <summary>The bin of a row-axis index.</summary>
    public int RowBin(int axisIndex) => _map.RowBin(axisIndex);

    /// <summary>The bin of a column-axis index.</summary>
    public int ColumnBin(int axisIndex) => _map.ColumnBin(axisIndex);

    /// <summary>The first row-axis index in a bin (bins hold consecutive indices).</summary>
    public int FirstRowIndex(int bin) => FirstIndex(bin, Rows, _rowLength);

    /// <summary>The first column-axis index in a bin.</summary>
    public int FirstColumnIndex(int bin) => FirstIndex(bin, Columns, _columnLength);

    /// <summary>The cell (row × <see cref="Columns"/> + column) of a grid point.</summary>
    public int CellOf(long index) => _map.CellOf(index);

    /// <summary>Takes one admissible point with its objective score.</summary>
    public void Add(long index, double score) => Offer(CellOf(index), index, score);

    /// <inheritdoc />
    public string Name => "bins";

    /// <inheritdoc />
    public IReduction Empty() => new BinnedMinimum(_shape, Spec);

    /// <inheritdoc />
    void IReduction.Add(in RankedPoint point) => Add(point.Index, point.Score);

    /// <inheritdoc />
    void IReduction.Merge(IReduction other) => Merge((BinnedMinimum)other);

    /// <inheritdoc />
    /// <remarks>A row spans every bin of an axis it varies along (GPUs; tokens too for a block), one bin of the others.</remarks>
    public bool MayKeep(in RowBound row)
    {
        bool allRows = Varies(Spec.Rows, row.AllTokens), allColumns = Varies(Spec.Columns, row.AllTokens);
        int r0 = allRows ? 0 : RowBin(_map.RowIndexOf(row.FirstIndex)), r1 = allRows ? Rows : r0 + 1;
        int c0 = allColumns ? 0 : ColumnBin(_map.ColumnIndexOf(row.FirstIndex)), c1 = allColumns ? Columns : c0 + 1;
        for (int r = r0; r < r1; r++)
        {
            for (int c = c0; c < c1; c++)
            {
                if (row.ScoreLow <= _score[r * Columns + c])
                    return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public void Bound(HostBounds.Builder bounds) => bounds.Table(ScoreSlot.Cell, _score, _map);

    /// <inheritdoc />
    public void Identify(GridIdentity.Hasher hash)
    {
        hash.Text(Name);
        hash.Long((long)Spec.Rows);
        hash.Long((long)Spec.Columns);
    }

    /// <inheritdoc />
    /// <remarks>The occupied cells as [index, score] pairs in cell order: a point's index gives its cell.</remarks>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartArray(Name);
        for (int cell = 0; cell < _index.Length; cell++)
        {
            if (_index[cell] == None)
                continue;
            writer.WriteStartArray();
            writer.WriteNumberValue(_index[cell]);
            PartialSweepPoints.WriteDouble(writer, _score[cell]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public void Read(JsonElement file)
    {
        int last = -1;
        foreach (JsonElement pair in file.GetProperty(Name).EnumerateArray())
        {
            if (pair.GetArrayLength() != 2)
                throw new FormatException($"\"{Name}\" holds [index, score] pairs");
            long index = pair[0].GetInt64();
            if (index < 0 || index >= _shape.Total)
                throw new FormatException($"\"{Name}\" holds index {index}, outside the grid");
            int cell = CellOf(index);
            if (cell <= last)
                throw new FormatException($"\"{Name}\" is not one point per cell in cell order");
            last = cell;
            _index[cell] = index;
            _score[cell] = PartialSweepPoints.ReadDouble(pair[1]);
        }
    }

    /// <inheritdoc />
    public IEnumerable<RankedPoint> Kept => [];

    /// <inheritdoc />
    public IReadOnlyList<long?> Fingerprint() => [.. _index.Select(i => i == None ? (long?)null : i)];

    /// <inheritdoc />
    public string? Inconsistency(in ReductionFacts facts)
    {
        for (int cell = 0; cell < _index.Length; cell++)
        {
            if (_index[cell] != None && !facts.Covered(_index[cell]))
                return $"kept point {_index[cell]} lies outside \"ranges\"";
        }
        bool any = _index.Any(i => i != None);
        return facts.Admissible > 0 && !any ? "\"admissible\" counts points but \"bins\" is empty"
            : facts.Admissible == 0 && any ? "\"bins\" holds points but \"admissible\" counts none" : null;
    }

    /// <inheritdoc />
    public string? Unexplained(in RankedPoint q)
    {
        int cell = CellOf(q.Index);
        long best = _index[cell];
        if (best == None)
            return $"\"bins\" has no point in the cell of admissible point {q.Index}";
        int c = q.Score.CompareTo(_score[cell]);
        return c < 0 || (c == 0 && q.Index < best) ? $"admissible point {q.Index} ranks above the best point of its cell in \"bins\"" : null;
    }

    /// <summary>Folds another grid (same shape and axes, any index range) into this one.</summary>
    public void Merge(BinnedMinimum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Spec != Spec || other._score.Length != _score.Length)
            throw new ArgumentException("grids of different shapes cannot merge", nameof(other));
        for (int cell = 0; cell < _score.Length; cell++)
        {
            if (other._index[cell] != None)
                Offer(cell, other._index[cell], other._score[cell]);
        }
    }

    /// <summary>Every cell's best score as it stands (+Infinity where empty): a point scoring above its cell's cannot change the grid.</summary>
    internal ReadOnlySpan<double> Scores => _score;

    /// <summary>The grid index of a cell's best point, or -1 if no admissible point fell in it.</summary>
    public long BestIndex(int row, int column) => _index[row * Columns + column];

    /// <summary>A cell's best score, or +Infinity if no admissible point fell in it.</summary>
    public double BestScore(int row, int column) => _score[row * Columns + column];

    private void Offer(int cell, long index, double score)
    {
        long current = _index[cell];
        int c = score.CompareTo(_score[cell]);
        if (current == None || c < 0 || (c == 0 && index < current))
        {
            _score[cell] = score;
            _index[cell] = index;
        }
    }

    private static bool Varies(Axis axis, bool allTokens) => axis == Axis.Gpus || (allTokens && axis == Axis.Tokens);

    private static int FirstIndex(int bin, int bins, int length) => (int)(((long)bin * length + bins - 1) / bins);

    private static long Stride(GridShape shape, Axis axis)
    {
        long stride = 1;
        for (Axis a = Axis.Gpus; a > axis; a--)
            stride *= shape.Length(a);
        return stride;
    }
}
