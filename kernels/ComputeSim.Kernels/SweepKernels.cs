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
        GridSpec grid, ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware,
        long start, int count, ArrayView<PointResult> output)
    {
        var data = new DeviceGridData(axisValues, hardware);
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
            output[i] = grid.Evaluate(start + i, data);
    }
}
