using ComputeSim.Kernels;
using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Tests.Kernels;

/// <summary>
/// Kernels that must not compile for a GPU, to prove the checks can fail. They live in the test assembly,
/// which <see cref="KernelCatalog"/> does not scan. Each is a trap recorded in the project's ILGPU notes.
/// </summary>
public static class BrokenKernels
{
    /// <summary><see cref="Math.Clamp(double, double, double)"/> contains a throw: ILGPU rejects it on every backend.</summary>
    public static void Clamp(ArrayView<double> values)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < values.IntLength; i += stride)
            values[i] = Math.Clamp(values[i], 0.0, 1.0);
    }

    /// <summary>
    /// <see cref="Math.Cbrt"/> passes ILGPU's OpenCL backend but names a function OpenCL C does not declare:
    /// only a C compiler finds it.
    /// </summary>
    public static void CubeRoot(ArrayView<double> values)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < values.IntLength; i += stride)
            values[i] = Math.Cbrt(values[i]);
    }

    /// <summary>The signature of <see cref="SweepKernels.Reduce"/> with a body that cannot compile.</summary>
    public static void Reduce(GridSpec grid, Selection selection, ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware,
        ArrayView<ClusterSpec> clusters, long start, int count, ReductionViews views)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < count; i += stride)
            views.Thresholds[i] = Math.Clamp(axisValues[i], 0.0, hardware.Length);
    }
}
