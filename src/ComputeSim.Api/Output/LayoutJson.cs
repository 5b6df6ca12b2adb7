using System.Text.Json;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>A layout as JSON fields and as one line of text.</summary>
public static class LayoutJson
{
    /// <summary>Recompute mode name.</summary>
    public static string Name(Recompute r) => RecomputeNames.Name(r);

    /// <summary>Recompute mode with, under partial recomputation, the layers recomputed per stage: "partial 12".</summary>
    public static string Short(in Layout l) => l.Recompute == Recompute.Partial ? $"partial {l.RecomputedLayers}" : Name(l.Recompute);

    /// <summary>Writes tp, cp, pp, dp, ep, micro_batch, interleave, recompute, recomputed_layers_per_stage, sequence_parallel, zero.</summary>
    public static void Write(Utf8JsonWriter w, in Layout l)
    {
        w.WriteNumber("tp", l.Tp);
        w.WriteNumber("cp", l.Context);
        w.WriteNumber("pp", l.Pp);
        w.WriteNumber("dp", l.Dp);
        w.WriteNumber("ep", l.Expert);
        w.WriteNumber("micro_batch", l.MicroBatch);
        w.WriteNumber("interleave", l.Interleave);
        w.WriteString("recompute", Name(l.Recompute));
        w.WriteNumber("recomputed_layers_per_stage", l.RecomputedLayers);
        w.WriteBoolean("sequence_parallel", l.SequenceParallel != 0);
        w.WriteNumber("zero", l.Zero);
    }

    /// <summary>e.g. "tp 8 x cp 2 x pp 16 x dp 8, ep 8, micro-batch 1, interleave 2, full recompute, zero 1" (cp and ep only above 1; "no recompute" for none, "recompute of 12 layers per stage" for partial).</summary>
    public static string Text(in Layout l) =>
        $"tp {l.Tp} x {(l.Context > 1 ? $"cp {l.Context} x " : "")}pp {l.Pp} x dp {l.Dp}{(l.Expert > 1 ? $", ep {l.Expert}" : "")}, micro-batch {l.MicroBatch}, interleave {l.Interleave}, {RecomputeText(l)}{(l.SequenceParallel != 0 ? ", sequence parallel" : "")}, zero {l.Zero}";

    private static string RecomputeText(in Layout l) => l.Recompute switch
    {
        Recompute.None => "no recompute",
        Recompute.Partial => $"recompute of {l.RecomputedLayers} layer{(l.RecomputedLayers == 1 ? "" : "s")} per stage",
        Recompute.Mlp => "MLP recompute",
        _ => Name(l.Recompute) + " recompute",
    };

    /// <summary>The degrees as "t x p x d", with c and e where above 1: "8x2cx16x8, e8" reads tp 8, cp 2, pp 16, dp 8, ep 8.</summary>
    public static string Degrees(in Layout l) =>
        $"{l.Tp}x{(l.Context > 1 ? $"{l.Context}cx" : "")}{l.Pp}x{l.Dp}{(l.Expert > 1 ? $", e{l.Expert}" : "")}";
}
