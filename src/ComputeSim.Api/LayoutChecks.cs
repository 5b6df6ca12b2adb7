using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Fixed layout degrees checked against the shape before any search, so a wrong one is named instead of "no layout fits".</summary>
/// <remarks>The rules are <see cref="StepModel.IsValid"/>'s (Megatron-Core's), one field at a time.</remarks>
public static class LayoutChecks
{
    /// <summary>Checks <paramref name="space"/> against <paramref name="shape"/> (null: shapes derived from parameters, which are dense).</summary>
    public static void Check(TransformerShape? shape, in LayoutSpace space, int seqLen)
    {
        if (space.Cp > 1 && seqLen % (2 * space.Cp) != 0)
            throw new InputException(Fields.Cp, $"{space.Cp} must divide the sequence length {seqLen} into 2 x {space.Cp} equal chunks (load-balanced causal attention)");
        bool moe = shape is { IsMoe: true };
        if (space.Ep > 1 && !moe)
            throw new InputException(Fields.Ep, $"{space.Ep} splits experts, and this shape has none (describe the experts, or use 1)");
        if (shape is not TransformerShape s)
            return;
        if (space.Tp > 0 && s.Heads % space.Tp != 0)
            throw new InputException(Fields.Tp, $"{space.Tp} does not divide the {s.Heads} attention heads");
        if (space.Tp > 0 && s.KvHeads % space.Tp != 0 && space.Tp % s.KvHeads != 0)
            throw new InputException(Fields.Tp, $"{space.Tp} neither divides nor is a multiple of the {s.KvHeads} key/value heads");
        if (s.IsHybrid && space.Tp > 0 && !MambaModel.Splits(s, new Layout { Tp = space.Tp }))
            throw new InputException(Fields.Tp, $"{space.Tp} does not divide the {s.MambaHeads} Mamba heads and their {s.MambaGroups} groups");
        if (s.IsHybrid && space.Tp > 0 && space.Cp > 1 && !MambaModel.Splits(s, new Layout { Tp = space.Tp, Cp = space.Cp }))
            throw new InputException(Fields.Cp, $"{space.Cp} does not split the {s.MambaHeads / space.Tp} Mamba heads and {s.MambaGroups / space.Tp} groups "
                + $"each of {space.Tp} tensor-parallel GPUs holds (Megatron-Core's all-to-all context parallelism)");
        if (space.Ep > 1 && s.Experts % space.Ep != 0)
            throw new InputException(Fields.Ep, $"{space.Ep} does not divide the {s.Experts} experts");
        if (space.Pp > s.Layers)
            throw new InputException(Fields.Pp, $"{space.Pp} stages for {s.Layers} layers");
    }

    /// <summary>Why no layout is valid when the fixed degrees leave one data-parallel size: the GPUs do not divide by
    /// tp x cp x pp, or the global batch is not a multiple of the data-parallel size (times a fixed micro-batch). Null when the
    /// degrees are searched or neither holds (then the search found layouts, and none fit in memory).</summary>
    /// <remarks>Megatron-Core's rule, as <see cref="StepModel.IsValid"/> applies it: every data-parallel rank runs whole
    /// micro-batches of whole sequences, so the global batch is dp x micro-batch x the micro-batches per step.</remarks>
    public static (string Field, string Detail)? NoValidLayout(in LayoutSpace space, double gpus, double globalBatch, int seqLen)
    {
        int cp = space.OnlyCp(seqLen);
        if (space.Tp == 0 || space.Pp == 0 || cp == 0)
            return null;
        double model = (double)space.Tp * cp * space.Pp;
        if (gpus % model != 0)
            return (Fields.Gpus, $"{gpus} GPUs do not divide by tp {space.Tp} x cp {cp} x pp {space.Pp} = {model}");
        double dp = gpus / model;
        if (space.MicroBatch > 0 && globalBatch % (dp * space.MicroBatch) != 0)
            return (Fields.GlobalBatch, $"{globalBatch} sequences is not a multiple of data-parallel size {dp} x micro-batch {space.MicroBatch} = "
                + $"{dp * space.MicroBatch} ({gpus} GPUs / tp {space.Tp} / cp {cp} / pp {space.Pp})");
        if (globalBatch % dp != 0)
            return (Fields.GlobalBatch, $"{globalBatch} sequences is not a multiple of data-parallel size {dp} ({gpus} GPUs / tp {space.Tp} / cp {cp} / pp {space.Pp})");
        return null;
    }
}
