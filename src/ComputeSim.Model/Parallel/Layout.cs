namespace ComputeSim.Model;

/// <summary>What activations are recomputed in the backward pass (Korthikanti et al. 2022).</summary>
public enum Recompute
{
    /// <summary>Store every activation.</summary>
    None = 0,
    /// <summary>Recompute only the attention core (softmax, dropout, s×s products).</summary>
    Selective = 1,
    /// <summary>Store only each layer's input; recompute the whole layer.</summary>
    Full = 2,
    /// <summary>Recompute whole layers, as few as let the stage fit (<see cref="Layout.RecomputedLayers"/> of each stage's
    /// ⌈L/p⌉), and store every activation of the others: Megatron-Core's <c>recompute_num_layers</c> (block method), TorchTitan's
    /// selective layer checkpointing.</summary>
    Partial = 3,
    /// <summary>Store each MLP or expert block's input and recompute the block: its GEMMs, activation and, in an expert layer, the
    /// routing and the dispatch and combine (Megatron-Core's <c>recompute_modules</c> <c>mlp</c> and <c>moe</c>, which checkpoint the
    /// dense MLP and the expert layer). The attention and any Mamba mixer store everything.</summary>
    Mlp = 4,
}

/// <summary>The names of the recomputation modes in flags, runs files and outputs: one per <see cref="Recompute"/> value, in order.</summary>
public static class RecomputeNames
{
    /// <summary><c>none</c>, <c>selective</c>, <c>full</c>, <c>partial</c>, <c>mlp</c>.</summary>
    public static readonly string[] Names = ["none", "selective", "full", "partial", "mlp"];

    /// <summary>The mode's name.</summary>
    public static string Name(Recompute r) => Names[(int)r];

    /// <summary>Parses a name; false if unknown.</summary>
    public static bool TryParse(string text, out Recompute recompute)
    {
        int i = Array.IndexOf(Names, text);
        recompute = (Recompute)Math.Max(i, 0);
        return i >= 0;
    }
}

/// <summary>A parallel layout: how a model is split over GPUs, and how it trades memory for FLOPs.</summary>
public readonly struct Layout
{
    /// <summary>Tensor-parallel degree (t).</summary>
    public int Tp { get; init; }
    /// <summary>Pipeline-parallel degree (p).</summary>
    public int Pp { get; init; }
    /// <summary>Data-parallel degree (d).</summary>
    public int Dp { get; init; }
    /// <summary>Micro-batch size in sequences (b).</summary>
    public int MicroBatch { get; init; }
    /// <summary>Interleaved model chunks per GPU (v); 1 is plain 1F1B.</summary>
    public int Interleave { get; init; }
    /// <summary>Activation recomputation.</summary>
    public Recompute Recompute { get; init; }
    /// <summary>1 if sequence parallelism shards the activations that tensor parallelism does not.</summary>
    public int SequenceParallel { get; init; }
    /// <summary>ZeRO stage 0–3 over the data-parallel group.</summary>
    public int Zero { get; init; }
    /// <summary>Context-parallel degree (c): each sequence split over c GPUs, attention by ring exchange; 0 reads as 1.</summary>
    public int Cp { get; init; }
    /// <summary>Expert-parallel degree (e): routed experts split over e GPUs of the data-parallel group; 0 reads as 1.</summary>
    public int Ep { get; init; }

    /// <summary>Under <see cref="Recompute.Partial"/>, how many of each pipeline stage's ⌈L/p⌉ layers are recomputed; 0 otherwise.</summary>
    public int RecomputedLayers { get; init; }

    /// <summary>Context-parallel degree, at least 1.</summary>
    public int Context => Cp > 1 ? Cp : 1;
    /// <summary>Expert-parallel degree, at least 1.</summary>
    public int Expert => Ep > 1 ? Ep : 1;

    /// <summary>GPUs the layout uses: t × c × p × d.</summary>
    public int Gpus => Tp * Context * Pp * Dp;
}
