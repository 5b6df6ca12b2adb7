using ILGPU;
using ILGPU.Runtime;

namespace ComputeSim.Engine;

/// <summary>An ILGPU context with the first accelerator of one kind, and a grid-stride launch shape for it.</summary>
public sealed class IlgpuDevice : IDisposable
{
    private const int GroupSize = 256;
    private readonly Context _context;

    private IlgpuDevice(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
        int group = Math.Min(GroupSize, accelerator.MaxNumThreadsPerGroup);
        Config = new KernelConfig(accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / group), group);
    }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Groups × threads for a grid-stride kernel: every multiprocessor full.</summary>
    public KernelConfig Config { get; }

    /// <summary>
    /// Opens the first device of a kind and builds <typeparamref name="T"/> on it (kernels compile there).
    /// Any failure, opening or compiling, is a one-line <see cref="Model.InputException"/> naming
    /// <paramref name="flag"/>, and the device is released.
    /// </summary>
    public static T OpenWith<T>(IlgpuKind kind, string flag, Func<IlgpuDevice, T> build)
    {
        IlgpuDevice device = Open(kind, flag);
        try
        {
            return build(device);
        }
        catch (Exception e) when (e is not Model.InputException)
        {
            device.Dispose();
            throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: the device could not be started ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Opens the first device of a kind; a one-line <see cref="Model.InputException"/> naming <paramref name="flag"/> if it cannot.</summary>
    public static IlgpuDevice Open(IlgpuKind kind, string flag)
    {
        NativeLibraries.Register();
        Context? context = null;
        try
        {
            context = IlgpuContexts.Create(kind);
            // A context always holds ILGPU's CPU device too: take only a device of the asked-for type.
            AcceleratorType type = kind switch { IlgpuKind.Cpu => AcceleratorType.CPU, IlgpuKind.Cuda => AcceleratorType.Cuda, _ => AcceleratorType.OpenCL };
            Device device = context.Devices.FirstOrDefault(d => d.AcceleratorType == type)
                ?? throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: no {kind} device found");
            return new IlgpuDevice(context, device.CreateAccelerator(context));
        }
        catch (Exception e) when (e is not Model.InputException)
        {
            context?.Dispose();
            throw new Model.InputException(flag, $"{Backends.Of(kind).Name()}: the device could not be started ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        catch
        {
            context?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
