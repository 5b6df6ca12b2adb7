using ILGPU;
using ILGPU.Runtime;

namespace ComputeSim.Engine;

/// <summary>An accelerator of one kind on an ILGPU context, and a grid-stride launch shape for it.</summary>
public sealed class IlgpuDevice : IDisposable
{
    private const int GroupSize = 256;
    private readonly Context _context;
    private readonly bool _shared;
    private readonly bool _borrowed;

    private IlgpuDevice(Context context, bool shared, Accelerator accelerator, bool borrowed)
    {
        _context = context;
        _shared = shared;
        _borrowed = borrowed;
        Accelerator = accelerator;
        int group = Math.Min(GroupSize, accelerator.MaxNumThreadsPerGroup);
        Config = new KernelConfig(accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / group), group);
    }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>
    /// Tests only: the accelerator a device on a shared context borrows and leaves open (null: it creates its own,
    /// as in production). ILGPU caches compiled kernels per accelerator, so a borrowed one compiles each kernel once.
    /// </summary>
    internal static Func<Context, Device, Accelerator?>? BorrowAccelerator { get; set; }

    /// <summary>Groups × threads for a grid-stride kernel: every multiprocessor full.</summary>
    public KernelConfig Config { get; }

    /// <summary>
    /// Opens the first device of a kind and builds <typeparamref name="T"/> on it (kernels compile there).
    /// Any failure, opening or compiling, is a one-line <see cref="Model.InputException"/> naming
    /// <paramref name="flag"/>, and the device is released.
    /// </summary>
    /// <param name="kind">Which accelerator.</param>
    /// <param name="flag">The request field errors name.</param>
    /// <param name="build">Loads the kernels and builds the user of the device.</param>
    /// <param name="fresh">
    /// Use a context of its own rather than the process's shared one (<see cref="IlgpuContexts.Shared"/>), whose
    /// compiled kernels the next device reuses: for kernels that are not the project's (a test's broken kernel).
    /// </param>
    public static T OpenWith<T>(IlgpuKind kind, string flag, Func<IlgpuDevice, T> build, bool fresh = false)
    {
        IlgpuDevice device = Open(kind, flag, fresh);
        try
        {
            if (!device._shared)
                return build(device);
            lock (IlgpuContexts.CompileLock)
                return build(device);
        }
        catch (Exception e) when (e is not Model.InputException)
        {
            device.Retire();
            throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: the device could not be started ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        catch
        {
            device.Retire();
            throw;
        }
    }

    /// <summary>Opens the first device of a kind; a one-line <see cref="Model.InputException"/> naming <paramref name="flag"/> if it cannot.</summary>
    /// <param name="kind">Which accelerator.</param>
    /// <param name="flag">The request field errors name.</param>
    /// <param name="fresh">Use a context of its own rather than the process's shared one.</param>
    public static IlgpuDevice Open(IlgpuKind kind, string flag, bool fresh = false)
    {
        NativeLibraries.Register();
        Context? context = null;
        try
        {
            context = fresh ? IlgpuContexts.Create(kind) : IlgpuContexts.Shared(kind);
            // A context always holds ILGPU's CPU device too: take only a device of the asked-for type.
            AcceleratorType type = kind switch { IlgpuKind.Cpu => AcceleratorType.CPU, IlgpuKind.Cuda => AcceleratorType.Cuda, _ => AcceleratorType.OpenCL };
            Device device = context.Devices.FirstOrDefault(d => d.AcceleratorType == type)
                ?? throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: no {kind} device found");
            Accelerator? borrowed = fresh ? null : BorrowAccelerator?.Invoke(context, device);
            return new IlgpuDevice(context, !fresh, borrowed ?? device.CreateAccelerator(context), borrowed is not null);
        }
        catch (Exception e) when (e is not Model.InputException)
        {
            Release(context, fresh);
            throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: the device could not be started ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        catch
        {
            Release(context, fresh);
            throw;
        }
    }

    // A failed compilation may have damaged the shared context's IR cache: the next device gets a fresh context.
    private void Retire()
    {
        Dispose();
        if (_shared)
            IlgpuContexts.Retire(_context);
    }

    // Nothing was compiled yet: a shared context stays shared, a fresh one goes.
    private static void Release(Context? context, bool fresh)
    {
        if (fresh)
            context?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_borrowed)
            Accelerator.Dispose();
        // The shared context outlives its devices: it holds the kernels' IR the next device reuses.
        if (!_shared)
            _context.Dispose();
    }
}
