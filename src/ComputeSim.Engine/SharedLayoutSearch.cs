using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// Prices L2 points on one CPU thread, sharing each layout search among the points that differ only in tokens,
/// utilisation or price (<see cref="CostModel.SearchLayout"/> depends on none of them).
/// </summary>
/// <remarks>
/// The GPUs axis varies fastest and tokens next, so along a block of points the searches repeat every GPUs-axis
/// length: one remembered search per GPU count, tagged with the accelerator, precision and model size it was made
/// for, catches every repeat along the tokens axis (and along utilisation and price when the tokens axis is short).
/// The result equals <see cref="GridSpec.Evaluate"/>'s bit for bit: the same search, priced by the same formulas.
/// </remarks>
public sealed class SharedLayoutSearch
{
    private readonly GridSpec _spec;
    private readonly long[] _tags;
    private readonly LayoutChoice[] _choices;
    // Each accelerator's L2 settings (GridSpec.ParallelAt), made on the first point: a copy per point would cost more than the
    // points that reuse a search.
    private ParallelSettings[]? _parallel;

    private readonly bool _exhaustive;

    /// <summary>A cache for one thread of a sweep over <paramref name="spec"/> (at L2).</summary>
    /// <param name="spec">The grid.</param>
    /// <param name="exhaustive">Search every point's layouts exhaustively (<see cref="LayoutSearch.Best"/>), sharing nothing:
    /// the same results, only to measure what the bounded, shared search saves.</param>
    public SharedLayoutSearch(in GridSpec spec, bool exhaustive = false)
    {
        _spec = spec;
        _exhaustive = exhaustive;
        _tags = new long[spec.Shape.Gpus];
        _choices = new LayoutChoice[spec.Shape.Gpus];
        Array.Fill(_tags, -1L);
    }

    /// <summary>Searches made so far (the rest of the points reused one).</summary>
    public long Searches { get; private set; }

    /// <summary>The point at <paramref name="index"/>, as <see cref="GridSpec.Evaluate"/> prices it.</summary>
    public PointResult Evaluate<TData>(long index, in TData data) where TData : struct, IGridData
    {
        GridShape shape = _spec.Shape;
        AxisIndices ix = shape.Decode(index);
        TrainingJob job = _spec.JobAt(ix, data);
        AcceleratorSpec hardware = data.Hardware(job.Hardware);
        ParallelSettings[] perHardware = _parallel ??= Settings(data);
        ref readonly ParallelSettings parallel = ref perHardware[job.Hardware];
        long tag = ((long)ix.Hardware * shape.Precision + ix.Precision) * shape.Params + ix.Params;
        if (_exhaustive)
        {
            TransformerShape model = parallel.ShapeFor(job.Parameters);
            LayoutChoice every = CostModel.CanPredict(hardware, job.Precision)
                ? LayoutSearch.Best(model, (int)job.Gpus, parallel.BatchFor(job.Gpus, model), hardware, job.Precision, parallel.Cluster, parallel.Space)
                : new LayoutChoice();
            Searches++;
            return _spec.EvaluatePredicted(job, hardware, parallel, every);
        }
        if (_tags[ix.Gpus] != tag)
        {
            _choices[ix.Gpus] = CostModel.SearchLayout(job, hardware, parallel, Hint(ix.Gpus, tag, job.Gpus));
            _tags[ix.Gpus] = tag;
            Searches++;
        }
        return _spec.EvaluatePredicted(job, hardware, parallel, _choices[ix.Gpus]);
    }

    private ParallelSettings[] Settings<TData>(in TData data) where TData : struct, IGridData
    {
        var settings = new ParallelSettings[_spec.Shape.Hardware];
        for (int h = 0; h < settings.Length; h++)
            settings[h] = _spec.ParallelAt(h, data);
        return settings;
    }

    // The fastest layout on the previous GPU count of the same search, its data-parallel degree scaled to these GPUs: the
    // best layouts of neighbouring cluster sizes are alike, so it bounds the search from the start (none: all zero).
    private Layout Hint(int gpusIndex, long tag, double gpus)
    {
        if (gpusIndex == 0 || _tags[gpusIndex - 1] != tag || _choices[gpusIndex - 1].Found == 0)
            return default;
        Layout previous = _choices[gpusIndex - 1].Layout;
        return previous with { Dp = (int)gpus / (previous.Tp * previous.Context * previous.Pp) };
    }
}
