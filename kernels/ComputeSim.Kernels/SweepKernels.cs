using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>ILGPU entry points. They only decode their index and call the model: no formula lives here.</summary>
public static class SweepKernels
{
    /// <summary>
    /// Prices points <c>[start, start + count)</c> into <paramref name="output"/>, one per slot.
    /// </summary>
    /// <remarks>
    /// Explicitly grouped grid-stride loop: ILGPU's CPU accelerator runs implicitly grouped kernels
    /// ~100× slower (a barrier after every group), and a 64-bit <paramref name="start"/> lets grids
    /// pass 2^31 points while each launch stays within <see cref="int"/> slots.
    /// </remarks>
    public static void Evaluate(
        GridSpec grid, ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware, ArrayView<ClusterSpec> clusters,
        long start, int count, ArrayView<PointResult> output)
    {
        var data = new DeviceGridData(axisValues, hardware, clusters);
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
            output[i] = grid.Evaluate(start + i, data);
    }

    /// <summary>
    /// Reduces points <c>[start, start + count)</c> on the device: counts the admissible ones and writes
    /// out only candidates, the admissible points that could change a reduction by the host's bounds
    /// (<see cref="KeepBounds.MayKeep"/>). Everything else stays on the device.
    /// </summary>
    /// <remarks>
    /// A thread takes a row at a time (the points that differ only in GPUs), so at L0 the index is
    /// decoded and the GPU-independent part of the model (<see cref="L0Row"/>) computed once per row.
    /// </remarks>
    public static void Reduce(
        GridSpec grid, Selection selection, ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware,
        ArrayView<ClusterSpec> clusters, long start, int count, ReductionViews views)
    {
        var data = new DeviceGridData(axisValues, hardware, clusters);
        int stride = Grid.DimX * Group.DimX;
        int gpus = grid.Shape.Gpus;
        long end = start + count;
        long firstRow = start / gpus;
        long rows = (end - 1) / gpus - firstRow + 1;
        int gpusOffset = grid.Shape.Offset(Axis.Gpus);
        long admissible = 0;
        for (long s = Grid.GlobalIndex.X; s < rows; s += stride)
        {
            long rowStart = (firstRow + s) * gpus;
            long lo = rowStart > start ? rowStart : start;
            long hi = rowStart + gpus < end ? rowStart + gpus : end;
            int hw = (int)(rowStart / grid.Shape.PointsPerHardware);
            // L2 points search layouts and planning points add their loss: both are priced one by one.
            if (grid.RowsPriceAtL0 == 0)
            {
                for (long i = lo; i < hi; i++)
                    Consider(selection, views, i, hw, grid.Evaluate(i, data), ref admissible);
            }
            else
            {
                L0Row row = grid.RowAt(grid.Shape.Decode(rowStart), data);
                for (long i = lo; i < hi; i++)
                    Consider(selection, views, i, hw, row.At(data.AxisValue(gpusOffset + (int)(i - rowStart))), ref admissible);
            }
        }
        Atomic.Add(ref views.Counters[1], admissible);
    }

    private static void Consider(in Selection selection, in ReductionViews views, long index, int hw, in PointResult r, ref long admissible)
    {
        if (!selection.Admits(r))
            return;
        admissible++;
        if (!KeepBounds.MayKeep(views, index, hw, selection.Value(r), r.WallClockDays, r.CostUsd))
            return;
        long slot = Atomic.Add(ref views.Counters[0], 1L);
        if (slot < views.CandidateIndex.Length)
        {
            views.CandidateIndex[slot] = index;
            views.CandidateResult[slot] = r;
        }
    }
}
