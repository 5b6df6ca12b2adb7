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
    /// <para>The bounds: a step lasts at least its pipeline slots times its chunk and sends (P), plus the data-parallel
    /// traffic that P cannot hide or the slowdown that the hidden traffic costs, plus the optimizer. A layer is shortest with nothing recomputed and
    /// sequence parallelism on: recomputation only adds GEMMs, attention, element-wise passes and all-reduces, and
    /// sequence parallelism only shrinks the element-wise traffic. Exposed context-parallel traffic shrinks as
    /// recomputation lengthens the attention it hides behind, but attention plus that traffic still grows; when the
    /// software overlaps expert-parallel all-to-alls as well, that sum can shrink, so the bound then keeps only the
    /// layer's compute (GEMMs, attention, element-wise), which never does. The optimizer is shortest at the most sharded ZeRO
    /// stage. Memory: the model states alone at the most sharded stage do not depend on the micro-batch, so a base
    /// whose states exceed the device holds no layout that fits.</para>
    /// <para>The layer time of each micro-batch, recomputation and sequence parallelism is computed once and shared by
    /// the pipeline degrees, interleavings and ZeRO stages, which do not change it.</para>
    /// </remarks>
    public static LayoutChoice Fastest(in TransformerShape shape, int gpus, double globalBatch, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, in LayoutSpace space) =>
        Fastest(shape, gpus, globalBatch, hw, precision, cluster, space, default);

    /// <summary>
    /// <see cref="Fastest(in TransformerShape, int, double, in AcceleratorSpec, Precision, in ClusterSpec, in LayoutSpace)"/>,
    /// told a layout that is likely fast (e.g. the best on a neighbouring GPU count). If the search would visit it and it
    /// fits, its step time bounds the search from the start; the result is the same whatever the hint.
    /// </summary>
    public static LayoutChoice Fastest(in TransformerShape shape, int gpus, double globalBatch, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, in LayoutSpace space, in Layout hint)
    {
        var search = new BoundedSearch
        {
            In = new SearchInputs(shape, globalBatch, hw, precision, cluster, space),
            States = MemoryModel.States(precision, cluster),
            Ceiling = double.PositiveInfinity,
            StepFactor = StepModel.StepFactor(cluster, gpus),
        };
        if (Visits(shape, gpus, globalBatch, cluster, space, hint))
        {
            StepResult h = StepModel.Evaluate(shape, hint, globalBatch, hw, precision, cluster);
            if (h.Fits != 0)
                search.Ceiling = h.StepTimeSeconds;
        }
        ForEachBase(shape, gpus, cluster, space, ref search);
        return search.Kept.Choice;
    }

    /// <summary>Branch and bound under each base layout; keeps the fastest fitting layout in <see cref="Kept"/>.</summary>
    private struct BoundedSearch : IBaseSearch, IInnerSearch
    {
        public SearchInputs In;
        public ParameterStates States;
        public FastestLayout Kept;
        // The step time of a layout the search will visit (the hint's), or +∞: no layout slower than it can be kept.
        public double Ceiling;
        // What multiplies every layout's step on these GPUs (StepModel.StepFactor), so that a bound on the step's sum is one on the step.
        public double StepFactor;

        // Per micro-batch: the logit seconds, the least layer seconds of any recomputation and sequence parallelism,
        // and the layer seconds of each, once computed (kept in _times for the bases with the same t, c and e);
        // per interleaving: the least slots × chunk.
        private double _logits, _fastestLayer, _send;
        private LayerTimes _layers;
        private LayerTimeCache _times;
        private int _slot;
        private double _lowestPipeline;
        // Per micro-batch: each ZeRO stage's data-parallel and optimizer seconds (the same for every layout under it).
        private ZeroCosts _zeroCosts;

        public void Search(in Layout baseLayout)
        {
            _times.Enter(baseLayout);
            double states = MemoryModel.StatesPerGpu(In.Shape, baseLayout, MostShardedZero, States).TotalBytes;
            if (states > In.Hardware.MemoryBytes)
                return;
            // Whatever the micro-batch, a step lasts at least its data-parallel traffic and optimizer (ZeRO 3 only adds to stage 2's traffic).
            if (Bounding)
            {
                double least = double.PositiveInfinity;
                for (int z = 0; z <= 3; z++)
                {
                    if (In.Space.Zero >= 0 && z != In.Space.Zero)
                        continue;
                    var l = baseLayout with { Zero = z < 3 ? z : 2 };
                    double traffic = In.Cluster.DpOverlap <= 1.0 ? StepModel.DataParallelSeconds(In.Shape, l, 1.0, In.Hardware, In.Cluster) : 0.0;
                    least = Math.Min(least, traffic + StepModel.OptimizerSeconds(In.Shape, baseLayout with { Zero = z }, In.Hardware, In.Precision, In.Cluster));
                }
                if (!CouldBeat(least))
                    return;
            }
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
            _slot = _times.Slot(l, In.Space);
            MicroBatchTimes known = _times.Get(_slot);
            if (known.Known == 0)
            {
                known = new MicroBatchTimes
                {
                    Known = 1, Logits = StepModel.LogitSeconds(In.Shape, l, In.Hardware, In.Precision, In.Cluster), Fastest = LowestLayerSeconds(fastest),
                };
                _times.Set(_slot, known);
            }
            _logits = known.Logits;
            _fastestLayer = known.Fastest;
            _layers = known.Layers;
            _send = StepModel.ExposedSendSeconds(In.Shape, l, In.Hardware, In.Cluster);
            for (int z = 0; z <= 3; z++)
            {
                var lz = l with { Zero = z };
                _zeroCosts.Set(z, StepModel.DataParallelSeconds(In.Shape, lz, microBatches, In.Hardware, In.Cluster), StepModel.OptimizerSeconds(In.Shape, lz, In.Hardware, In.Precision, In.Cluster));
            }
            if (!Bounding)
                return true;
            InterleaveRange(In.Space, out int vFirst, out int vLast);
            double least = double.PositiveInfinity;
            for (int v = vFirst; v <= vLast; v++)
            {
                double pipeline = PipelineBound(fastest with { Interleave = v }, microBatches);
                for (int z = 0; z <= 3; z++)
                {
                    if (In.Space.Zero < 0 || z == In.Space.Zero)
                        least = Math.Min(least, StepBound(fastest with { Interleave = v, Zero = z }, microBatches, pipeline));
                }
            }
            return CouldBeat(least);
        }

        public bool EnterInterleave(in Layout l, double microBatches)
        {
            _lowestPipeline = PipelineBound(l, microBatches);
            if (!Bounding)
                return true;
            double least = double.PositiveInfinity;
            for (int z = 0; z <= 3; z++)
            {
                if (In.Space.Zero < 0 || z == In.Space.Zero)
                    least = Math.Min(least, StepBound(l with { Zero = z }, microBatches, _lowestPipeline));
            }
            return CouldBeat(least);
        }

        public void Layout(in Layout candidate, double microBatches)
        {
            // The bound holds for any recomputed share, so the recomputed layers are solved for only where it does not prune.
            if (Bounding && !CouldBeat(StepBound(candidate, microBatches, _lowestPipeline)))
                return;
            Layout layout = candidate;
            if (!ResolveRecompute(In, ref layout, microBatches, out int fits) || fits == 0)
                return;
            if (fits < 0 && MemoryModel.PerGpu(In.Shape, layout, microBatches, In.Precision, In.Cluster).TotalBytes > In.Hardware.MemoryBytes)
                return;
            double layer = layout.Recompute != Recompute.Partial
                ? WholeLayerSeconds(layout)
                : StepModel.PartialLayerSeconds(In.Shape, layout, WholeLayerSeconds(layout with { Recompute = Recompute.None, RecomputedLayers = 0 }),
                    WholeLayerSeconds(layout with { Recompute = Recompute.Full, RecomputedLayers = 0 }));
            StepResult r = StepModel.Evaluate(In.Shape, layout, In.GlobalBatch, In.Hardware, In.Precision, In.Cluster, StepModel.ChunkSeconds(In.Shape, layout, layer, _logits));
            Kept.Visit(layout, r);
        }

        // The layer seconds of a layout with no, selective, full or MLP recomputation, computed once per micro-batch and kept.
        private double WholeLayerSeconds(in Layout layout)
        {
            int rc = (int)layout.Recompute;
            double layer = _layers.Get(rc, layout.SequenceParallel);
            if (layer < 0)
            {
                layer = StepModel.LayerSeconds(In.Shape, layout, In.Hardware, In.Precision, In.Cluster);
                _layers.Set(rc, layout.SequenceParallel, layer);
                _times.SetLayers(_slot, _layers);
            }
            return layer;
        }

        // Pipeline slots times the least chunk of this micro-batch and interleaving, and its sends.
        private readonly double PipelineBound(in Layout l, double microBatches) =>
            StepModel.PipelineSlots(l, microBatches) * (StepModel.ChunkSeconds(In.Shape, l, _fastestLayer, _logits) + _send);

        // A step is its pipeline P, the data-parallel traffic D less what P hides (o·P, never below 0), the slowdown s of what it
        // hides, and the optimizer: P + (1 − s)·max(0, D − o·P) + s·D, at least max(P + s·D, D + (1 − o)·P), which grows with P
        // when o ≤ 1, so a least P gives a least step.
        private readonly double StepBound(in Layout layout, double microBatches, double pipeline)
        {
            double overlap = In.Cluster.DpOverlap;
            double step = pipeline;
            if (overlap <= 1.0)
            {
                double traffic = _zeroCosts.DataParallel(layout.Zero);
                step = Math.Max(pipeline + Math.Min(1.0, In.Cluster.OverlapSlowdown) * traffic, traffic + (1.0 - overlap) * pipeline);
            }
            return step + _zeroCosts.Optimizer(layout.Zero);
        }

        // At most the layer seconds of every recomputation mode and sequence parallelism, given the least of both in `fastest`.
        private readonly double LowestLayerSeconds(in Layout fastest)
        {
            if (In.Cluster.TpCommOverlap == 0)
                return StepModel.LayerSeconds(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster);
            double dense = ComputeSeconds(LayerModel.Evaluate(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster, false));
            return In.Shape.IsMoe ? StepModel.AverageLayer(In.Shape, dense, ComputeSeconds(LayerModel.Evaluate(In.Shape, fastest, In.Hardware, In.Precision, In.Cluster, true))) : dense;
        }

        private static double ComputeSeconds(in LayerTime t) => t.GemmSeconds + t.AttentionSeconds + t.ElementwiseSeconds;

        // A layout whose step is at least StepFactor · `lowerBound` can replace the best only if that bound, lowered by the margin, is below it.
        private readonly bool CouldBeat(double lowerBound)
        {
            double lowered = lowerBound * StepFactor * (1.0 - BoundMargin);
            return lowered <= Ceiling && (Kept.Choice.Found == 0 || lowered < Kept.Choice.Step.StepTimeSeconds);
        }

        // Whether anything bounds the search yet.
        private readonly bool Bounding => Kept.Choice.Found != 0 || Ceiling < double.PositiveInfinity;
    }

    /// <summary>True if a search of <paramref name="space"/> on <paramref name="gpus"/> GPUs visits <paramref name="layout"/>; under
    /// partial recomputation, whatever its recomputed layers, and where an open search's full recomputation stands (if it fits, the
    /// search's own layout there recomputes no more, so is no slower).</summary>
    public static bool Visits(in TransformerShape shape, int gpus, double globalBatch, in ClusterSpec cluster, in LayoutSpace space, in Layout layout)
    {
        var find = new FindLayout { Shape = shape, GlobalBatch = globalBatch, Cluster = cluster, Space = space, Wanted = layout };
        ForEachBase(shape, gpus, cluster, space, ref find);
        return find.Found;
    }

    /// <summary>Looks for one layout in the enumeration, entering only its base and micro-batch.</summary>
    private struct FindLayout : IBaseSearch, IInnerSearch
    {
        public TransformerShape Shape;
        public double GlobalBatch;
        public ClusterSpec Cluster;
        public LayoutSpace Space;
        public Layout Wanted;
        public bool Found;

        public void Search(in Layout b)
        {
            if (b.Tp == Wanted.Tp && b.Pp == Wanted.Pp && b.Dp == Wanted.Dp && b.Cp == Wanted.Cp && b.Ep == Wanted.Ep)
                ForEachInner(Shape, b, GlobalBatch, Cluster, Space, ref this);
        }

        public readonly bool EnterMicroBatch(in Layout l, double microBatches) => l.MicroBatch == Wanted.MicroBatch;

        public readonly bool EnterInterleave(in Layout l, double microBatches) => l.Interleave == Wanted.Interleave;

        public void Layout(in Layout layout, double microBatches) =>
            Found |= (layout.Recompute == Wanted.Recompute || (layout.Recompute == Recompute.Full && Wanted.Recompute == Recompute.Partial))
                && layout.SequenceParallel == Wanted.SequenceParallel && layout.Zero == Wanted.Zero;
    }

    /// <summary>Data-parallel and optimizer seconds of ZeRO stages 0–3 under one base and micro-batch.</summary>
    private struct ZeroCosts
    {
        private double _d0, _d1, _d2, _d3, _o0, _o1, _o2, _o3;

        public readonly double DataParallel(int z) => z switch { 0 => _d0, 1 => _d1, 2 => _d2, _ => _d3 };

        public readonly double Optimizer(int z) => z switch { 0 => _o0, 1 => _o1, 2 => _o2, _ => _o3 };

        public void Set(int z, double dataParallel, double optimizer)
        {
            switch (z)
            {
                case 0: _d0 = dataParallel; _o0 = optimizer; break;
                case 1: _d1 = dataParallel; _o1 = optimizer; break;
                case 2: _d2 = dataParallel; _o2 = optimizer; break;
                default: _d3 = dataParallel; _o3 = optimizer; break;
            }
        }
    }
}
