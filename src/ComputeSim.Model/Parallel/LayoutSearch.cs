namespace ComputeSim.Model;

/// <summary>Which layouts a search may try: a value above 0 (or at least 0 for enums and flags) fixes that choice.</summary>
public readonly struct LayoutSpace
{
    /// <summary>Largest micro-batch tried (powers of two up to it).</summary>
    public const int MaxMicroBatch = 16;
    /// <summary>Largest number of interleaved chunks tried.</summary>
    public const int MaxInterleave = 8;

    /// <summary>Fixed tensor-parallel degree, or 0 to search powers of two up to the node size.</summary>
    public int Tp { get; init; }
    /// <summary>Fixed pipeline degree, or 0 to search divisors of the layers.</summary>
    public int Pp { get; init; }
    /// <summary>Fixed micro-batch, or 0 to search powers of two up to <see cref="MaxMicroBatch"/>.</summary>
    public int MicroBatch { get; init; }
    /// <summary>Fixed interleaving, or 0 to search 1..<see cref="MaxInterleave"/>.</summary>
    public int Interleave { get; init; }
    /// <summary>Fixed <see cref="Model.Recompute"/> as an int, or −1 to search.</summary>
    public int Recompute { get; init; }
    /// <summary>Fixed sequence parallelism (0/1), or −1 to search.</summary>
    public int SequenceParallel { get; init; }
    /// <summary>Fixed ZeRO stage, or −1 to search 0..3.</summary>
    public int Zero { get; init; }
    /// <summary>Fixed context-parallel degree, or 0 to search powers of two (only for sequences of <see cref="MinSearchedCpSeqLen"/> or more).</summary>
    public int Cp { get; init; }
    /// <summary>Fixed expert-parallel degree, or 0 to search powers of two dividing the experts (MoE shapes only).</summary>
    public int Ep { get; init; }

    /// <summary>Shortest sequence for which context parallelism is searched: shorter ones are split by the micro-batch instead.
    /// NVIDIA's Llama 3.1 405B recipes at 8,192 tokens run CP 2 (DGX Cloud, MLPerf Training 5.0), and the model rates them up
    /// to 28% faster than any layout without it (docs/calibration.md, part 22).</summary>
    public const int MinSearchedCpSeqLen = 8192;
    /// <summary>Largest context-parallel degree tried.</summary>
    public const int MaxCp = 32;

    /// <summary>Everything open.</summary>
    public static LayoutSpace Open => new() { Recompute = -1, SequenceParallel = -1, Zero = -1 };

    /// <summary>True where the search chooses the whole split (tensor, pipeline, context and expert degrees) and the micro-batch, as
    /// an estimate without layout options does: the layouts whose record is the search's, not the published layouts'.</summary>
    public bool SplitSearched => Tp == 0 && Pp == 0 && Cp == 0 && Ep == 0 && MicroBatch == 0;

    /// <summary>The one context-parallel degree this space allows for sequences of <paramref name="seqLen"/>: the fixed one, 1 where
    /// a sequence is too short for the search to split (<see cref="MinSearchedCpSeqLen"/>), else 0 (searched up to
    /// <see cref="MaxCp"/>).</summary>
    public int OnlyCp(int seqLen) => Cp > 0 ? Cp : seqLen < MinSearchedCpSeqLen ? 1 : 0;
}

/// <summary>The fastest layout that fits, and what it predicts.</summary>
public struct LayoutChoice
{
    /// <summary>The layout (all zero if none fits).</summary>
    public Layout Layout;
    /// <summary>Its prediction.</summary>
    public StepResult Step;
    /// <summary>Layouts evaluated.</summary>
    public int Evaluated;
    /// <summary>1 if some valid layout fits in memory.</summary>
    public int Found;
}

/// <summary>Receives every valid layout a search evaluates.</summary>
public interface ILayoutVisitor
{
    /// <summary>One valid layout and its prediction (fitting or not).</summary>
    void Visit(in Layout layout, in StepResult step);
}

/// <summary>Keeps the fastest fitting layout (ties: the first in enumeration order).</summary>
public struct FastestLayout : ILayoutVisitor
{
    /// <summary>The result so far.</summary>
    public LayoutChoice Choice;

    /// <inheritdoc />
    public void Visit(in Layout layout, in StepResult step)
    {
        Choice.Evaluated++;
        if (step.Fits != 0 && (Choice.Found == 0 || step.StepTimeSeconds < Choice.Step.StepTimeSeconds))
        {
            Choice.Layout = layout;
            Choice.Step = step;
            Choice.Found = 1;
        }
    }
}

