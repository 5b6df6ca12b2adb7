namespace ComputeSim.Model;

public static partial class LayoutSearch
{
    /// <summary>
    /// Share by which a computed lower bound is lowered before it may prune: far above the rounding of the few dozen
    /// operations behind a step time (about 1e-14 relative), so a bound that is mathematically at most a layout's
    /// step time stays below it as computed.
    /// </summary>
    public const double BoundMargin = 1e-9;

    /// <summary>
    /// The same layout and step as <see cref="Best"/> (bit for bit), by branch and bound: layouts that cannot fit or
    /// cannot beat the fastest found so far are not priced. <see cref="LayoutChoice.Evaluated"/> counts the layouts priced.
    /// </summary>
    /// <remarks>
    /// <para>Layouts are visited in <see cref="Search"/>'s order and a later one replaces the best only when strictly
    /// faster, so a layout is skipped only when a lower bound on its step time is at least the best step time.</para>
    /// <para>The bounds: a step lasts at least its pipeline slots times its chunk, plus the optimizer (the point-to-point
    /// sends and the exposed data-parallel traffic are never negative). A layer is shortest with nothing recomputed and
    /// sequence parallelism on: recomputation only adds GEMMs, attention, element-wise passes and all-reduces, and
    /// sequence parallelism only shrinks the element-wise traffic. Exposed context-parallel traffic shrinks as
    /// recomputation lengthens the attention it hides behind, but attention plus that traffic still grows; when the
    /// software overlaps expert-parallel all-to-alls as well, that sum can shrink, so the bound then keeps only the
    /// layer's compute (GEMMs, attention, element-wise), which never does. The optimizer is shortest at the most sharded ZeRO
    /// stage. Memory: the model states alone at the most sharded stage do not depend on the micro-batch, so a base
    /// whose states exceed the device holds no layout that fits.</para>
    /// <para>The layer time of each micro-batch, recomputation and sequence parallelism is computed once and shared by
    /// the interleavings and ZeRO stages, which do not change it.</para>
    /// </remarks>
    public static LayoutChoice Fastest(in TransformerShape shape, int gpus, double globalBatch, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, in LayoutSpace space)
    {
        var search = new BoundedSearch
        {
            In = new SearchInputs(shape, globalBatch, hw, precision, cluster, space),
            FullPrecision = precision == Precision.Fp32 || precision == Precision.Fp64,
        };
        ForEachBase(shape, gpus, cluster, space, ref search);
        return search.Kept.Choice;
    }

    /// <summary>Branch and bound under each base layout; keeps the fastest fitting layout in <see cref="Kept"/>.</summary>
    private struct BoundedSearch : IBaseSearch, IInnerSearch
    {
        public SearchInputs In;
        public bool FullPrecision;
        public FastestLayout Kept;

        // Per micro-batch: the logit seconds, the least layer seconds of any recomputation and sequence parallelism,
        // and the layer seconds of each, once computed; per interleaving: the least slots × chunk.
        private double _logits, _fastestLayer;
        private LayerTimes _layers;
        private double _lowestPipeline;

        public void Search(in Layout baseLayout)
        {
            double states = MemoryModel.ModelStates(MemoryModel.ParametersPerGpu(In.Shape, baseLayout), (double)baseLayout.Dp * baseLayout.Context,
                MostShardedZero, FullPrecision).TotalBytes;
            if (states <= In.Hardware.MemoryBytes)
                ForEachInner(In.Shape, baseLayout, In.GlobalBatch, In.Cluster, In.Space, ref this);
        }

        private readonly int MostShardedZero => In.Space.Zero >= 0 ? In.Space.Zero : 3;

