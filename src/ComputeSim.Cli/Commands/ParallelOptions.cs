using System.CommandLine;
using ComputeSim.Cli.Options;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>Flags of the L2 model: shape, global batch, layout, cluster and training software.</summary>
internal sealed class ParallelOptions
{
    private readonly bool _withShape;

    /// <summary>Options for a command; <paramref name="withShape"/> adds the explicit shape flags.</summary>
    public ParallelOptions(bool withShape)
    {
        _withShape = withShape;
        Recompute.AcceptOnlyFromAmong(RecomputeNames.Names);
        Software.AcceptOnlyFromAmong(TrainingSoftware.Names);
        Layout.AcceptOnlyFromAmong("auto");
    }

    /// <summary>The explicit-shape flags (added only to commands with a shape).</summary>
    public ShapeOptions Shape { get; } = new();
    public Option<int> SeqLen { get; } = new("--seq-len") { Description = "Sequence length", DefaultValueFactory = _ => (int)Defaults.SeqLen.Value };
    public Option<int> Vocab { get; } = new("--vocab") { Description = "Vocabulary", DefaultValueFactory = _ => (int)Defaults.Vocab.Value };
    public Option<int?> GlobalBatch { get; } = new("--global-batch") { Description = $"Sequences per optimizer step (default: {BatchRule.Text})" };
    public Option<string> Layout { get; } = new("--layout") { Description = "auto: search every layout choice not fixed by --tp, --cp, --pp, --ep, --micro-batch, --interleave, --recompute, --sequence-parallel, --zero", DefaultValueFactory = _ => "auto" };
    public Option<int?> Tp { get; } = new("--tp") { Description = "Tensor-parallel degree (default: searched)" };
    public Option<int?> Pp { get; } = new("--pp") { Description = "Pipeline-parallel degree (default: searched)" };
    public Option<int?> Cp { get; } = new("--cp") { Description = $"Context-parallel degree: each sequence split over this many GPUs (default: searched for sequences of {LayoutSpace.MinSearchedCpSeqLen} or more, else 1)" };
    public Option<int?> Ep { get; } = new("--ep") { Description = "Expert-parallel degree: routed experts split over this many GPUs (default: searched for a mixture of experts, else 1)" };
    public Option<int?> Dp { get; } = new("--dp") { Description = "Data-parallel degree (must equal GPUs / (tp x cp x pp))" };
    public Option<int?> MicroBatch { get; } = new("--micro-batch") { Description = "Micro-batch size (default: searched)" };
    public Option<int?> Interleave { get; } = new("--interleave") { Description = "Interleaved pipeline chunks per GPU (default: searched)" };
    public Option<string?> Recompute { get; } = new("--recompute") { Description = "Activation recomputation: none, selective, full, partial (whole layers, the fewest per pipeline stage that fit), or mlp (the MLP and expert blocks, from their inputs: Megatron-Core's recompute_modules mlp and moe; tried only when given) (default: searched)" };
    public Option<bool?> SequenceParallel { get; } = new("--sequence-parallel") { Description = "Sequence parallelism on or off (default: searched)" };
    public Option<int?> Zero { get; } = new("--zero") { Description = "ZeRO stage 0-3 (default: searched)" };
    public Option<string?> Cluster { get; } = new("--cluster")
    {
        Description = "Cluster profile name (cluster-profiles/) or a .json file (default: the accelerator's reference cluster, the profile "
            + $"whose reference_for names it: {ReferenceClusters()}; else {Defaults.Cluster})",
    };
    public Option<int?> GpusPerNode { get; } = new("--gpus-per-node") { Description = "GPUs per node on the scale-up link (default: the cluster's)" };
    public TypedOption<double?> ScaleOutGbps { get; } = TypedOptions.OptionalNumber("--scale-out-gbps", "Inter-node bandwidth per GPU, Gb/s (default: the cluster's)");
    public Option<string?> Switches { get; } = new("--switches")
    {
        Description = "Set the software's switches one by one, NAME=on|off comma-separated, over its preset: "
            + string.Join("; ", SoftwareSwitches.All.Select(s => $"{s.Name} ({s.On})")),
        HelpName = "switches",
    };
    public Option<string?> Software { get; } = new("--software")
    {
        Description = "Training software: " + string.Join(", ", TrainingSoftware.Names.Select(n => TrainingSoftware.TryParse(n, out Model.Software sw)
            ? $"{n} ({TrainingSoftware.Describe(sw)})" : n)) + " (default: the cluster's)",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in All)
            command.Add(o);
    }

    /// <summary>
    /// The first of these flags given with a value other than its default, or null; a command that can run
    /// without the L2 model refuses it there rather than ignore it. (A default given explicitly, as a dumped
    /// spec holds it, changes nothing and passes.)
    /// </summary>
    public Option? FirstGiven(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return All.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false } && !(o.HasDefaultValue && Equals(o.GetDefaultValue(), ValueOf(parse, o))));
    }

    private static object? ValueOf(ParseResult parse, Option option) => option switch
    {
        Option<int> i => parse.GetValue(i),
        Option<string> s => parse.GetValue(s),
        Option<double?> d => parse.GetValue(d),
        _ => null, // the nullable flags have no default: given is used
    };

    private IEnumerable<Option> All => _withShape
        ? [.. Shape.All, .. Common]
        : Common;

    private Option[] Common => [SeqLen, Vocab, GlobalBatch, Layout, Tp, Cp, Pp, Dp, Ep, MicroBatch, Interleave, Recompute, SequenceParallel, Zero, Cluster, GpusPerNode, ScaleOutGbps, Software, Switches];

    /// <summary>The explicit shape (flags or <c>--hf-config</c>), or null when none is given.</summary>
    public TransformerShape? ExplicitShape(ParseResult parse)
    {
        if (!_withShape)
            return null;
        if (parse.GetValue(Shape.HfConfig) is not null && parse.GetResult(Vocab) is { Implicit: false })
            throw new InputException("--vocab: the config gives the vocabulary (vocab_size); drop --vocab");
        return Shape.Resolve(parse, SeqLenOf(parse), VocabOf(parse));
    }

    /// <summary>The L2 request the flags describe.</summary>
    public LayoutRequest ToRequest(ParseResult parse) => new()
    {
        // Given only when typed: a shape that fixes them refuses a different value, and the default is no value.
        SeqLen = parse.GetResult(SeqLen) is { Implicit: false } ? parse.GetValue(SeqLen) : null,
        Vocab = parse.GetResult(Vocab) is { Implicit: false } ? parse.GetValue(Vocab) : null,
        GlobalBatch = parse.GetValue(GlobalBatch),
        Tp = parse.GetValue(Tp),
        Cp = parse.GetValue(Cp),
        Pp = parse.GetValue(Pp),
        Ep = parse.GetValue(Ep),
        Dp = parse.GetValue(Dp),
        MicroBatch = parse.GetValue(MicroBatch),
        Interleave = parse.GetValue(Interleave),
        Recompute = RecomputeNames.TryParse(parse.GetValue(Recompute) ?? "", out Model.Recompute recompute) ? recompute : null,
        SequenceParallel = parse.GetValue(SequenceParallel),
        Zero = parse.GetValue(Zero),
        Cluster = parse.GetValue(Cluster),
        GpusPerNode = parse.GetValue(GpusPerNode),
        ScaleOutGbps = parse.GetValue(ScaleOutGbps),
        Software = parse.GetValue(Software),
        Switches = parse.GetValue(Switches),
    };

    /// <summary>The cluster profile a job on <paramref name="hardware"/> runs on, and its GPUs per node (<c>--gpus-per-node</c> overrides it).</summary>
    public (ClusterProfile Cluster, int GpusPerNode) ClusterOf(ParseResult parse, IReadOnlyCollection<string> hardware) => ToRequest(parse).ClusterOf(hardware);

    // Each built-in cluster and the accelerators it hosts by default, for the help text.
    private static string ReferenceClusters() => string.Join(", ", ClusterLoader.All.Where(c => c.File.ReferenceFor is not null)
        .Select(c => $"{c.Name} for {string.Join(" and ", c.File.ReferenceFor!)}"));

    // A preset's or a config's shape fixes its sequence and vocabulary: a different --seq-len or --vocab would be dropped.
    private int SeqLenOf(ParseResult parse) => Positive(parse.GetValue(SeqLen), "--seq-len");

    private int VocabOf(ParseResult parse) => Positive(parse.GetValue(Vocab), "--vocab");

    private static int Fixed(int? value, string flag) => value is int v ? Positive(v, flag) : 0;

    private static int Positive(int v, string flag) => ShapeOptions.Positive(v, flag);
}