/// <summary>Enumerates valid layouts for a shape on a number of GPUs and keeps the fastest that fits.</summary>
/// <remarks>Kernel-safe: plain loops, no allocation. Ties keep the first layout in enumeration order, so every backend agrees.</remarks>
public static partial class LayoutSearch
{
    /// <summary>Searches <paramref name="space"/> exhaustively for the fastest layout on <paramref name="gpus"/> GPUs;
    /// <see cref="LayoutChoice.Evaluated"/> counts every valid layout. <see cref="Fastest"/> returns the same layout and step, faster.</summary>
    public static LayoutChoice Best(in TransformerShape shape, int gpus, double globalBatch, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, in LayoutSpace space)
    {
        var fastest = new FastestLayout();
        Search(shape, gpus, globalBatch, hw, precision, cluster, space, ref fastest);
        return fastest.Choice;
    }

    /// <summary>Hands every valid layout in <paramref name="space"/> to <paramref name="visitor"/>, in a fixed order.</summary>
    public static void Search<TVisitor>(in TransformerShape shape, int gpus, double globalBatch, in AcceleratorSpec hw,
        Precision precision, in ClusterSpec cluster, in LayoutSpace space, ref TVisitor visitor) where TVisitor : struct, ILayoutVisitor
    {
        var inner = new VisitEveryLayout<TVisitor> { In = new SearchInputs(shape, globalBatch, hw, precision, cluster, space), Visitor = visitor };
        ForEachBase(shape, gpus, cluster, space, ref inner);
        visitor = inner.Visitor;
    }

    /// <summary>What a search is given, apart from the GPU count.</summary>
    private readonly struct SearchInputs(in TransformerShape shape, double globalBatch, in AcceleratorSpec hardware, Precision precision,
        in ClusterSpec cluster, in LayoutSpace space)
    {
        public readonly TransformerShape Shape = shape;
        public readonly double GlobalBatch = globalBatch;
        public readonly AcceleratorSpec Hardware = hardware;
        public readonly Precision Precision = precision;
        public readonly ClusterSpec Cluster = cluster;
        public readonly LayoutSpace Space = space;
    }

    /// <summary>Searches the layouts that share a base layout (t, c, p, d, e).</summary>
    private interface IBaseSearch
    {
        /// <summary>Searches micro-batch, interleaving, recomputation, sequence parallelism and ZeRO stage under <paramref name="baseLayout"/>.</summary>
        void Search(in Layout baseLayout);
    }

    /// <summary>Hands every valid layout under a base to a visitor, with its prediction.</summary>
    private struct VisitEveryLayout<TVisitor> : IBaseSearch, IInnerSearch where TVisitor : struct, ILayoutVisitor
    {
        public SearchInputs In;
        public TVisitor Visitor;

        public void Search(in Layout baseLayout) => ForEachInner(In.Shape, baseLayout, In.GlobalBatch, In.Cluster, In.Space, ref this);

        public readonly bool EnterMicroBatch(in Layout l, double microBatches) => true;

        public readonly bool EnterInterleave(in Layout l, double microBatches) => true;

        public void Layout(in Layout layout, double microBatches)
        {
            Layout l = layout;
            if (ResolveRecompute(In, ref l, microBatches, out _))
                Visitor.Visit(l, StepModel.Evaluate(In.Shape, l, In.GlobalBatch, In.Hardware, In.Precision, In.Cluster));
        }
    }

    // The base layouts (t, c, p, d, e) in the fixed order every search follows.
    private static void ForEachBase<TSearch>(in TransformerShape shape, int gpus, in ClusterSpec cluster, in LayoutSpace space, ref TSearch search)
        where TSearch : struct, IBaseSearch
    {
        for (int t = 1; t <= cluster.GpusPerNode && t <= gpus; t *= 2)
        {
            if ((space.Tp > 0 && t != space.Tp) || gpus % t != 0)
                continue;
            for (int c = 1; c <= gpus / t; c *= 2)
            {
                if (!ContextAllowed(shape, space, c) || (gpus / t) % c != 0)
                    continue;
                for (int p = 1; p <= shape.Layers && p <= gpus / (t * c); p++)
                {
                    if ((space.Pp > 0 && p != space.Pp) || (gpus / (t * c)) % p != 0 || (space.Pp == 0 && !SearchedStages(shape, p)))
                        continue;
                    int d = gpus / (t * c * p);
                    for (int e = 1; e <= d * c * t; e *= 2)
                    {
                        if ((space.Ep > 0 && e != space.Ep) || (space.Ep == 0 && e > 1 && !shape.IsMoe))
                            continue;
                        search.Search(new Layout { Tp = t, Pp = p, Dp = d, Cp = c, Ep = e });
                    }
                }
            }
        }
    }

    // Context parallelism is searched only for long sequences; a fixed degree is taken as given.
    private static bool ContextAllowed(in TransformerShape shape, in LayoutSpace space, int c) =>
        space.OnlyCp(shape.SeqLen) is > 0 and int only ? c == only : c <= LayoutSpace.MaxCp;

    // A searched pipeline tries the divisors of the layers and the powers of two, whose uneven stages frameworks balance
    // (Llama 3.1 405B: 126 layers on 16 stages); a fixed one may be anything.
    private static bool SearchedStages(in TransformerShape shape, int p) => shape.Layers % p == 0 || (p & (p - 1)) == 0;

