using System.Runtime.CompilerServices;
using ComputeSim.Engine;
using ComputeSim.Tests.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// One ILGPU CPU accelerator per shared context for the whole test process, lent to every device opened on that
/// context (<see cref="IlgpuDevice.BorrowAccelerator"/>). ILGPU caches compiled kernels per accelerator, and the
/// L2 kernels take tens of seconds to compile, so each ilgpu-cpu test that opened its own device compiled them again.
/// Devices on fresh contexts (a test's broken kernel) and GPU devices still get their own accelerator.
/// </summary>
public static class SharedAccelerators
{
    // Guarded by IlgpuContexts.CompileLock: ILGPU does not promise concurrent compilation in one context.
    private static readonly Dictionary<Context, Lent> ByContext = [];
    private static readonly AsyncLocal<bool> OwnAccelerators = new();

    // The kernels are held here: ILGPU's cache keeps them only while something else holds them.
    private sealed record Lent(Accelerator Accelerator, List<Kernel> Kernels);

#pragma warning disable CA2255 // Every test that opens an ilgpu-cpu device, through the CLI too, must find it set.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install() => IlgpuDevice.BorrowAccelerator = Borrow;

    /// <summary>Until disposed, devices opened on this flow create (and dispose) their own accelerator, as in production.</summary>
    public static IDisposable Unshared()
    {
        OwnAccelerators.Value = true;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => OwnAccelerators.Value = false;
    }

    private static Accelerator? Borrow(Context context, Device device)
    {
        if (OwnAccelerators.Value || device.AcceleratorType != AcceleratorType.CPU)
            return null;
        lock (IlgpuContexts.CompileLock)
        {
            if (ByContext.TryGetValue(context, out Lent? lent))
                return lent.Accelerator;
            Accelerator accelerator = device.CreateAccelerator(context);
            try
            {
                // Every project kernel, compiled once now and loaded by the devices as they load it (explicitly grouped).
                List<Kernel> kernels = [.. KernelCatalog.All.Where(k => !KernelCatalog.IsImplicitlyGrouped(k)).Select(accelerator.LoadKernel)];
                ByContext[context] = new Lent(accelerator, kernels);
                return accelerator;
            }
            catch
            {
                // As a device does after a failed compilation: the context's IR cache may be damaged.
                accelerator.Dispose();
                IlgpuContexts.Retire(context);
                throw;
            }
        }
    }
}
