using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// The L2 model's inputs beyond the job: derived shapes' sequence and vocabulary, the global batch, any layout
/// degrees fixed rather than searched, the cluster profile and the training software.
/// </summary>
public sealed record LayoutRequest
{
    /// <summary>Sequence length of shapes derived from a parameter count, or null for <see cref="Defaults.SeqLen"/>; a fixed shape refuses another.</summary>
    public int? SeqLen { get; init; }
    /// <summary>Vocabulary of shapes derived from a parameter count, or null for <see cref="Defaults.Vocab"/>; a fixed shape refuses another.</summary>
    public int? Vocab { get; init; }
    /// <summary>Sequences per optimizer step, or null for <see cref="BatchRule"/> (it grows with the cluster).</summary>
    public int? GlobalBatch { get; init; }
    /// <summary>Tensor-parallel degree, or null to search it.</summary>
    public int? Tp { get; init; }
    /// <summary>Context-parallel degree, or null to search it.</summary>
    public int? Cp { get; init; }
    /// <summary>Pipeline-parallel degree, or null to search it.</summary>
    public int? Pp { get; init; }
    /// <summary>Expert-parallel degree, or null to search it.</summary>
    public int? Ep { get; init; }
    /// <summary>Data-parallel degree, a check: it must equal GPUs / (tp × cp × pp).</summary>
    public int? Dp { get; init; }
    /// <summary>Micro-batch size, or null to search it.</summary>
    public int? MicroBatch { get; init; }
    /// <summary>Interleaved pipeline chunks per GPU, or null to search it.</summary>
    public int? Interleave { get; init; }
    /// <summary>Activation recomputation, or null to search it.</summary>
    public Recompute? Recompute { get; init; }
    /// <summary>Sequence parallelism on or off, or null to search it.</summary>
    public bool? SequenceParallel { get; init; }
    /// <summary>ZeRO stage 0..3, or null to search it.</summary>
    public int? Zero { get; init; }
    /// <summary>Cluster profile name, or a .json profile file; null for the hardware's reference cluster
    /// (<see cref="ClusterLoader.DefaultFor"/>: GB200 runs on NVL72 racks, A100 on HDR 200 Gb/s DGX nodes).</summary>
    public string? Cluster { get; init; }
    /// <summary>GPUs per node on the scale-up link, or null for the cluster's.</summary>
    public int? GpusPerNode { get; init; }
    /// <summary>Inter-node bandwidth per GPU, Gb/s, or null for the cluster's.</summary>
    public double? ScaleOutGbps { get; init; }
    /// <summary>Training software (<see cref="TrainingSoftware.Names"/>), or null for the cluster's.</summary>
    public string? Software { get; init; }

    /// <summary>Switches set otherwise than the software's preset: <c>tp_comm_overlap=off,cuda_graphs=on</c>
    /// (<see cref="SoftwareSwitches"/>), or null for none.</summary>
    public string? Switches { get; init; }

    /// <summary>The cluster a job on <paramref name="hardware"/> runs on: <see cref="Cluster"/>, or else the hardware's
    /// reference cluster; <paramref name="origin"/> says which, in words.</summary>
    public string ClusterName(IReadOnlyCollection<string> hardware, out string origin)
    {
        if (Cluster is string given)
        {
            origin = "given";
            return given;
        }
        return ClusterLoader.DefaultFor(hardware, out origin);
    }

    /// <summary>Writes a note to <paramref name="notes"/> where no cluster is given and <paramref name="hardware"/>'s reference
    /// clusters differ: each accelerator of a grid runs on its own, and failures and checkpoints are planned on one.</summary>
    public void NoteClusters(IReadOnlyCollection<string> hardware, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(notes);
        if (Cluster is not null || ClusterLoader.ReferencesOf(hardware).Count < 2)
            return;
        string each = string.Join(", ", hardware.Select(h => $"{h} on {ClusterName([h], out _)}"));
        notes.WriteLine($"note: each accelerator runs on its reference cluster ({each}); failures and checkpoints are planned on "
            + $"{ClusterName(hardware, out _)}'s figures; --cluster runs every one on the cluster it names");
    }

