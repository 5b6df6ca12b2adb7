namespace ComputeSim.Kernels;

/// <summary>
/// Maps a flat grid index to a cell of two axes, each axis grouped into bins of consecutive values:
/// the one mapping a best-per-cell grid uses on the host and its pruning bound uses on a device.
/// </summary>
/// <remarks>Kernel-safe: fields only, integer arithmetic.</remarks>
public struct CellMap
{
    /// <summary>Points between consecutive values of the row axis.</summary>
    public long RowStride;
    /// <summary>Values on the row axis.</summary>
    public int RowLength;
    /// <summary>Bins on the row axis (at most <see cref="RowLength"/>).</summary>
    public int Rows;
    /// <summary>Points between consecutive values of the column axis.</summary>
    public long ColumnStride;
    /// <summary>Values on the column axis.</summary>
    public int ColumnLength;
    /// <summary>Bins on the column axis.</summary>
    public int Columns;

    /// <summary>The bin of a row-axis index.</summary>
    public readonly int RowBin(int axisIndex) => (int)((long)axisIndex * Rows / RowLength);

    /// <summary>The bin of a column-axis index.</summary>
    public readonly int ColumnBin(int axisIndex) => (int)((long)axisIndex * Columns / ColumnLength);

    /// <summary>The row-axis index of a grid point.</summary>
    public readonly int RowIndexOf(long index) => (int)(index / RowStride % RowLength);

    /// <summary>The column-axis index of a grid point.</summary>
    public readonly int ColumnIndexOf(long index) => (int)(index / ColumnStride % ColumnLength);

    /// <summary>The cell (row bin × <see cref="Columns"/> + column bin) of a grid point.</summary>
    public readonly int CellOf(long index) => RowBin(RowIndexOf(index)) * Columns + ColumnBin(ColumnIndexOf(index));
}
