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
/// admissible point by (score, index). Grids of disjoint index ranges merge exactly, because the
/// minimum of (score, index) is a total order's minimum: associative, commutative, no ties left open.
/// </summary>
public sealed class BinnedMinimum
{
    private const long None = -1;
    private readonly long _rowStride;
    private readonly long _columnStride;
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
        _rowLength = shape.Length(spec.Rows);
        _columnLength = shape.Length(spec.Columns);
        _rowStride = Stride(shape, spec.Rows);
        _columnStride = Stride(shape, spec.Columns);
        Rows = Math.Min(_rowLength, BinSpec.MaxBinsPerAxis);
        Columns = Math.Min(_columnLength, BinSpec.MaxBinsPerAxis);
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
    public int RowBin(int axisIndex) => (int)((long)axisIndex * Rows / _rowLength);

    /// <summary>The bin of a column-axis index.</summary>
    public int ColumnBin(int axisIndex) => (int)((long)axisIndex * Columns / _columnLength);

    /// <summary>The first row-axis index in a bin (bins hold consecutive indices).</summary>
    public int FirstRowIndex(int bin) => FirstIndex(bin, Rows, _rowLength);

    /// <summary>The first column-axis index in a bin.</summary>
    public int FirstColumnIndex(int bin) => FirstIndex(bin, Columns, _columnLength);

    /// <summary>The cell (row × <see cref="Columns"/> + column) of a grid point.</summary>
    public int CellOf(long index)
    {
        int row = (int)(index / _rowStride % _rowLength);
        int column = (int)(index / _columnStride % _columnLength);
        return RowBin(row) * Columns + ColumnBin(column);
    }

    /// <summary>Takes one admissible point with its objective score.</summary>
    public void Add(long index, double score) => Offer(CellOf(index), index, score);

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

    private static int FirstIndex(int bin, int bins, int length) => (int)(((long)bin * length + bins - 1) / bins);

    private static long Stride(GridShape shape, Axis axis)
    {
        long stride = 1;
        for (Axis a = Axis.Gpus; a > axis; a--)
            stride *= shape.Length(a);
        return stride;
    }
}