    /// <summary>The cluster each of <paramref name="hardware"/> runs on (<see cref="ClusterOf"/> of each alone), same order,
    /// with this request's overrides.</summary>
    public ClusterSpec[] ClusterSpecs(IReadOnlyList<string> hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        return [.. hardware.Select(h => ClusterSpec([h]))];
    }

    /// <summary>The cluster profile a job on <paramref name="hardware"/> runs on (<see cref="ClusterName"/>), and its GPUs per node.</summary>
    public (ClusterProfile Cluster, int GpusPerNode) ClusterOf(IReadOnlyCollection<string> hardware)
    {
        ClusterProfile cluster = ClusterLoader.Get(ClusterName(hardware, out _));
        int perNode = GpusPerNode ?? cluster.File.GpusPerNode;
        if (perNode is < 1 or > 1024)
            throw new InputException(Fields.GpusPerNode, $"{perNode} is out of range 1..1024");
        return (cluster, perNode);
    }

    /// <summary>Settings for a fixed <paramref name="shape"/>, or shapes derived per point when it is null, on the cluster of
    /// <paramref name="hardware"/> (<see cref="ClusterOf"/>).</summary>
    public ParallelSettings Resolve(TransformerShape? shape, double gpus, IReadOnlyCollection<string> hardware)
    {
        if (shape is TransformerShape fixedShape)
            RefuseOverride(fixedShape);
        int seq = shape?.SeqLen ?? Check.Positive(SeqLen ?? (int)Defaults.SeqLen.Value, Fields.SeqLen);
        // Without a global batch the batch follows the rule per point (0), so it grows with each point's cluster.
        int batch = GlobalBatch is int given ? Check.Positive(given, Fields.GlobalBatch) : 0;
        var space = new LayoutSpace
        {
            Tp = Fixed(Tp, Fields.Tp),
            Cp = Fixed(Cp, Fields.Cp),
            Pp = Fixed(Pp, Fields.Pp),
            Ep = Fixed(Ep, Fields.Ep),
            MicroBatch = Fixed(MicroBatch, Fields.MicroBatch),
            Interleave = Fixed(Interleave, Fields.Interleave),
            Recompute = Recompute is Model.Recompute r ? (int)r : -1,
            SequenceParallel = SequenceParallel switch { true => 1, false => 0, _ => -1 },
            Zero = Zero is int z ? (z is >= 0 and <= 3 ? z : throw new InputException(Fields.Zero, $"{z} is not a stage 0..3")) : -1,
        };
        if (Dp is int dp && (space.Tp == 0 || space.Pp == 0 || (double)dp * space.Tp * Math.Max(1, space.Cp) * space.Pp != gpus))
            throw new InputException(Fields.Dp, $"{dp} must equal the GPUs / (tp x cp x pp), with tp and pp given");
        LayoutChecks.Check(shape, space, seq);
        return new ParallelSettings
        {
            Enabled = 1, Shape = shape ?? default, SeqLen = seq, Vocab = shape?.Vocab ?? Check.Positive(Vocab ?? (int)Defaults.Vocab.Value, Fields.Vocab),
            GlobalBatch = batch, Cluster = ClusterSpec(hardware), Space = space,
        };
    }

    /// <summary>The cluster profile's figures, with any of them overridden by this request.</summary>
    private ClusterSpec ClusterSpec(IReadOnlyCollection<string> hardware)
    {
        (ClusterProfile cluster, int perNode) = ClusterOf(hardware);
        ClusterFile f = cluster.File;
        double gbps = ScaleOutGbps is double g ? Check.InRange(g, Fields.ScaleOutGbps, 0, 1e5) : f.ScaleOutGbitPerSPerGpu;
        return SoftwareSwitches.Apply(ClusterLoader.Spec(f, SoftwareOf(cluster), perNode, gbps), Switches, Fields.Switches);
    }

