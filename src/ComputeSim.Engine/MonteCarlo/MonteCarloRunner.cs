using ComputeSim.Kernels;
using ComputeSim.Model;
using ILGPU;
using ILGPU.Runtime;

namespace ComputeSim.Engine;

/// <summary>P10/P50/P90 of one point's days, cost and energy.</summary>
/// <param name="Days">Wall-clock days with failures.</param>
/// <param name="CostUsd">Rental cost at the price tier, USD.</param>
/// <param name="EnergyMwh">Facility energy, MWh.</param>
public sealed record MonteCarloBands(Band Days, Band CostUsd, Band EnergyMwh);

/// <summary>
/// Runs <see cref="MonteCarlo.Sample"/> for every (point, sample) on a backend — the same formula and
/// the same counter-based draws everywhere — then takes percentiles on the host.
/// </summary>
public static class MonteCarloRunner
{
    /// <summary>Names <c>--mc-backend</c> accepts.</summary>
    public static readonly string[] BackendNames = ["auto", "cpu", "reference", "ilgpu-cpu", "cuda", "opencl"];

    private const int SlotsPerTask = 4096;

    /// <summary>Largest points × samples in one run (one kernel launch of int slots).</summary>
    public const long MaxSlots = int.MaxValue;

    /// <summary>Samples every point; returns them point-major (point p's samples at p × samples + s).</summary>
    public static MonteCarloSample[] Sample(string backend, IReadOnlyList<MonteCarloPoint> points, in PlanningAssumptions a, in MonteCarloSpec spec)
    {
        long total = (long)points.Count * spec.Samples;
        if (total > MaxSlots)
            throw new InputException($"--mc-samples: {points.Count:N0} points x {spec.Samples:N0} samples exceeds {MaxSlots:N0}");
        var output = new MonteCarloSample[total];
        MonteCarloPoint[] p = points.ToArray();
        PlanningAssumptions assumptions = a;
        MonteCarloSpec s = spec;
        switch (backend.Trim().ToLowerInvariant())
        {
            case "reference":
                for (int i = 0; i < output.Length; i++)
                    output[i] = MonteCarlo.Sample(p[i / s.Samples], assumptions, s, i % s.Samples);
                break;
            case "cpu":
                // Ranges of slots, not points, so that one point with many samples still uses every core.
                System.Threading.Tasks.Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, output.Length, SlotsPerTask), range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                        output[i] = MonteCarlo.Sample(p[i / s.Samples], assumptions, s, i % s.Samples);
                });
                break;
            case "ilgpu-cpu":
                OnDevice(IlgpuKind.Cpu, p, assumptions, s, output);
                break;
            case "cuda":
                OnDevice(IlgpuKind.Cuda, p, assumptions, s, output);
                break;
            case "opencl":
                OnDevice(IlgpuKind.OpenCL, p, assumptions, s, output);
                break;
            case "auto":
                // The host is fast enough for the few kept points; a CUDA device pays off for many samples.
                if (Engine.BackendNames.HasGpu(IlgpuKind.Cuda))
                    OnDevice(IlgpuKind.Cuda, p, assumptions, s, output);
                else
                    return Sample("cpu", points, a, spec);
                break;
            default:
                throw new InputException($"--mc-backend: unknown backend '{backend}'; expected one of {string.Join(", ", BackendNames)}");
        }
        return output;
    }

    /// <summary>Percentiles of each point's samples.</summary>
    public static MonteCarloBands[] Bands(MonteCarloSample[] samples, int perPoint)
    {
        var bands = new MonteCarloBands[samples.Length / perPoint];
        var days = new double[perPoint];
        var cost = new double[perPoint];
        var energy = new double[perPoint];
        for (int p = 0; p < bands.Length; p++)
        {
            for (int s = 0; s < perPoint; s++)
            {
                MonteCarloSample x = samples[(long)p * perPoint + s];
                days[s] = x.Days;
                cost[s] = x.CostUsd;
                energy[s] = x.EnergyMwh;
            }
            bands[p] = new MonteCarloBands(Percentiles.Of(days), Percentiles.Of(cost), Percentiles.Of(energy));
        }
        return bands;
    }

    private static void OnDevice(IlgpuKind kind, MonteCarloPoint[] points, in PlanningAssumptions a, in MonteCarloSpec spec, MonteCarloSample[] output)
    {
        using IlgpuDevice device = IlgpuDevice.Open(kind, "--mc-backend");
        Accelerator acc = device.Accelerator;
        var kernel = acc.LoadStreamKernel<MonteCarloSpec, PlanningAssumptions, ArrayView<MonteCarloPoint>, int, ArrayView<MonteCarloSample>>(MonteCarloKernels.Sample);
        using MemoryBuffer1D<MonteCarloPoint, Stride1D.Dense> input = acc.Allocate1D(points);
        using MemoryBuffer1D<MonteCarloSample, Stride1D.Dense> result = acc.Allocate1D<MonteCarloSample>(output.Length);
        kernel(device.Config, spec, a, input.View, output.Length, result.View);
        acc.Synchronize();
        result.CopyToCPU(output);
    }
}
