using ComputeSim.Model;
using ComputeSim.Profiles;
using CsCheck;

namespace ComputeSim.Tests.Parallel;

/// <summary>
/// The bounded search (<see cref="LayoutSearch.Fastest"/>) against the exhaustive one (<see cref="LayoutSearch.Best"/>)
/// on random problems: dense and MoE presets and derived shapes, long sequences (context parallelism searched), every
/// accelerator with a GEMM efficiency, every cluster profile under each training software, open and partly fixed
/// layout spaces. Layout and step must be identical, bit for bit (CsCheck prints the seed of a failure).
/// </summary>
public class BoundedLayoutSearchTests
{
    private const long Iterations = 200;

    private static readonly AcceleratorSpec[] Accelerators =
        [.. ProfileCatalog.All.Select(p => p.Spec).Where(s => s.MatmulEfficiency > 0)];

    // Every cluster under every software preset, and each with FP8 attention on (which an 8- or 4-bit problem then prices).
    private static readonly ClusterSpec[] Clusters =
    [
        .. ClusterLoader.All.SelectMany(c => Enum.GetValues<Software>().Select(s => TrainingSoftware.WithSoftware(c.Spec, s)))
            .SelectMany(c => new[] { c, c with { Fp8Attention = 1 } }),
    ];

    /// <summary>One search problem.</summary>
    public readonly record struct Problem(
        TransformerShape Shape, int Gpus, double Batch, AcceleratorSpec Hardware, Precision Precision, ClusterSpec Cluster, LayoutSpace Space);

    private static readonly Gen<TransformerShape> Shapes = Gen.OneOf(
        Gen.Select(Gen.Int[0, ShapePresets.All.Count - 1], Gen.OneOf(0, 2048, 4096, 32768, 131072))
            .Select((i, seq) => seq == 0 ? ShapePresets.All[i].Shape : ShapePresets.All[i].Shape with { SeqLen = seq }),
        Gen.Select(Gen.Double[1e8, 2e12], Gen.OneOf(2048, 8192, 16384, 65536))
            .Select((p, seq) => ShapeRule.FromParameters(p, seq, 51200)));

    // Each choice fixed with probability 1/3, else open (0 or −1 as LayoutSpace reads it).
    private static readonly Gen<LayoutSpace> Spaces =
        Gen.Select(Gen.OneOf(0, 0, 1, 2, 8), Gen.OneOf(0, 0, 0, 1, 4), Gen.OneOf(0, 0, 0, 1, 4, 12),
                Gen.OneOf(-1, -1, 0, 1, 2, 3, 4), Gen.OneOf(-1, -1, 0, 1), Gen.OneOf(-1, -1, 0, 1, 3), Gen.OneOf(0, 0, 0, 2, 8))
            .Select((tp, pp, mb, rc, sp, z, ep) => new LayoutSpace
            {
                Tp = tp, Pp = pp, MicroBatch = mb, Recompute = rc, SequenceParallel = sp, Zero = z, Ep = ep,
                Interleave = pp > 0 && mb == 1 ? 2 : 0, Cp = rc == 2 && sp == 1 ? 2 : 0,
            });

    private static readonly Gen<Problem> Problems =
        Gen.Select(Shapes, Gen.OneOf(1, 8, 16, 24, 64, 96, 256, 512, 2048, 8192), Gen.OneOf(8.0, 64, 256, 1024, 1536, 4096),
                Gen.Int[0, Accelerators.Length - 1], Gen.OneOf(Precision.Bf16, Precision.Bf16, Precision.Fp8, Precision.Fp32),
                Gen.Int[0, Clusters.Length - 1], Gen.Frequency((3, Gen.Const(LayoutSpace.Open)), (2, Spaces)))
            .Select((shape, gpus, batch, hw, precision, cluster, space) =>
                new Problem(shape, gpus, batch, Accelerators[hw], Accelerators[hw].PeakFlops(precision) > 0 ? precision : Precision.Bf16, Clusters[cluster], space));

    private static LayoutChoice Exhaustive(in Problem p) =>
        LayoutSearch.Best(p.Shape, p.Gpus, p.Batch, p.Hardware, p.Precision, p.Cluster, p.Space);

    private static LayoutChoice Bounded(in Problem p) =>
        LayoutSearch.Fastest(p.Shape, p.Gpus, p.Batch, p.Hardware, p.Precision, p.Cluster, p.Space);

