using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>The grid's axis values and hardware table as device views.</summary>
public readonly struct DeviceGridData(ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware) : IGridData
{
    /// <inheritdoc />
    public double AxisValue(int i) => axisValues[i];

    /// <inheritdoc />
    public AcceleratorSpec Hardware(int i) => hardware[i];
}
