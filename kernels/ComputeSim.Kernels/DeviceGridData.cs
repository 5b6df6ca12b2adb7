using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>The grid's axis values, hardware table and each accelerator's cluster as device views.</summary>
public readonly struct DeviceGridData(ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware, ArrayView<ClusterSpec> clusters) : IGridData
{
    /// <inheritdoc />
    public double AxisValue(int i) => axisValues[i];

    /// <inheritdoc />
    public AcceleratorSpec Hardware(int i) => hardware[i];

    /// <inheritdoc />
    public ClusterSpec Cluster(int i) => clusters[i];
}