        public bool EnterMicroBatch(in Layout l, double microBatches)
        {
            if (microBatches < 1)
                return false;
            var fastest = l with
            {
                Recompute = (Recompute)(In.Space.Recompute >= 0 ? In.Space.Recompute : 0),
                SequenceParallel = In.Space.SequenceParallel >= 0 ? In.Space.SequenceParallel : 1,
                Zero = MostShardedZero,
            };
            _logits = StepModel.LogitSeconds(In.Shape, l, In.Hardware, In.Precision, In.Cluster);
            _fastestLayer = LowestLayerSeconds(fastest);
            _layers = new LayerTimes();
            if (Kept.Choice.Found == 0)
                return true;
            InterleaveRange(In.Space, out int vFirst, out int vLast);
            double least = double.PositiveInfinity;
            for (int v = vFirst; v <= vLast; v++)
                least = Math.Min(least, PipelineBound(fastest with { Interleave = v }, microBatches));
            return CouldBeat(least + StepModel.OptimizerSeconds(In.Shape, fastest, In.Hardware));
        }

        public void EnterInterleave(in Layout l, double microBatches) => _lowestPipeline = PipelineBound(l, microBatches);

        public void Layout(in Layout layout, double microBatches)
        {
            if (Kept.Choice.Found != 0 && !CouldBeat(_lowestPipeline + StepModel.OptimizerSeconds(In.Shape, layout, In.Hardware)))
                return;
            if (MemoryModel.PerGpu(In.Shape, layout, microBatches, FullPrecision, In.Cluster.FlashAttention).TotalBytes > In.Hardware.MemoryBytes)
                return;
            int rc = (int)layout.Recompute;
            double layer = _layers.Get(rc, layout.SequenceParallel);
            if (layer < 0)
            {
                layer = StepModel.LayerSeconds(In.Shape, layout, In.Hardware, In.Precision, In.Cluster);
                _layers.Set(rc, layout.SequenceParallel, layer);
            }
            StepResult r = StepModel.Evaluate(In.Shape, layout, In.GlobalBatch, In.Hardware, In.Precision, In.Cluster, StepModel.ChunkSeconds(In.Shape, layout, layer, _logits));
            Kept.Visit(layout, r);
        }

        // Pipeline slots times the least chunk of this micro-batch and interleaving.
        private readonly double PipelineBound(in Layout l, double microBatches) =>
            (microBatches * l.Interleave + l.Pp - 1.0) * StepModel.ChunkSeconds(In.Shape, l, _fastestLayer, _logits);

        // At most the layer seconds of every recomputation mode and sequence parallelism, given the least of both in `fastest`.
        private readonly double LowestLayerSeconds(in Layout fastest)
        {
            if (In.Cluster.TpCommOverlap == 0)
                return StepModel.LayerSeconds(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster);
            double dense = ComputeSeconds(LayerModel.Evaluate(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster, false));
            return In.Shape.IsMoe ? StepModel.AverageLayer(In.Shape, dense, ComputeSeconds(LayerModel.Evaluate(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster, true))) : dense;
        }

        private static double ComputeSeconds(in LayerTime t) => t.GemmSeconds + t.AttentionSeconds + t.ElementwiseSeconds;

        // A layout whose step is at least `lowerBound` can replace the best only if the bound, lowered by the margin, is below it.
        private readonly bool CouldBeat(double lowerBound) => lowerBound * (1.0 - BoundMargin) < Kept.Choice.Step.StepTimeSeconds;
    }

    /// <summary>Layer seconds per recomputation mode and sequence parallelism, computed when first needed (−1: not yet).</summary>
    private struct LayerTimes
    {
        private double _n0, _n1, _s0, _s1, _f0, _f1;
        private int _known;

        public readonly double Get(int rc, int sp) => (_known & (1 << (2 * rc + sp))) == 0 ? -1.0 : (rc * 2 + sp) switch
        {
            0 => _n0, 1 => _n1, 2 => _s0, 3 => _s1, 4 => _f0, _ => _f1,
        };

        public void Set(int rc, int sp, double seconds)
        {
            switch (rc * 2 + sp)
            {
                case 0: _n0 = seconds; break;
                case 1: _n1 = seconds; break;
                case 2: _s0 = seconds; break;
                case 3: _s1 = seconds; break;
                case 4: _f0 = seconds; break;
                default: _f1 = seconds; break;
            }
            _known |= 1 << (2 * rc + sp);
        }
    }
}