    /// <summary>The training software this request runs: <see cref="Software"/>, or <paramref name="cluster"/>'s when none is given.</summary>
    public Software SoftwareOf(ClusterProfile cluster) => SoftwareNamed(Software ?? cluster.File.Software);

    /// <summary>Checks the fields whose value is wrong on any cluster, predicting or not: <see cref="Software"/>'s name and
    /// <see cref="Switches"/>' grammar; <see cref="InputException"/> naming the field.</summary>
    public void CheckSoftware()
    {
        if (Software is string name)
            SoftwareNamed(name);
        SoftwareSwitches.Parse(Switches, Fields.Switches);
    }

    /// <summary>The first field given, or null: the L2 model's inputs, which a sweep without prediction refuses rather than
    /// ignore. A sequence or vocabulary restating its default counts as not given (a dumped spec holds it).</summary>
    public string? FirstGiven() => Given().FirstOrDefault(f => f.Given).Field;

    /// <summary>Refuses the L2 inputs a job whose utilisation is not predicted would ignore, as the command line's estimate and
    /// compare do: all but the cluster and its GPUs per node (they plan failures and checkpoints at any level) and, beside an
    /// explicit <paramref name="shape"/>, the sequence and vocabulary that shape holds. <see cref="InputException"/> naming the
    /// field, its message ending with <paramref name="fix"/>.</summary>
    internal void RefuseUnpredicted(TransformerShape? shape, string fix)
    {
        if (shape is TransformerShape s)
            RefuseOverride(s);
        string? field = Given().FirstOrDefault(f => f.Given && f.Field is not (Fields.Cluster or Fields.GpusPerNode)
            && !(shape is not null && f.Field is Fields.SeqLen or Fields.Vocab)).Field;
        if (field is not null)
            throw new InputException(field, $"applies only when the L2 model predicts the utilisation; {fix}");
    }

    // Each L2 input and whether it was given.
    private (string Field, bool Given)[] Given() => new (string Field, bool Given)[]
    {
        (Fields.SeqLen, SeqLen is int s && s != (int)Defaults.SeqLen.Value), (Fields.Vocab, Vocab is int v && v != (int)Defaults.Vocab.Value),
        (Fields.GlobalBatch, GlobalBatch is not null), (Fields.Tp, Tp is not null), (Fields.Cp, Cp is not null), (Fields.Pp, Pp is not null),
        (Fields.Ep, Ep is not null), (Fields.Dp, Dp is not null), (Fields.MicroBatch, MicroBatch is not null), (Fields.Interleave, Interleave is not null),
        (Fields.Recompute, Recompute is not null), (Fields.SequenceParallel, SequenceParallel is not null), (Fields.Zero, Zero is not null),
        (Fields.Cluster, Cluster is not null), (Fields.GpusPerNode, GpusPerNode is not null), (Fields.ScaleOutGbps, ScaleOutGbps is not null),
        (Fields.Software, Software is not null), (Fields.Switches, Switches is not null),
    };

    private static Software SoftwareNamed(string name) => TrainingSoftware.TryParse(name, out Software software)
        ? software : throw new InputException(Fields.Software, $"'{name}' is not one of {string.Join(", ", TrainingSoftware.Names)}");

    // A preset's or config's shape fixes its vocabulary, and an explicit shape its sequence: another value would be silently dropped.
    // (A preset's sequence follows SeqLen: JobSettings.Resolve applies it to the shape.)
    private void RefuseOverride(in TransformerShape shape)
    {
        foreach (var (field, given, value) in new[] { (Fields.SeqLen, SeqLen, shape.SeqLen), (Fields.Vocab, Vocab, shape.Vocab) })
        {
            if (given is int g && g != value)
                throw new InputException(field, $"the model's shape fixes it at {value}; describe the shape layer by layer to change it, or drop it");
        }
    }

    private static int Fixed(int? value, string field) => value is int v ? Check.Positive(v, field) : 0;
}
