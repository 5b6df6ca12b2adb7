using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Engine;

/// <summary>A grid's accelerators each run on their own cluster at L2: a point is priced as a grid of that accelerator alone on
/// its cluster would price it.</summary>
public class ClusterPerAcceleratorTests
{
    private static readonly string[] Names = ["h100-sxm5-80gb", "gb200-186gb"];

    private static readonly ParallelSettings Settings = new()
    {
        Enabled = 1, SeqLen = 8192, Vocab = 128256, GlobalBatch = 1024, Space = LayoutSpace.Open,
        Shape = ShapePresets.ShapeOf("llama3-70b"), Cluster = TestData.Cluster("dgx-h100-ndr400"),
    };

    private static SweepProblem Grid(IReadOnlyList<string> names, ParallelSettings parallel, ClusterSpec[]? clusters) =>
        new(names.Select(TestData.Spec).ToList(), names, [Precision.Bf16, Precision.Fp8], [1.0], null, [Settings.Shape.Parameters], [20], true,
            [64, 256, 1024], TestData.Standard, Selection.Unconstrained(ObjectiveKind.Time), parallel, clusters: clusters);

    [Fact]
    public void Each_accelerator_of_a_grid_is_priced_on_its_own_cluster()
    {
        ClusterSpec nodes = TestData.Cluster("dgx-h100-ndr400"), rack = TestData.Cluster("gb200-nvl72");
        SweepProblem mixed = Grid(Names, Settings, [nodes, rack]);
        SweepProblem h100 = Grid([Names[0]], Settings with { Cluster = nodes }, null);
        SweepProblem gb200 = Grid([Names[1]], Settings with { Cluster = rack }, null);
        SweepProblem gb200OnNodes = Grid([Names[1]], Settings with { Cluster = nodes }, null);
        long half = mixed.Total / 2;
        Assert.Equal(h100.Total, half);
        bool rackMatters = false;
        for (long i = 0; i < half; i++)
        {
            Assert.Equal(h100.Evaluate(i), mixed.Evaluate(i));
            Assert.Equal(gb200.Evaluate(i), mixed.Evaluate(half + i));
            rackMatters |= gb200.Evaluate(i).WallClockDays != gb200OnNodes.Evaluate(i).WallClockDays;
        }
        // The test says something only if the rack's 72-GPU NVLink domain changes some GB200 point.
        Assert.True(rackMatters);
        // The reference sweep and the plain C# backend read the same cluster per accelerator.
        var options = new SweepOptions(4, Pareto: true);
        SweepResult expected = ReferenceSweep.Run(mixed, options);
        SweepResult cpu = new CpuBackend().Run(mixed, options);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), cpu.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), cpu.BestPerHardware.Select(p => p?.Index));
    }

    [Fact]
    public void A_grid_needs_one_cluster_per_accelerator()
    {
        var e = Assert.Throws<ArgumentException>(() => Grid(Names, Settings, [Settings.Cluster]));
        Assert.Contains("one cluster per accelerator", e.Message);
    }
}
