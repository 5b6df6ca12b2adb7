using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>The grid's axis values, hardware table and each accelerator's cluster as host arrays.</summary>
public readonly struct HostGridData(double[] axisValues, AcceleratorSpec[] hardware, ClusterSpec[] clusters) : IGridData
{
    /// <inheritdoc />
    public double AxisValue(int i) => axisValues[i];

    /// <inheritdoc />
    public AcceleratorSpec Hardware(int i) => hardware[i];

    /// <inheritdoc />
    public ClusterSpec Cluster(int i) => clusters[i];
}

/// <summary>A validated sweep: the grid, its values, the hardware table and what to select.</summary>
public sealed class SweepProblem
{
    /// <summary>Builds a problem from axis values; throws <see cref="InputException"/> on an empty axis or an overflowing grid.</summary>
    /// <param name="hardware">Accelerators on the hardware axis, in axis order.</param>
    /// <param name="hardwareNames">Their names, same order.</param>
    /// <param name="precisions">Precision axis.</param>
    /// <param name="utilizations">Utilisation axis.</param>
    /// <param name="prices">Price axis in USD per GPU-hour, or null to use each accelerator's own price.</param>
    /// <param name="parameters">Params axis.</param>
    /// <param name="tokens">Tokens axis (tokens per param if <paramref name="tokensPerParam"/>).</param>
    /// <param name="tokensPerParam">Whether the tokens axis is a multiple of params.</param>
    /// <param name="gpus">GPUs axis.</param>
    /// <param name="assumptions">Job-wide assumptions.</param>
    /// <param name="selection">Objective and constraints.</param>
    /// <param name="parallel">L2 settings (default: L0, utilisation from the axis).</param>
    /// <param name="scaling">L3 settings (default: no loss prediction).</param>
    /// <param name="clusters">The cluster each accelerator runs on at L2, in axis order, or null to run every one on
    /// <paramref name="parallel"/>'s.</param>
    public SweepProblem(
        IReadOnlyList<AcceleratorSpec> hardware, IReadOnlyList<string> hardwareNames, IReadOnlyList<Precision> precisions,
        IReadOnlyList<double> utilizations, IReadOnlyList<double>? prices, IReadOnlyList<double> parameters,
        IReadOnlyList<double> tokens, bool tokensPerParam, IReadOnlyList<double> gpus,
        Assumptions assumptions, Selection selection, ParallelSettings parallel = default, ScalingSettings scaling = default,
        IReadOnlyList<ClusterSpec>? clusters = null)
    {
        Require(hardware.Count, "hardware");
        Require(precisions.Count, "precision");
        Require(utilizations.Count, "utilization");
        Require(parameters.Count, "params");
        Require(tokens.Count, "tokens");
        Require(gpus.Count, "gpus");
        if (hardwareNames.Count != hardware.Count)
            throw new ArgumentException("one name per accelerator", nameof(hardwareNames));
        if (clusters is not null && clusters.Count != hardware.Count)
            throw new ArgumentException("one cluster per accelerator", nameof(clusters));
        if (prices is { Count: 0 })
            throw new InputException("price_per_gpu_hour", "the axis is empty");
        double[] priceAxis = prices is null ? [0.0] : [.. prices];

        var shape = new GridShape(hardware.Count, precisions.Count, utilizations.Count, priceAxis.Length,
            parameters.Count, tokens.Count, gpus.Count);
        try
        {
            checked
            {
                _ = (long)shape.Hardware * shape.Precision * shape.Utilization * shape.Price * shape.Params * shape.Tokens * shape.Gpus;
            }
        }
        catch (OverflowException)
        {
            throw new InputException("the grid has more than 9.2e18 points; shorten an axis");
        }

        Spec = new GridSpec
        {
            Shape = shape,
            Assumptions = assumptions,
            TokensPerParam = tokensPerParam ? 1 : 0,
            PriceFromProfile = prices is null ? 1 : 0,
            // The first accelerator's cluster stands for the grid's where one is read for all (GridSpec.ParallelAt has each one's).
            Parallel = clusters is null ? parallel : parallel with { Cluster = clusters[0] },
            Scaling = scaling,
        };
        AxisValues =
        [
            .. Enumerable.Range(0, hardware.Count).Select(i => (double)i),
            .. precisions.Select(p => (double)(int)p),
            .. utilizations,
            .. priceAxis,
            .. parameters,
            .. tokens,
            .. gpus,
        ];
        Hardware = [.. hardware];
        Clusters = clusters is null ? [.. hardware.Select(_ => parallel.Cluster)] : [.. clusters];
        HardwareNames = [.. hardwareNames];
        Selection = selection;
    }

    /// <summary>The kernel-side description.</summary>
    public GridSpec Spec { get; }
    /// <summary>All axis values, concatenated in <see cref="Axis"/> order.</summary>
    public double[] AxisValues { get; }
    /// <summary>The hardware table.</summary>
    public AcceleratorSpec[] Hardware { get; }
    /// <summary>The cluster each accelerator runs on at L2, same order.</summary>
    public ClusterSpec[] Clusters { get; }
    /// <summary>Whether the accelerators run on more than one cluster.</summary>
    public bool MixesClusters => Clusters.Distinct().Count() > 1;
    /// <summary>Hardware names, same order.</summary>
    public string[] HardwareNames { get; }
    /// <summary>Objective and constraints.</summary>
    public Selection Selection { get; }
    /// <summary>Points in the grid.</summary>
    public long Total => Spec.Shape.Total;
    /// <summary>Host view of the data for <see cref="GridSpec.Evaluate{TData}"/>.</summary>
    public HostGridData Data => new(AxisValues, Hardware, Clusters);

    /// <summary>The job at an index (for output rows).</summary>
    public TrainingJob Job(long index) => Spec.Job(index, Data);

    /// <summary>Prices the point at an index on the host.</summary>
    public PointResult Evaluate(long index) => Spec.Evaluate(index, Data);

    /// <summary>Which hardware a point uses (its slowest axis).</summary>
    public int HardwareOf(long index) => (int)(index / Spec.Shape.PointsPerHardware);

    private static void Require(int count, string flag)
    {
        if (count == 0)
            throw new InputException(flag, $"the axis is empty");
    }
}
