using System.Runtime.CompilerServices;
using ComputeSim.Kernels;
using ComputeSim.Model;
using ILGPU;
using ILGPU.Runtime;
using ReduceKernel = System.Action<ComputeSim.Model.GridSpec, ComputeSim.Model.Selection, ILGPU.ArrayView<double>,
    ILGPU.ArrayView<ComputeSim.Model.AcceleratorSpec>, ILGPU.ArrayView<ComputeSim.Model.ClusterSpec>, long, int, ComputeSim.Kernels.ReductionViews>;

namespace ComputeSim.Engine;

/// <summary>Which ILGPU accelerator a backend runs on.</summary>
public enum IlgpuKind
{
    /// <summary>ILGPU's CPU accelerator: runs the kernels' IL itself (how CI tests kernel code).</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through PTX.</summary>
    Cuda,
    /// <summary>An OpenCL device.</summary>
    OpenCL,
}

/// <summary>
/// Runs the sweep kernels on an ILGPU accelerator, chunk by chunk. A sweep that keeps only reductions runs
/// <see cref="SweepKernels.Reduce"/>: the device counts and returns only the few points that could be kept,
/// which the host merges exactly. Point output, a reduction with no device bound, and chunks with more candidates
/// than the candidate buffer holds (the first ones, before the bounds tighten) copy every point back and reduce on the host.
/// </summary>
public sealed class IlgpuBackend : ChunkedBackend
{
    private const int GpuChunkSize = 1 << 22;
    private const int CpuChunkSize = 1 << 16;
    // The output buffer takes at most this share of device memory, leaving room for other work on the device.
    private const int DeviceMemoryShare = 8;

    private readonly IlgpuDevice _device;
    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, GridSpec, ArrayView<double>, ArrayView<AcceleratorSpec>, ArrayView<ClusterSpec>, long, int, ArrayView<PointResult>> _kernel;
    private readonly KernelConfig _config;
    private MemoryBuffer1D<double, Stride1D.Dense>? _axisValues;
    private MemoryBuffer1D<AcceleratorSpec, Stride1D.Dense>? _hardware;
    private MemoryBuffer1D<ClusterSpec, Stride1D.Dense>? _clusters;
    private MemoryBuffer1D<PointResult, Stride1D.Dense>? _output;
    private readonly DeviceReduction? _reduction;
    private PointResult[]? _hostResults;

    private IlgpuBackend(IlgpuKind kind, IlgpuDevice device, int? chunkSize, ReduceKernel reduce)
    {
        Kind = kind;
        _device = device;
        _accelerator = device.Accelerator;
        // Loaded once per accelerator: ILGPU compiles on load and has no on-disk cache.
        _kernel = _accelerator.LoadStreamKernel<GridSpec, ArrayView<double>, ArrayView<AcceleratorSpec>, ArrayView<ClusterSpec>, long, int, ArrayView<PointResult>>(SweepKernels.Evaluate);
        // Compiled here, with the other kernel, so that a failure is the same one-line device error.
        _reduction = DeviceReduction.Create(_accelerator, reduce);
        _config = device.Config;
        ChunkSize = ChunkSizeFor(_accelerator.MemorySize, chunkSize ?? (kind == IlgpuKind.Cpu ? CpuChunkSize : GpuChunkSize));
    }

    /// <summary>
    /// <paramref name="requested"/> points per launch, capped so the output buffer stays within an
    /// eighth of <paramref name="deviceMemoryBytes"/> (a small GPU gets smaller chunks, not an out-of-memory error).
    /// </summary>
    public static int ChunkSizeFor(long deviceMemoryBytes, int requested)
    {
        if (deviceMemoryBytes <= 0)
            return Math.Max(1, requested);
        long cap = deviceMemoryBytes / DeviceMemoryShare / Unsafe.SizeOf<PointResult>();
        return (int)Math.Clamp(Math.Min(requested, cap), 1, int.MaxValue);
    }

