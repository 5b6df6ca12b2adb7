namespace ComputeSim.Engine;

/// <summary>A way to run a sweep: every backend returns the same <see cref="SweepResult"/> for the same problem.</summary>
public abstract class SweepBackend : IDisposable
{
    /// <summary>The name used by <c>--backend</c>.</summary>
    public abstract string Name { get; }

    /// <summary>A line saying what runs, e.g. the device.</summary>
    public virtual string Description => Name;

    /// <summary>Runs the sweep; <paramref name="sink"/> receives every point in index order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was set before the sweep finished.</exception>
    public abstract SweepResult Run(
        SweepProblem problem, SweepOptions options, IPointSink? sink = null, IProgress<long>? progress = null, CancellationToken cancel = default);

    /// <summary>
    /// Opens a sweep backend; <see cref="BackendKind.Auto"/> follows <see cref="DevicePolicy"/> and tells
    /// <paramref name="warn"/> (one line) why a GPU it saw could not be used.
    /// </summary>
    public static SweepBackend Open(BackendKind kind, Action<string>? warn = null) => kind switch
    {
        BackendKind.Cpu => new CpuBackend(),
        BackendKind.Reference => new ReferenceBackend(),
        BackendKind.Auto => DevicePolicy.OpenAuto<SweepBackend>(k => IlgpuBackend.Create(k), () => new CpuBackend(), "backend", warn),
        _ => IlgpuBackend.Create(kind.Ilgpu()!.Value),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases devices.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>The single-threaded reference path.</summary>
public sealed class ReferenceBackend : SweepBackend
{
    /// <inheritdoc />
    public override string Name => "reference";

    /// <inheritdoc />
    public override string Description => "reference (plain C#, one thread)";

    /// <inheritdoc />
    public override SweepResult Run(
        SweepProblem problem, SweepOptions options, IPointSink? sink = null, IProgress<long>? progress = null, CancellationToken cancel = default) =>
        ReferenceSweep.Run(problem, options, sink, progress, cancel);
}
