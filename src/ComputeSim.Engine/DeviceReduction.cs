using ComputeSim.Kernels;
using ComputeSim.Model;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;
using ReduceKernel = System.Action<ComputeSim.Model.GridSpec, ComputeSim.Model.Selection, ILGPU.ArrayView<double>,
    ILGPU.ArrayView<ComputeSim.Model.AcceleratorSpec>, ILGPU.ArrayView<ComputeSim.Model.ClusterSpec>, long, int, ComputeSim.Kernels.ReductionViews>;

namespace ComputeSim.Engine;

/// <summary>
/// The device side of a reduced sweep: uploads the reductions' bounds (<see cref="Accumulator.Bounds"/>), runs
/// <see cref="SweepKernels.Reduce"/>, and folds the counts and candidates it returns into the host accumulator.
/// The merge is exact: a point the device leaves out failed every bound the reductions had, so it could change nothing.
/// </summary>
internal sealed class DeviceReduction : IDisposable
{
    // Candidates one launch may return; a chunk that finds more is redone by copying every point back.
    private const int CandidateCapacity = 1 << 16;

    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, GridSpec, Selection, ArrayView<double>, ArrayView<AcceleratorSpec>, ArrayView<ClusterSpec>, long, int, ReductionViews> _kernel;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _counters;
    private MemoryBuffer1D<ScoreTable, Stride1D.Dense>? _tables;
    private MemoryBuffer1D<double, Stride1D.Dense>? _thresholds;
    private MemoryBuffer1D<double, Stride1D.Dense>? _frontDays;
    private MemoryBuffer1D<double, Stride1D.Dense>? _frontCost;
    private MemoryBuffer1D<long, Stride1D.Dense>? _candidateIndex;
    private MemoryBuffer1D<PointResult, Stride1D.Dense>? _candidateResult;
    private readonly long[] _counts = new long[2];

    private DeviceReduction(Accelerator accelerator, ReduceKernel kernel)
    {
        _accelerator = accelerator;
        _kernel = accelerator.LoadStreamKernel(kernel);
        _counters = accelerator.Allocate1D<long>(2);
    }

    /// <summary>Launches that returned their candidates.</summary>
    public int Reduced { get; private set; }

    /// <summary>Launches redone by copying every point back (too many candidates).</summary>
    public int Overflowed { get; private set; }

    /// <summary>
    /// Compiles <paramref name="kernel"/> (<see cref="SweepKernels.Reduce"/>; tests pass one that cannot compile).
    /// Null only where the device lacks 64-bit atomics (an OpenCL device without <c>cl_khr_int64_base_atomics</c>),
    /// so the host reduces. Anything else that stops the kernel compiling is thrown: the caller reports it as a
    /// device error, never as a quiet fallback.
    /// </summary>
    public static DeviceReduction? Create(Accelerator accelerator, ReduceKernel kernel) =>
        HasInt64Atomics(accelerator) ? new DeviceReduction(accelerator, kernel) : null;

    /// <summary>True unless the device is an OpenCL one without 64-bit atomics (CUDA and the CPU accelerator always have them).</summary>
    public static bool HasInt64Atomics(Accelerator accelerator) =>
        accelerator.Capabilities is not CLCapabilityContext cl || cl.Int64_Atomics;

    /// <summary>Allocates the per-problem buffers.</summary>
    public void Begin(SweepProblem problem, int chunkSize)
    {
        int capacity = Math.Min(chunkSize, CandidateCapacity);
        _candidateIndex = _accelerator.Allocate1D<long>(capacity);
        _candidateResult = _accelerator.Allocate1D<PointResult>(capacity);
    }

    /// <summary>Frees the per-problem buffers.</summary>
    public void End()
    {
        foreach (MemoryBuffer? b in new MemoryBuffer?[] { _tables, _thresholds, _frontDays, _frontCost, _candidateIndex, _candidateResult })
            b?.Dispose();
        _tables = null;
        _thresholds = _frontDays = _frontCost = null;
        _candidateIndex = null;
        _candidateResult = null;
    }

    /// <summary>
    /// Reduces <c>[start, start + count)</c> into <paramref name="acc"/>; false (and nothing added) if it must be redone
    /// on the host: too many candidates, or a reduction with no bound a device can test.
    /// </summary>
    public bool Run(KernelConfig config, SweepProblem problem, ArrayView<double> axisValues, ArrayView<AcceleratorSpec> hardware,
        ArrayView<ClusterSpec> clusters, long start, int count, Accumulator acc)
    {
        HostBounds bounds = acc.Bounds();
        if (bounds.NeedsEveryPoint)
            return false;
        Upload(ref _tables, bounds.Tables);
        Upload(ref _thresholds, bounds.Thresholds);
        Upload(ref _frontDays, bounds.FrontDaysArray);
        Upload(ref _frontCost, bounds.FrontCostArray);
        MemoryBuffer1D<long, Stride1D.Dense> candidateIndex = _candidateIndex!;
        MemoryBuffer1D<PointResult, Stride1D.Dense> candidateResult = _candidateResult!;
        _counters.MemSetToZero();

        var views = new ReductionViews
        {
            Tables = _tables!.View.SubView(0, bounds.TableCount),
            Thresholds = _thresholds!.View,
            FrontDaysView = _frontDays!.View,
            FrontCostView = _frontCost!.View,
            FrontPoints = bounds.FrontCount,
            KeepsFront = bounds.Pareto,
            Counters = _counters.View,
            CandidateIndex = candidateIndex.View,
            CandidateResult = candidateResult.View,
        };
        _kernel(config, problem.Spec, problem.Selection, axisValues, hardware, clusters, start, count, views);
        _accelerator.Synchronize();
        _counters.CopyToCPU(_counts);
        long found = _counts[0];
        if (found > candidateIndex.Length)
        {
            Overflowed++;
            return false;
        }
        Reduced++;
        long[] index = new long[found];
        var results = new PointResult[found];
        candidateIndex.View.SubView(0, found).CopyToCPU(index);
        candidateResult.View.SubView(0, found).CopyToCPU(results);
        acc.Count(count, _counts[1]);
        for (int i = 0; i < found; i++)
            acc.Offer(index[i], results[i]);
        return true;
    }

    /// <summary>Copies <paramref name="values"/> to the front of <paramref name="buffer"/>, growing it (never below 64 slots) when they do not fit.</summary>
    private void Upload<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, T[] values) where T : unmanaged
    {
        if (buffer is null || buffer.Length < values.Length)
        {
            buffer?.Dispose();
            buffer = _accelerator.Allocate1D<T>(Math.Max(64, 2 * values.Length));
        }
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        End();
        _counters.Dispose();
    }
}