    /// <summary>Chunks reduced on the device (their points never left it) since the backend was created.</summary>
    public int ChunksReducedOnDevice => _reduction?.Reduced ?? 0;

    /// <summary>Chunks that found more candidates than the device buffer holds, and were reduced on the host instead.</summary>
    public int ChunksReducedOnHost => _reduction?.Overflowed ?? 0;

    /// <summary>The accelerator kind.</summary>
    public IlgpuKind Kind { get; }

    /// <inheritdoc />
    public override int ChunkSize { get; }

    /// <inheritdoc />
    public override string Name => Backends.Of(Kind).Name();

    /// <inheritdoc />
    public override string Description => _reduction is null
        ? $"{Name} ({_accelerator.Name}; reductions on the host: no 64-bit atomics)"
        : $"{Name} ({_accelerator.Name})";

    /// <summary>Opens the first device of a kind; <see cref="InputException"/> if there is none.</summary>
    /// <param name="kind">Which accelerator.</param>
    /// <param name="chunkSize">Points per launch (default: 2^22 on a GPU, 2^16 on the CPU accelerator).</param>
    /// <remarks>Both kernels compile here: a kernel that fails to compile is a one-line <see cref="InputException"/>.</remarks>
    public static IlgpuBackend Create(IlgpuKind kind, int? chunkSize = null) => Create(kind, chunkSize, SweepKernels.Reduce);

    /// <summary><see cref="Create(IlgpuKind, int?)"/> with another reduction kernel (tests: one that cannot compile).</summary>
    internal static IlgpuBackend Create(IlgpuKind kind, int? chunkSize, ReduceKernel reduce) =>
        IlgpuDevice.OpenWith(kind, "backend", device => new IlgpuBackend(kind, device, chunkSize, reduce), fresh: reduce != SweepKernels.Reduce);

    /// <inheritdoc />
    protected override void Begin(SweepProblem problem, int chunkSize) => OnDevice(() =>
    {
        _hostResults = null;
        _axisValues = _accelerator.Allocate1D(problem.AxisValues);
        _hardware = _accelerator.Allocate1D(problem.Hardware);
        _clusters = _accelerator.Allocate1D(problem.Clusters);
        _output = _accelerator.Allocate1D<PointResult>(chunkSize);
        _reduction?.Begin(problem, chunkSize);
    });

    /// <inheritdoc />
    protected override void End()
    {
        try
        {
            OnDevice(() =>
            {
                _reduction?.End();
                _output?.Dispose();
                _hardware?.Dispose();
                _clusters?.Dispose();
                _axisValues?.Dispose();
            });
        }
        finally
        {
            _output = null;
            _hardware = null;
            _clusters = null;
            _axisValues = null;
        }
    }

    /// <inheritdoc />
    protected override void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer)
    {
        if (!needBuffer && _reduction is DeviceReduction reduction
            && OnDevice(() => reduction.Run(_config, problem, _axisValues!.View, _hardware!.View, _clusters!.View, start, count, parts[0])))
            return;
        // Without a point sink, the host buffer exists only for this path: allocate it on first use.
        PointResult[] results = needBuffer ? buffer : _hostResults ??= new PointResult[ChunkSize];
        OnDevice(() =>
        {
            _kernel(_config, problem.Spec, _axisValues!.View, _hardware!.View, _clusters!.View, start, count, _output!.View);
            _accelerator.Synchronize();
            _output.View.BaseView.SubView(0, count).CopyToCPU(results.AsSpan(0, count));
        });
        Reduce(start, count, results, parts);
    }

    private void OnDevice(Action work) => OnDevice(() =>
    {
        work();
        return true;
    });

    /// <summary>Runs device work; whatever it throws (out of memory, a lost device, a failed launch) becomes a <see cref="DeviceFaultException"/>.</summary>
    private bool OnDevice(Func<bool> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is not DeviceFaultException)
        {
            throw new DeviceFaultException(Name, e);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            End();
            _reduction?.Dispose();
            _device.Dispose();
        }
    }
}
