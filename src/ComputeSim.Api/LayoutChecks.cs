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
        if (space.Ep > 1 && s.Experts % space.Ep != 0)
            throw new InputException(Fields.Ep, $"{space.Ep} does not divide the {s.Experts} experts");
        if (space.Pp > s.Layers)
            throw new InputException(Fields.Pp, $"{space.Pp} stages for {s.Layers} layers");
    }
}