    private static LayoutChoice Hinted(in Problem p, in Layout hint) =>
        LayoutSearch.Fastest(p.Shape, p.Gpus, p.Batch, p.Hardware, p.Precision, p.Cluster, p.Space, hint);

    private static void AssertSame(in LayoutChoice all, in LayoutChoice bounded)
    {
        Assert.Equal(all.Found, bounded.Found);
        Assert.Equal(all.Layout, bounded.Layout);
        Assert.Equal(BitConverter.DoubleToInt64Bits(all.Step.StepTimeSeconds), BitConverter.DoubleToInt64Bits(bounded.Step.StepTimeSeconds));
        Assert.Equal(BitConverter.DoubleToInt64Bits(all.Step.Memory.TotalBytes), BitConverter.DoubleToInt64Bits(bounded.Step.Memory.TotalBytes));
        Assert.Equal(all.Step, bounded.Step);
        Assert.True(bounded.Evaluated <= all.Evaluated, $"priced {bounded.Evaluated} of {all.Evaluated}");
    }

    [Fact]
    public void Bounded_search_returns_the_exhaustive_layout_and_step_bit_for_bit() =>
        Problems.Sample(p =>
        {
            LayoutChoice all = Exhaustive(p);
            AssertSame(all, Bounded(p));
            // Hints change only the work: the best layout itself, a neighbour of it, the best on twice the GPUs, a layout outside the space.
            AssertSame(all, Hinted(p, all.Layout));
            AssertSame(all, Hinted(p, all.Layout with { MicroBatch = Math.Max(1, all.Layout.MicroBatch / 2), Zero = 3 - all.Layout.Zero }));
            AssertSame(all, Hinted(p, Exhaustive(p with { Gpus = 2 * p.Gpus }).Layout));
            AssertSame(all, Hinted(p, all.Layout with { Tp = 3 }));
            Assert.Equal(all.Found != 0, LayoutSearch.Visits(p.Shape, p.Gpus, p.Batch, p.Cluster, p.Space, all.Layout));
            Assert.False(LayoutSearch.Visits(p.Shape, p.Gpus, p.Batch, p.Cluster, p.Space, all.Layout with { Tp = 3 }));
        }, iter: Iterations);

    [Fact]
    public void Bounded_search_prices_a_small_share_of_the_layouts()
    {
        // 64 GPUs to 8192 for a 70B dense and an MoE preset: the bounds must cut most layouts, not a few.
        long all = 0, priced = 0;
        ClusterSpec cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        foreach (string preset in new[] { "llama2-70b", "mixtral-8x7b" })
        {
            for (int gpus = 64; gpus <= 8192; gpus *= 2)
            {
                var p = new Problem(ShapePresets.ShapeOf(preset), gpus, 1024, hw, Precision.Bf16, cluster, LayoutSpace.Open);
                LayoutChoice e = Exhaustive(p), b = Bounded(p);
                Assert.Equal(e.Layout, b.Layout);
                all += e.Evaluated;
                priced += b.Evaluated;
            }
        }
        Assert.True(priced * 10 < all, $"priced {priced} of {all} layouts");
    }

    [Fact]
    public void Ties_keep_the_first_layout_in_enumeration_order()
    {
        // With FlashAttention, selective recomputation repeats nothing the model times: it ties with none, which comes first.
        ClusterSpec cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);
        var space = new LayoutSpace { Tp = 1, Pp = 1, MicroBatch = 1, Interleave = 1, Recompute = -1, SequenceParallel = 0, Zero = 0 };
        var p = new Problem(ShapePresets.Gpt(12, 768, 12), 8, 64, TestData.Spec("h100-sxm5-80gb"), Precision.Bf16, cluster, space);
        LayoutChoice e = Exhaustive(p), b = Bounded(p);
        var selective = e.Layout with { Recompute = Recompute.Selective };
        Assert.Equal(e.Step.StepTimeSeconds, StepModel.Evaluate(p.Shape, selective, p.Batch, p.Hardware, p.Precision, cluster).StepTimeSeconds);
        Assert.Equal(Recompute.None, e.Layout.Recompute);
        Assert.Equal(e.Layout, b.Layout);
        Assert.Equal(e.Step, b.Step);
    }
}
