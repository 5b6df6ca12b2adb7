namespace ComputeSim.Model;

/// <summary>Everything a kernel needs to turn an index into a priced point, apart from the value arrays.</summary>
public readonly struct GridSpec
{
    /// <summary>Axis lengths.</summary>
    public GridShape Shape { get; init; }
    /// <summary>Job-wide assumptions.</summary>
    public Assumptions Assumptions { get; init; }
    /// <summary>1 if the tokens axis holds tokens per parameter (e.g. 20 for "20x"), else 0.</summary>
    public int TokensPerParam { get; init; }
    /// <summary>1 if each accelerator's own price is used (the price axis then holds a single unused 0).</summary>
    public int PriceFromProfile { get; init; }
    /// <summary>L2 settings; <see cref="ParallelSettings.Enabled"/> 0 keeps the L0 model. Its cluster is the first
    /// accelerator's; each accelerator's own is <see cref="IGridData.Cluster"/> (<see cref="ParallelAt"/>).</summary>
    public ParallelSettings Parallel { get; init; }
    /// <summary>L3 settings; <see cref="ScalingSettings.Enabled"/> 0 leaves loss and inference cost at 0.</summary>
    public ScalingSettings Scaling { get; init; }

    /// <summary>The job at a flat index.</summary>
    public TrainingJob Job<TData>(long index, in TData data) where TData : struct, IGridData =>
        JobAt(Shape.Decode(index), data);

    /// <summary>The job at decoded axis indices (a row walker decodes once and steps the indices).</summary>
    public TrainingJob JobAt<TData>(in AxisIndices ix, in TData data) where TData : struct, IGridData
    {
        double parameters = data.AxisValue(Shape.Offset(Axis.Params) + ix.Params);
        double price = data.AxisValue(Shape.Offset(Axis.Price) + ix.Price);
        int hardware = (int)data.AxisValue(Shape.Offset(Axis.Hardware) + ix.Hardware);
        if (PriceFromProfile != 0)
            price = data.Hardware(hardware).PricePerGpuHourUsd;
        return new TrainingJob
        {
            Parameters = parameters,
            Tokens = TokensAt(ix.Tokens, parameters, data),
            Gpus = data.AxisValue(Shape.Offset(Axis.Gpus) + ix.Gpus),
            Hardware = hardware,
            Precision = (Precision)(int)data.AxisValue(Shape.Offset(Axis.Precision) + ix.Precision),
            Utilization = data.AxisValue(Shape.Offset(Axis.Utilization) + ix.Utilization),
            PricePerGpuHourUsd = price,
        };
    }

    /// <summary>
    /// 1 when every point is priced by the L0 formulas alone (no L2 layout search, no L3 loss step): then a row's
    /// points follow from <see cref="RowAt"/>, which the row shortcuts use instead of <see cref="Evaluate"/>.
    /// </summary>
    public int RowsPriceAtL0 => Parallel.Enabled == 0 && Scaling.Enabled == 0 ? 1 : 0;

    /// <summary>The GPU-independent part of the L0 model for the row holding <paramref name="ix"/>.</summary>
    public L0Row RowAt<TData>(in AxisIndices ix, in TData data) where TData : struct, IGridData
    {
        TrainingJob job = JobAt(ix, data);
        return L0Row.Of(job, data.Hardware(job.Hardware), Assumptions);
    }

    /// <summary>Training tokens at position <paramref name="tokensIndex"/> of the tokens axis, for a model of <paramref name="parameters"/>.</summary>
    public double TokensAt<TData>(int tokensIndex, double parameters, in TData data) where TData : struct, IGridData
    {
        double tokens = data.AxisValue(Shape.Offset(Axis.Tokens) + tokensIndex);
        return TokensPerParam != 0 ? tokens * parameters : tokens;
    }

    /// <summary>Decodes and prices the point at a flat index: the one per-point step every backend runs.</summary>
    public PointResult Evaluate<TData>(long index, in TData data) where TData : struct, IGridData
    {
        TrainingJob job = Job(index, data);
        AcceleratorSpec hardware = data.Hardware(job.Hardware);
        PointResult r = Parallel.Enabled != 0
            ? CostModel.EvaluatePredicted(job, hardware, Assumptions, ParallelAt(job.Hardware, data))
            : CostModel.Evaluate(job, hardware, Assumptions);
        return Scaling.Enabled != 0 ? LossModel.Annotate(r, job, Assumptions, Scaling) : r;
    }

    /// <summary>The L2 settings of the accelerator at position <paramref name="hardware"/>: <see cref="Parallel"/> on that
    /// accelerator's cluster.</summary>
    public ParallelSettings ParallelAt<TData>(int hardware, in TData data) where TData : struct, IGridData =>
        Parallel with { Cluster = data.Cluster(hardware) };

    /// <summary>
    /// <see cref="Evaluate"/> at level L2 for a <paramref name="job"/> whose layout search is already done on
    /// <paramref name="parallel"/> (<see cref="ParallelAt"/> of the job's accelerator): the same result when
    /// <paramref name="choice"/> is <see cref="CostModel.SearchLayout"/>'s for the job.
    /// </summary>
    public PointResult EvaluatePredicted(in TrainingJob job, in AcceleratorSpec hardware, in ParallelSettings parallel, in LayoutChoice choice)
    {
        PointResult r = CostModel.EvaluatePredicted(job, hardware, Assumptions, parallel, choice);
        return Scaling.Enabled != 0 ? LossModel.Annotate(r, job, Assumptions, Scaling) : r;
    }
}
