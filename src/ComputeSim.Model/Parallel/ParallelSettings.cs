namespace ComputeSim.Model;

/// <summary>What a grid needs to predict utilisation (level L2) instead of taking it as an axis.</summary>
public readonly struct ParallelSettings
{
    /// <summary>1 to predict step time and MFU from the shape, cluster and layout search; 0 for L0.</summary>
    public int Enabled { get; init; }
    /// <summary>A fixed model shape, or Layers = 0 to derive one from each point's parameters (<see cref="ShapeRule"/>).</summary>
    public TransformerShape Shape { get; init; }
    /// <summary>Sequence length for derived shapes.</summary>
    public int SeqLen { get; init; }
    /// <summary>Vocabulary for derived shapes.</summary>
    public int Vocab { get; init; }
    /// <summary>Global batch, sequences per optimizer step; 0 to follow <see cref="BatchRule"/> at each point's GPU count.</summary>
    public double GlobalBatch { get; init; }
    /// <summary>Cluster and training software.</summary>
    public ClusterSpec Cluster { get; init; }
    /// <summary>Which layouts to try.</summary>
    public LayoutSpace Space { get; init; }

    /// <summary>The global batch on <paramref name="gpus"/> GPUs for <paramref name="shape"/>: the given one, or the rule's.</summary>
    public double BatchFor(double gpus, in TransformerShape shape) =>
        GlobalBatch > 0.0 ? GlobalBatch : BatchRule.Sequences(gpus, shape.SeqLen);

    /// <summary>Optimizer steps to train on <paramref name="tokens"/> on <paramref name="gpus"/> GPUs with sequences of <paramref name="shape"/>.</summary>
    public double Steps(double tokens, double gpus, in TransformerShape shape) => tokens / (BatchFor(gpus, shape) * shape.SeqLen);

    /// <summary>The shape at a point: the fixed one, or the rule's for its parameter count.</summary>
    public TransformerShape ShapeFor(double parameters) =>
        Shape.Layers > 0 ? Shape : ShapeRule.FromParameters(parameters, SeqLen, Vocab);
}
