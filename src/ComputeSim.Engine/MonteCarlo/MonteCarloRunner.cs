using System.Collections.Concurrent;
using ComputeSim.Kernels;
using ComputeSim.Model;
using ILGPU;
using ILGPU.Runtime;

namespace ComputeSim.Engine;

/// <summary>P10/P50/P90 of one point's days, cost and energy.</summary>
/// <param name="Days">Wall-clock days with failures.</param>
/// <param name="CostUsd">Rental cost at the price tier, USD.</param>
/// <param name="EnergyMwh">Energy in the plan's energy scope, MWh.</param>
public sealed record MonteCarloBands(Band Days, Band CostUsd, Band EnergyMwh);

/// <summary>
/// Runs <see cref="MonteCarlo.Sample"/> for every (point, sample) on a backend — the same formula and
/// the same counter-based draws everywhere — then takes percentiles on the host.
/// </summary>
public static class MonteCarloRunner
{
    /// <summary>Samples held at once (24 bytes each): points are drawn in batches of at most this many slots.</summary>
    public const int MaxSlotsPerBatch = 1 << 22;

    private const int SlotsPerTask = 4096;

    /// <summary>Samples every point; returns them point-major (point p's samples at p × samples + s).</summary>
    public static MonteCarloSample[] Sample(BackendKind backend, IReadOnlyList<MonteCarloPoint> points, in PlanningAssumptions a, in MonteCarloSpec spec)
    {
        if ((long)points.Count * spec.Samples > MaxSlotsPerBatch)
            throw new ArgumentOutOfRangeException(nameof(points), "more samples than one batch holds; use Bands");
        using Sampler sampler = Sampler.Open(backend, null);
        return sampler.Run(points.ToArray(), a, spec);
    }

    /// <summary>P10/P50/P90 of every point, drawing the points in batches of about <paramref name="slotsPerBatch"/> samples so that memory stays bounded.</summary>
    /// <param name="warn">Told, in one line, why a GPU that <see cref="BackendKind.Auto"/> saw could not be used.</param>
    public static MonteCarloBands[] Bands(BackendKind backend, IReadOnlyList<MonteCarloPoint> points, in PlanningAssumptions a, in MonteCarloSpec spec,
        int slotsPerBatch = MaxSlotsPerBatch, Action<string>? warn = null)
    {
        int perBatch = Math.Max(1, slotsPerBatch / spec.Samples);
        var bands = new List<MonteCarloBands>(points.Count);
        using Sampler sampler = Sampler.Open(backend, warn);
        for (int start = 0; start < points.Count; start += perBatch)
        {
            MonteCarloPoint[] batch = points.Skip(start).Take(perBatch).ToArray();
            bands.AddRange(Bands(sampler.Run(batch, a, spec), spec.Samples));
        }
        return [.. bands];
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

    /// <summary>One backend, opened once for every batch.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly BackendKind _backend;
        private readonly IlgpuDevice? _device;
        private readonly Action<KernelConfig, MonteCarloSpec, PlanningAssumptions, ArrayView<MonteCarloPoint>, int, ArrayView<MonteCarloSample>>? _kernel;

        private Sampler(BackendKind backend, IlgpuDevice? device)
        {
            _backend = backend;
            _device = device;
            // Compiled once per sampler: ILGPU compiles on load and keeps no cache between processes.
            _kernel = device?.Accelerator.LoadStreamKernel<MonteCarloSpec, PlanningAssumptions, ArrayView<MonteCarloPoint>, int, ArrayView<MonteCarloSample>>(MonteCarloKernels.Sample);
        }

        // As a sweep's auto (one policy): a GPU that is seen but will not start is skipped with one warning line.
        public static Sampler Open(BackendKind backend, Action<string>? warn) => backend switch
        {
            BackendKind.Reference or BackendKind.Cpu => new Sampler(backend, null),
            BackendKind.Auto => DevicePolicy.OpenAuto(OnGpu, () => new Sampler(BackendKind.Cpu, null), "mc_backend", warn),
            _ => OnGpu(backend.Ilgpu()!.Value),
        };

        private static Sampler OnGpu(IlgpuKind kind) =>
            IlgpuDevice.OpenWith(kind, "mc_backend", device => new Sampler(Backends.Of(kind), device));

        public MonteCarloSample[] Run(MonteCarloPoint[] points, PlanningAssumptions a, MonteCarloSpec spec)
        {
            var output = new MonteCarloSample[points.Length * spec.Samples];
            if (_device is not null)
                OnDevice(points, a, spec, output);
            else if (_backend == BackendKind.Reference)
                for (int i = 0; i < output.Length; i++)
                    output[i] = MonteCarlo.Sample(points[i / spec.Samples], a, spec, i % spec.Samples);
            else
                // Ranges of slots, not points, so that one point with many samples still uses every core.
                Parallel.ForEach(Partitioner.Create(0, output.Length, SlotsPerTask), range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                        output[i] = MonteCarlo.Sample(points[i / spec.Samples], a, spec, i % spec.Samples);
                });
            return output;
        }

        private void OnDevice(MonteCarloPoint[] points, in PlanningAssumptions a, in MonteCarloSpec spec, MonteCarloSample[] output)
        {
            Accelerator acc = _device!.Accelerator;
            using MemoryBuffer1D<MonteCarloPoint, Stride1D.Dense> input = acc.Allocate1D(points);
            using MemoryBuffer1D<MonteCarloSample, Stride1D.Dense> result = acc.Allocate1D<MonteCarloSample>(output.Length);
            _kernel!(_device.Config, spec, a, input.View, output.Length, result.View);
            acc.Synchronize();
            result.CopyToCPU(output);
        }

        public void Dispose() => _device?.Dispose();
    }
}
