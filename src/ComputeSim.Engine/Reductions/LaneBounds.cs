using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// One worker's reductions as the every-point path (<see cref="L0LaneSweep"/>) sees them while it prices a row
/// four GPU counts at a time: their bounds as they stand, read live, so that only a point that could change a
/// reduction is offered (<see cref="Accumulator.Offer"/>) and the rest are only counted. The bounds are those of
/// <see cref="IReduction.Bound"/> (a score threshold per slot, the time–cost front); they only tighten as points
/// are added, so one read for a row stays sound while the row's points are offered.
/// </summary>
internal sealed class LaneBounds
{
    private readonly TopK? _top;
    private readonly BestPerHardware? _best;
    private readonly BinnedMinimum? _bins;
    private readonly ParetoFront? _front;
    // The cell of the point at GPU position k of a row is the row's base cell plus this; padded for the last lanes.
    private readonly int[] _gpuCell = [];
    // True when a row's cells follow its GPU positions one to one (columns = GPUs, a bin per value): a vector load.
    private readonly bool _cellsInGpuOrder;
    private readonly int[] _rowCell = [];
    private readonly int[] _columnCell = [];
    private readonly int _gpuCount;
    private readonly double[] _rowThreshold;

    private LaneBounds(TopK? top, BestPerHardware? best, BinnedMinimum? bins, ParetoFront? front, GridShape shape)
    {
        _top = top;
        _best = best;
        _bins = bins;
        _front = front is { Enabled: true } ? front : null;
        _gpuCount = shape.Gpus;
        _rowThreshold = new double[shape.Hardware];
        for (int h = 0; h < shape.Hardware; h++)
            Offered(h);
        if (bins is null)
            return;
        _gpuCell = new int[shape.Gpus + Vector256<double>.Count];
        for (int k = 0; k < shape.Gpus; k++)
        {
            _gpuCell[k] = bins.Spec.Rows == Axis.Gpus ? bins.RowBin(k) * bins.Columns
                : bins.Spec.Columns == Axis.Gpus ? bins.ColumnBin(k) : 0;
        }
        _cellsInGpuOrder = bins.Spec.Columns == Axis.Gpus && bins.Columns == shape.Gpus;
        // What the other axes add, per index (a division each, done once here instead of per row).
        _rowCell = bins.Spec.Rows == Axis.Gpus ? new int[shape.Gpus]
            : [.. Enumerable.Range(0, shape.Length(bins.Spec.Rows)).Select(i => bins.RowBin(i) * bins.Columns)];
        _columnCell = bins.Spec.Columns == Axis.Gpus ? new int[shape.Gpus]
            : [.. Enumerable.Range(0, shape.Length(bins.Spec.Columns)).Select(bins.ColumnBin)];
    }

    /// <summary>The bounds of <paramref name="acc"/>'s reductions, or null if one has no bound read here (it needs every point).</summary>
    public static LaneBounds? Of(Accumulator acc, GridShape shape)
    {
        IReadOnlyList<IReduction> all = acc.Reductions;
        bool known = all.All(r => r is TopK or BestPerHardware or BinnedMinimum or ParetoFront);
        if (!known || all.Select(r => r.GetType()).Distinct().Count() != all.Count)
            return null;
        return new LaneBounds(all.OfType<TopK>().FirstOrDefault(), all.OfType<BestPerHardware>().FirstOrDefault(),
            all.OfType<BinnedMinimum>().FirstOrDefault(), all.OfType<ParetoFront>().FirstOrDefault(), shape);
    }

    /// <summary>True if a front is kept: then <see cref="FrontCandidates"/> must be asked too.</summary>
    public bool KeepsFront => _front is not null;

    /// <summary>
    /// The highest score that could change the top or the best of <paramref name="hardware"/>, as of the last
    /// <see cref="Offered"/> for it: the reductions only tighten, so it may be loose, never too strict.
    /// </summary>
    public double RowThreshold(int hardware) => _rowThreshold[hardware];

    /// <summary>Reads the top's and <paramref name="hardware"/>'s best again after points were offered (their thresholds are not free to read).</summary>
    public void Offered(int hardware) =>
        _rowThreshold[hardware] = Math.Max(_top?.Threshold ?? double.NegativeInfinity, _best?.Threshold(hardware) ?? double.NegativeInfinity);

    /// <summary>The cell of GPU position 0 of the row holding <paramref name="ix"/> (0 without bins).</summary>
    public int CellBase(in AxisIndices ix) =>
        _bins is null ? 0 : _rowCell[ix.On(_bins.Spec.Rows)] + _columnCell[ix.On(_bins.Spec.Columns)];

    /// <summary>
    /// Lanes whose <paramref name="score"/> could change the top, the best per hardware or the best of its cell
    /// (GPU positions <paramref name="k"/> to k + 3 of a row with <paramref name="cellBase"/>), as they stand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<long> MayKeep(Vector256<double> score, double rowThreshold, int cellBase, int k)
    {
        Vector256<long> keep = Vector256.LessThanOrEqual(score, Vector256.Create(rowThreshold)).AsInt64();
        if (_bins is null)
            return keep;
        ReadOnlySpan<double> cells = _bins.Scores;
        Vector256<double> cellThreshold;
        if (_cellsInGpuOrder && k + Vector256<double>.Count <= _gpuCount)
        {
            cellThreshold = Vector256.Create(cells.Slice(cellBase + k, Vector256<double>.Count));
        }
        else
        {
            ref int cell = ref MemoryMarshal.GetArrayDataReference(_gpuCell);
            cellThreshold = Vector256.Create(
                cells[cellBase + Unsafe.Add(ref cell, k)], cells[cellBase + Unsafe.Add(ref cell, k + 1)],
                cells[cellBase + Unsafe.Add(ref cell, k + 2)], cells[cellBase + Unsafe.Add(ref cell, k + 3)]);
        }
        return keep | Vector256.LessThanOrEqual(score, cellThreshold).AsInt64();
    }

    /// <summary>
    /// Of the lanes set in <paramref name="lanes"/>, those that could join the front as it stands (bit l for lane l).
    /// Checks the lanes' fastest and cheapest together first: a front point faster and cheaper than both dominates all.
    /// </summary>
    public uint FrontCandidates(in L0Lanes points, uint lanes)
    {
        if (_front is null || lanes == 0)
            return 0;
        double fastest = double.PositiveInfinity, cheapest = double.PositiveInfinity;
        for (uint rest = lanes; rest != 0; rest &= rest - 1)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(rest);
            fastest = Math.Min(fastest, points.WallClockDays.GetElement(lane));
            cheapest = Math.Min(cheapest, points.CostUsd.GetElement(lane));
        }
        if (!_front.MayJoin(fastest, cheapest))
            return 0;
        uint join = 0;
        for (uint rest = lanes; rest != 0; rest &= rest - 1)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(rest);
            if (_front.MayJoin(points.WallClockDays.GetElement(lane), points.CostUsd.GetElement(lane)))
                join |= 1u << lane;
        }
        return join;
    }
}
