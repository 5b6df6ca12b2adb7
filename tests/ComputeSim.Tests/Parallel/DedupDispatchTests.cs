using System.Numerics;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>A deduplicating expert dispatcher (<c>dedup_dispatch</c>: DeepEP's and HybridEP's internode kernels) sends a token over
/// the network once per other node that holds one of its experts, where NCCL's all-to-all sends every routed copy bound for
/// another node.</summary>
public class DedupDispatchTests
{
    private static readonly AcceleratorSpec H100 = TestData.Spec("h100-sxm5-80gb");
    private static readonly ClusterSpec AllToAll = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
    private static readonly ClusterSpec Dedup = SoftwareSwitches.Apply(AllToAll, "dedup_dispatch=on", "switches");

    /// <summary>(E choose k) as an exact integer.</summary>
    private static BigInteger Choose(int n, int k)
    {
        BigInteger r = BigInteger.One;
        for (int i = 0; i < k; i++)
            r = r * (n - i) / (i + 1);
        return r;
    }

    public static TheoryData<string, int> Spreads => new()
    {
        { "qwen3-235b-a22b", 4 }, { "deepseek-v3", 8 }, { "gpt-oss-120b", 8 }, { "kimi-k2", 4 }, { "mixtral-8x22b", 2 },
    };

    /// <summary>Each other node misses all k experts with probability C(E − E/n, k) / C(E, k), counted here in exact integers.</summary>
    [Theory]
    [MemberData(nameof(Spreads))]
    public void Remote_nodes_follow_the_hypergeometric_count(string preset, int nodes)
    {
        TransformerShape s = ShapePresets.ShapeOf(preset);
        int perNode = s.Experts / nodes;
        double untouched = (double)Choose(s.Experts - perNode, s.TopK) / (double)Choose(s.Experts, s.TopK);
        double expected = (nodes - 1) * (1.0 - untouched);
        Assert.Equal(expected, LayerModel.RemoteNodesPerToken(s, nodes), 12);
        // Never more than the all-to-all's copies bound for other nodes, k (n − 1) / n.
        Assert.True(LayerModel.RemoteNodesPerToken(s, nodes) < s.TopK * (nodes - 1.0) / nodes);
    }

    /// <summary>The figure the remarks state: Qwen3-235B-A22B on four nodes reaches 2.72 other nodes, where the all-to-all sends 6 copies.</summary>
    [Fact]
    public void Qwen3_235b_on_four_nodes_reaches_2_72_other_nodes() =>
        Assert.Equal(2.72, LayerModel.RemoteNodesPerToken(ShapePresets.ShapeOf("qwen3-235b-a22b"), 4), 2);

    /// <summary>With one expert a token there is nothing to share: the token reaches one node, another with probability (n − 1)/n, so
    /// it crosses the network as often as the all-to-all's single copy does.</summary>
    [Fact]
    public void A_single_expert_a_token_crosses_the_network_as_often_as_the_all_to_all()
    {
        TransformerShape s = ShapePresets.ShapeOf("qwen3-235b-a22b") with { TopK = 1 };
        Assert.Equal(3.0 / 4.0, LayerModel.RemoteNodesPerToken(s, 4), 12);
    }

    private static Layout Ep(int ep) =>
        new() { Tp = 1, Pp = 1, Dp = 64, Ep = ep, MicroBatch = 1, Interleave = 1, Recompute = Recompute.None };

    /// <summary>Inside one node the switch changes nothing; across nodes it shortens only the layer's communication.</summary>
    [Theory]
    [InlineData(8, false)]
    [InlineData(16, true)]
    [InlineData(32, true)]
    public void It_shortens_only_expert_traffic_that_crosses_nodes(int ep, bool crossesNodes)
    {
        TransformerShape s = ShapePresets.ShapeOf("qwen3-235b-a22b");
        LayerTime a = LayerModel.Evaluate(s, Ep(ep), H100, Precision.Bf16, AllToAll with { TpCommOverlap = 0 }, moe: true);
        LayerTime d = LayerModel.Evaluate(s, Ep(ep), H100, Precision.Bf16, Dedup with { TpCommOverlap = 0 }, moe: true);
        Assert.Equal(a.GemmSeconds, d.GemmSeconds);
        Assert.Equal(a.AttentionSeconds, d.AttentionSeconds);
        Assert.Equal(a.ElementwiseSeconds, d.ElementwiseSeconds);
        if (crossesNodes)
            Assert.True(d.CommunicationSeconds < 0.8 * a.CommunicationSeconds, $"{d.CommunicationSeconds} against {a.CommunicationSeconds}");
        else
            Assert.Equal(a.CommunicationSeconds, d.CommunicationSeconds);
    }

    /// <summary>TorchTitan's DeepSeek-V3 on 256 B200 (PyTorch/Nebius, 2026-03; data/calibration/sheet/moe-2026.tsv, outside the set):
    /// the same layout, expert parallelism 32 over four nodes, publishes 651 tokens/s/GPU with NCCL's all-to-all and 859 with DeepEP,
    /// 1.32 times. The model, told which dispatcher each ran, gives 1.24 times; held within 10% of the published ratio. (Both rows
    /// come out 39% fast: TorchTitan routes without the forced balance of the benchmarks the expert imbalance is fitted to.)</summary>
    [Fact]
    public void TorchTitans_deepep_pair_measures_the_dispatch()
    {
        var rows = TestData.PredictSheet("moe-2026.tsv");
        Assert.Equal(21, rows.Count);
        Assert.DoesNotContain(rows, r => Validator.AllRuns.Any(p => p.Name == r.Run.Name));
        ValidationRow allToAll = rows.Single(r => r.Run.Name == "ttnb-dsv3-b200-bf16-256");
        ValidationRow deepEp = rows.Single(r => r.Run.Name == "ttnb-dsv3-b200-bf16-deepep-256");
        Assert.Equal("", allToAll.Run.Switches);
        Assert.Equal("dedup_dispatch=on", deepEp.Run.Switches);
        double published = deepEp.Run.Published / allToAll.Run.Published, model = deepEp.Predicted / allToAll.Predicted;
        Assert.InRange(published, 1.31, 1.33);
        Assert.InRange(model / published, 0.90, 1.10);
    }

    /// <summary>NVIDIA's GB200 racks hold the whole expert group in one scale-up domain: nothing to deduplicate.</summary>
    [Fact]
    public void An_nvl72_rack_is_one_node()
    {
        AcceleratorSpec gb200 = TestData.Spec("gb200-186gb");
        ClusterSpec rack = TrainingSoftware.WithSoftware(TestData.Cluster("gb200-nvl72"), Software.MegatronCore);
        TransformerShape s = ShapePresets.ShapeOf("deepseek-v3");
        Layout layout = Ep(64);
        Assert.Equal(LayerModel.Evaluate(s, layout, gb200, Precision.Bf16, rack, true),
            LayerModel.Evaluate(s, layout, gb200, Precision.Bf16, SoftwareSwitches.Apply(rack, "dedup_dispatch=on", "switches"), true));
    }
}
