using ComputeSim.Model;
using ILGPU;

namespace ComputeSim.Kernels;

/// <summary>ILGPU entry point of the Monte Carlo: one slot per (point, sample); the formula is the model's.</summary>
public static class MonteCarloKernels
{
    /// <summary>Fills <paramref name="output"/>[p × samples + s] with sample s of point p.</summary>
    /// <remarks>Grid-stride loop, explicitly grouped, for the reason given on <see cref="SweepKernels.Evaluate"/>.</remarks>
    public static void Sample(MonteCarloSpec spec, PlanningAssumptions assumptions, ArrayView<MonteCarloPoint> points, int total, ArrayView<MonteCarloSample> output)
    {
        int stride = Grid.DimX * Group.DimX;
        for (int i = Grid.GlobalIndex.X; i < total; i += stride)
            output[i] = MonteCarlo.Sample(points[i / spec.Samples], assumptions, spec, i % spec.Samples);
    }
}
