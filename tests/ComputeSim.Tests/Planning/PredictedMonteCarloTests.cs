using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

/// <summary>Monte Carlo over the GEMM efficiency of predicted (L2) points: the chosen layout's step is re-run per sample.</summary>
public class PredictedMonteCarloTests
{
    private static readonly SweepProblem Grid = PredictedGrids.Make(Selection.Unconstrained(ObjectiveKind.Cost));

    /// <summary>Admissible predicted points of the test grid, on accelerators with a measured GEMM efficiency.</summary>
    private static MonteCarloPoint[] Points() =>
        Enumerable.Range(0, (int)Grid.Total).Select(i => (Index: (long)i, Result: Grid.Evaluate(i)))
            .Where(p => p.Result.Status == PointStatus.Ok).Take(6)
            .Select(p =>
            {
                TrainingJob job = Grid.Job(p.Index);
                return MonteCarlo.PointOf(p.Index, job, p.Result, Grid.Hardware[job.Hardware], Grid.Spec.Parallel);
            }).ToArray();

    private static MonteCarloSpec Spec(Distribution matmul) => new()
    {
        Seed = 3, Samples = 64, VaryMatmulEfficiency = 1, MatmulEfficiencyFactor = matmul,
        FailuresPerNodeDay = Distribution.Constant(6.5e-3), PriceFactor = Distribution.Constant(1),
    };

    /// <summary>At the profile's own efficiency the step model gives the L2 point's time again (relative 1e-12: it is
    /// recomputed from steps × step time, the point's from the same product through days).</summary>
    [Fact]
    public void The_profiles_efficiency_reproduces_the_predicted_time()
    {
        MonteCarloPoint[] points = Points();
        Assert.NotEmpty(points);
        foreach (MonteCarloPoint p in points)
        {
            double seconds = MonteCarlo.PredictedSeconds(p, p.Hardware.MatmulEfficiency);
            Assert.Equal(p.Run.ComputeSeconds, seconds, p.Run.ComputeSeconds * 1e-12);
        }
    }

    [Fact]
    public void Higher_gemm_efficiency_is_never_slower()
    {
        foreach (MonteCarloPoint p in Points())
        {
            double previous = double.PositiveInfinity;
            for (double e = 0.3; e <= 0.95; e += 0.05)
            {
                double s = MonteCarlo.PredictedSeconds(p, e);
                Assert.True(s <= previous, $"efficiency {e}: {s} > {previous}");
                previous = s;
            }
        }
    }

    [Theory]
    [InlineData(BackendKind.Cpu)]
    [InlineData(BackendKind.IlgpuCpu)]
    [InlineData(BackendKind.Auto)]
    public void Predicted_samples_are_identical_on_every_backend(BackendKind backend)
    {
        MonteCarloPoint[] points = Points();
        MonteCarloSpec spec = Spec(new Distribution { Kind = DistributionKind.Triangular, A = 0.8, B = 1.0, C = 1.1 });
        MonteCarloSample[] reference = MonteCarloRunner.Sample(BackendKind.Reference, points, PlanningTestData.Defaults, spec);
        Assert.Equal(reference, MonteCarloRunner.Sample(backend, points, PlanningTestData.Defaults, spec));
        Assert.Contains(MonteCarloRunner.Bands(reference, spec.Samples), b => b.Days.P10 < b.Days.P90);
    }
}
