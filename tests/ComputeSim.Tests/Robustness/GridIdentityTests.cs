using System.Reflection;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Robustness;

/// <summary>The grid identity covers every setting that decides an answer, so a file of another grid is never merged or resumed.</summary>
public class GridIdentityTests
{
    private static SweepProblem Problem(Assumptions assumptions, Selection selection, ParallelSettings parallel, ScalingSettings scaling)
    {
        string[] names = ["h100-sxm5-80gb", "mi300x"];
        return new SweepProblem(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16], [0.4], null, [7e9, 70e9], [20], true, [8, 64],
            assumptions, selection, parallel, scaling);
    }

    private static readonly ParallelSettings Parallel = new()
    {
        Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 512, Cluster = TestData.Cluster("selene"), Space = LayoutSpace.Open,
        Shape = new TransformerShape { Layers = 32, Hidden = 4096, Heads = 32, KvHeads = 8, SeqLen = 2048, Vocab = 32000, Ffn = 11008 },
    };

    private static readonly ScalingSettings Scaling = new() { Enabled = 1, Law = new ScalingLaw { E = 1.69, A = 406.4, B = 410.7, Alpha = 0.34, Beta = 0.28 }, InferenceTokens = 1e12 };

    /// <summary>Every public settable property of a struct (and of the structs inside it), each changed on its own.</summary>
    private static IEnumerable<(string Name, T Changed)> EachFieldChanged<T>(T value, string prefix) where T : struct
    {
        foreach (PropertyInfo p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            object current = p.GetValue(value)!;
            IEnumerable<(string, object)> changes = current switch
            {
                double d => [($"{prefix}{p.Name}", d == 0 ? 0.5 : d * 1.5)],
                int i => [($"{prefix}{p.Name}", i + 1)],
                Enum e => [($"{prefix}{p.Name}", Enum.ToObject(e.GetType(), Convert.ToInt32(e, null) + 1))],
                _ => Nested(current, $"{prefix}{p.Name}."),
            };
            foreach ((string name, object changed) in changes)
            {
                object boxed = value;
                p.SetValue(boxed, changed);
                yield return (name, (T)boxed);
            }
        }
    }

    private static IEnumerable<(string, object)> Nested(object inner, string prefix)
    {
        MethodInfo each = typeof(GridIdentityTests).GetMethod(nameof(EachFieldChanged), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(inner.GetType());
        foreach (object pair in (System.Collections.IEnumerable)each.Invoke(null, [inner, prefix])!)
        {
            var t = (System.Runtime.CompilerServices.ITuple)pair;
            yield return ((string)t[0]!, t[1]!);
        }
    }

    [Fact]
    public void Every_assumption_constraint_l2_and_l3_setting_changes_the_identity()
    {
        Selection selection = TestData.Constrained(ObjectiveKind.Cost) with { MaxLoss = 2.5 };
        var options = new SweepOptions(10, true);
        string baseline = GridIdentity.Of(Problem(TestData.Standard, selection, Parallel, Scaling), options);
        var variants = EachFieldChanged(TestData.Standard, "assumptions.").Select(v => (v.Name, Problem(v.Changed, selection, Parallel, Scaling)))
            .Concat(EachFieldChanged(selection, "selection.").Select(v => (v.Name, Problem(TestData.Standard, v.Changed, Parallel, Scaling))))
            .Concat(EachFieldChanged(Parallel, "parallel.").Select(v => (v.Name, Problem(TestData.Standard, selection, v.Changed, Scaling))))
            .Concat(EachFieldChanged(Scaling, "scaling.").Select(v => (v.Name, Problem(TestData.Standard, selection, Parallel, v.Changed))))
            .ToList();
        // Assumptions 4, selection 5, L2 shape 8 + 4 + cluster 9 + layout space 7, L3 1 + law 6 + 1: a field added later is counted here too.
        Assert.True(variants.Count >= 45, $"{variants.Count} variants");
        Assert.All(variants, v => Assert.True(GridIdentity.Of(v.Item2, options) != baseline, $"{v.Name} does not change the grid identity"));
    }

    [Fact]
    public void Every_hardware_field_changes_an_l2_identity_and_the_attention_kernel_speed_leaves_l0_as_it_was()
    {
        var options = new SweepOptions(10, true);
        SweepProblem With(AcceleratorSpec h100, ParallelSettings parallel, Precision precision = Precision.Bf16) =>
            new([h100, TestData.Spec("mi300x")], ["h100-sxm5-80gb", "mi300x"], [precision], [0.4], null, [7e9, 70e9], [20], true, [8, 64],
                TestData.Standard, TestData.Constrained(ObjectiveKind.Cost), parallel, default);
        AcceleratorSpec h100 = TestData.Spec("h100-sxm5-80gb");
        string l2 = GridIdentity.Of(With(h100, Parallel), options), l0 = GridIdentity.Of(With(h100, default), options);
        var variants = EachFieldChanged(h100, "hardware.").ToList();
        Assert.Contains(variants, v => v.Name == "hardware.FlashAttention2Speed");
        // A block-scaled peak changes the identity of a grid that has points in its precision; every other field that of any L2 grid.
        var blockScaled = new Dictionary<string, Precision>
        {
            ["hardware.PeakMxfp8"] = Precision.Mxfp8, ["hardware.PeakNvfp4"] = Precision.Nvfp4, ["hardware.PeakMxfp4"] = Precision.Mxfp4,
        };
        Assert.All(blockScaled.Keys, name => Assert.Contains(variants, v => v.Name == name));
        Precision For(string name) => blockScaled.GetValueOrDefault(name, Precision.Bf16);
        // The FP8 attention speed changes the identity of a grid whose software runs attention in FP8.
        ParallelSettings fp8Attention = Parallel with { Cluster = Parallel.Cluster with { Fp8Attention = 1 } };
        ParallelSettings SettingsFor(string name) => name == "hardware.Fp8AttentionSpeed" ? fp8Attention : Parallel;
        Assert.Contains(variants, v => v.Name == "hardware.Fp8AttentionSpeed");
        Assert.All(variants, v => Assert.True(
            GridIdentity.Of(With(v.Changed, SettingsFor(v.Name), For(v.Name)), options) != GridIdentity.Of(With(h100, SettingsFor(v.Name), For(v.Name)), options),
            $"{v.Name} does not change an L2 identity"));
        // L0 never reads the attention speed, and no BF16 point a block-scaled peak: files written before they existed still merge
        // (PartialFormatCompatibilityTests).
        Assert.Equal(l0, GridIdentity.Of(With(h100 with { FlashAttention2Speed = 0.3 }, default), options));
        Assert.Equal(l2, GridIdentity.Of(With(h100 with { PeakMxfp8 = 1e15, PeakNvfp4 = 1e15, PeakMxfp4 = 1e15, Fp8AttentionSpeed = 2.0 }, Parallel), options));
        Assert.NotEqual(l0, GridIdentity.Of(With(h100 with { ComputeUnits = 100 }, default), options));
    }

    [Fact]
    public void Accelerators_on_clusters_of_their_own_change_the_identity_and_one_cluster_named_for_each_keeps_it()
    {
        var options = new SweepOptions(10, true);
        ClusterSpec selene = Parallel.Cluster, rack = TestData.Cluster("gb200-nvl72");
        string[] names = ["h100-sxm5-80gb", "mi300x"];
        SweepProblem On(ClusterSpec[]? clusters) => new(names.Select(TestData.Spec).ToList(), names,
            [Precision.Bf16], [0.4], null, [7e9, 70e9], [20], true, [8, 64], TestData.Standard, TestData.Constrained(ObjectiveKind.Cost), Parallel,
            clusters: clusters);
        string shared = GridIdentity.Of(On(null), options);
        // A grid whose accelerators all run on the settings' cluster hashes as before the clusters were per accelerator.
        Assert.Equal(shared, GridIdentity.Of(On([selene, selene]), options));
        string second = GridIdentity.Of(On([selene, rack]), options);
        Assert.NotEqual(shared, second);
        Assert.NotEqual(second, GridIdentity.Of(On([rack, selene]), options));
    }
}