    /// <summary>Receives the layouts under one base, in enumeration order, with the chance to skip a micro-batch.</summary>
    private interface IInnerSearch
    {
        /// <summary>Called before the layouts with micro-batch <paramref name="l"/>.MicroBatch; false skips them all.</summary>
        bool EnterMicroBatch(in Layout l, double microBatches);

        /// <summary>Called before the layouts with interleaving <paramref name="l"/>.Interleave; false skips them all.</summary>
        bool EnterInterleave(in Layout l, double microBatches);

        /// <summary>One valid layout.</summary>
        void Layout(in Layout layout, double microBatches);
    }

    // The layouts under a base in the fixed order: micro-batch, interleaving, recomputation, sequence parallelism, ZeRO stage.
    private static void ForEachInner<TSearch>(in TransformerShape shape, in Layout l, double globalBatch, in ClusterSpec cluster, in LayoutSpace space,
        ref TSearch search) where TSearch : struct, IInnerSearch
    {
        // A fixed micro-batch may be any size (llm-foundry uses 14, 20…); a searched one is a power of two.
        int bFirst = space.MicroBatch > 0 ? space.MicroBatch : 1;
        int bLast = space.MicroBatch > 0 ? space.MicroBatch : LayoutSpace.MaxMicroBatch;
        for (int b = bFirst; b <= bLast; b *= 2)
        {
            var lb = l with { MicroBatch = b };
            double microBatches = globalBatch / ((double)b * l.Dp);
            if (!search.EnterMicroBatch(lb, microBatches))
                continue;
            // A fixed interleaving may exceed what the search tries (NeMo runs Llama 2 70B with 20 chunks per GPU).
            InterleaveRange(space, out int vFirst, out int vLast);
            for (int v = vFirst; v <= vLast; v++)
            {
                var lv = lb with { Interleave = v };
                if (!search.EnterInterleave(lv, microBatches))
                    continue;
                // An open search's full recomputation recomputes the fewest whole layers that fit (ResolveRecompute), so partial
                // recomputation is enumerated only when asked for; so is recomputing the MLP and expert blocks, a recipe's choice.
                for (int rc = 0; rc <= (int)Recompute.Mlp; rc++)
                {
                    if (space.Recompute >= 0 ? rc != space.Recompute : rc >= (int)Recompute.Partial)
                        continue;
                    for (int sp = 0; sp <= 1; sp++)
                    {
                        if (space.SequenceParallel >= 0 && sp != space.SequenceParallel)
                            continue;
                        for (int z = 0; z <= 3; z++)
                        {
                            if (space.Zero >= 0 && z != space.Zero)
                                continue;
                            // Whole-layer recomputation's layer count is left to the search (ResolveRecompute), which needs the memory.
                            var layout = lv with { Recompute = (Recompute)rc, SequenceParallel = sp, Zero = z };
                            if (StepModel.IsValid(shape, layout, microBatches, cluster))
                                search.Layout(layout, microBatches);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Sets how many whole layers per stage are recomputed: the fewest that fit. False skips the layout.</summary>
    /// <remarks>An open search's full recomputation becomes partial recomputation of the fewest layers that fit, stays full when
    /// every layer must be recomputed, and is skipped when none need be: the layout storing everything then fits, is visited in
    /// the same loop, and is faster, since recomputation only adds work. Fixed partial recomputation takes what fits, at most
    /// every layer; fixed full recomputation recomputes every layer, as the published runs that ask for it did.</remarks>
    /// <param name="fits">1 if the layout is known to fit, 0 if known not to, −1 if not known.</param>
    private static bool ResolveRecompute(in SearchInputs inputs, ref Layout layout, double microBatches, out int fits)
    {
        fits = -1;
        bool open = inputs.Space.Recompute < 0;
        if (layout.Recompute != Recompute.Partial && !(open && layout.Recompute == Recompute.Full))
            return true;
        int stageLayers = (int)MemoryModel.StageLayers(inputs.Shape, layout);
        int k = MemoryModel.PartialRecomputedLayers(inputs.Shape, layout, microBatches, inputs.Precision, inputs.Cluster,
            inputs.Hardware.MemoryBytes);
        fits = k <= stageLayers ? 1 : 0;
        if (!open)
            layout = layout with { RecomputedLayers = Math.Min(k, stageLayers) };
        else if (k >= 1 && k < stageLayers)
            layout = layout with { Recompute = Recompute.Partial, RecomputedLayers = k };
        return !open || k >= 1;
    }

    /// <summary>The interleavings a search tries: [<paramref name="first"/>, <paramref name="last"/>].</summary>
    private static void InterleaveRange(in LayoutSpace space, out int first, out int last)
    {
        first = space.Interleave > 0 ? space.Interleave : 1;
        last = space.Interleave > 0 ? space.Interleave : LayoutSpace.MaxInterleave;
    }
}
