namespace ComputeSim.Model;

/// <summary>The swept axes, slowest-varying first: a point's index is mixed-radix in this order.</summary>
public enum Axis
{
    /// <summary>Accelerator (index into the grid's hardware table).</summary>
    Hardware = 0,
    /// <summary>Precision code (<see cref="Model.Precision"/> as a number).</summary>
    Precision = 1,
    /// <summary>Utilisation (MFU).</summary>
    Utilization = 2,
    /// <summary>Price per GPU-hour, USD (a single 0 when the profiles' prices are used).</summary>
    Price = 3,
    /// <summary>Model parameters.</summary>
    Params = 4,
    /// <summary>Tokens, or tokens per parameter.</summary>
    Tokens = 5,
    /// <summary>GPUs in the cluster (fastest-varying).</summary>
    Gpus = 6,
}

/// <summary>Where one grid point lies on each axis.</summary>
public readonly struct AxisIndices
{
    /// <summary>Index on the hardware axis.</summary>
    public int Hardware { get; init; }
    /// <summary>Index on the precision axis.</summary>
    public int Precision { get; init; }
    /// <summary>Index on the utilisation axis.</summary>
    public int Utilization { get; init; }
    /// <summary>Index on the price axis.</summary>
    public int Price { get; init; }
    /// <summary>Index on the params axis.</summary>
    public int Params { get; init; }
    /// <summary>Index on the tokens axis.</summary>
    public int Tokens { get; init; }
    /// <summary>Index on the GPUs axis.</summary>
    public int Gpus { get; init; }

    /// <summary>Index on <paramref name="axis"/>.</summary>
    public int On(Axis axis) => axis switch
    {
        Axis.Hardware => Hardware,
        Axis.Precision => Precision,
        Axis.Utilization => Utilization,
        Axis.Price => Price,
        Axis.Params => Params,
        Axis.Tokens => Tokens,
        _ => Gpus,
    };
}

/// <summary>How the axis values, the hardware table and each accelerator's cluster are reached: arrays on the host, views on a
/// device.</summary>
public interface IGridData
{
    /// <summary>The value at flat position <paramref name="i"/> of the concatenated axis values.</summary>
    double AxisValue(int i);

    /// <summary>The accelerator at position <paramref name="i"/> of the hardware table.</summary>
    AcceleratorSpec Hardware(int i);

    /// <summary>The cluster and software the accelerator at position <paramref name="i"/> runs on at level L2 (its reference
    /// cluster unless one was named for all).</summary>
    ClusterSpec Cluster(int i);
}
