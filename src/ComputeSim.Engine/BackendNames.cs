using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>Backend names for <c>--backend</c>, and <c>auto</c>'s choice.</summary>
public static class BackendNames
{
    /// <summary>Every name <c>--backend</c> accepts.</summary>
    public static readonly string[] All = ["auto", "cpu", "reference", "ilgpu-cpu", "cuda", "opencl"];

    /// <summary>The name of an ILGPU kind.</summary>
    public static string Of(IlgpuKind kind) => kind switch
    {
        IlgpuKind.Cpu => "ilgpu-cpu",
        IlgpuKind.Cuda => "cuda",
        _ => "opencl",
    };

    /// <summary>
    /// Opens a backend by name; <c>auto</c> takes a CUDA GPU, else an OpenCL GPU, else <c>cpu</c>, and
    /// tells <paramref name="warn"/> (one line) why a GPU it saw could not be used.
    /// </summary>
    public static SweepBackend Open(string name, Action<string>? warn = null) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => new CpuBackend(),
        "reference" => new ReferenceBackend(),
        "ilgpu-cpu" => IlgpuBackend.Create(IlgpuKind.Cpu),
        "cuda" => IlgpuBackend.Create(IlgpuKind.Cuda),
        "opencl" => IlgpuBackend.Create(IlgpuKind.OpenCL),
        "auto" => OpenFirst(new[] { IlgpuKind.Cuda, IlgpuKind.OpenCL }
            .Select(kind => (Of(kind), (Func<SweepBackend?>)(() => HasGpu(kind) ? IlgpuBackend.Create(kind) : null))), warn),
        _ => throw new InputException("backend", $"unknown backend '{name}'; expected one of {string.Join(", ", All)}"),
    };

    /// <summary>
    /// The first candidate that opens (a null means "no such device", skipped quietly), else <c>cpu</c>.
    /// A candidate that throws is skipped with a warning naming the reason: <c>auto</c> never fails.
    /// </summary>
    public static SweepBackend OpenFirst(IEnumerable<(string Name, Func<SweepBackend?> Open)> candidates, Action<string>? warn)
    {
        foreach (var (name, open) in candidates)
        {
            try
            {
                SweepBackend? backend = open();
                if (backend is not null)
                    return backend;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                string reason = e is InputException ? e.Message : $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
                warn?.Invoke($"warning: backend auto: {name} could not be used; trying the next device, then cpu ({reason})");
            }
        }
        return new CpuBackend();
    }

    /// <summary>True if ILGPU sees a GPU of this kind.</summary>
    public static bool HasGpu(IlgpuKind kind)
    {
        NativeLibraries.Register();
        try
        {
            using Context context = kind == IlgpuKind.Cuda
                ? Context.Create(b => b.Cuda())
                : Context.Create(b => b.OpenCL());
            return context.Devices.Any(d => d.AcceleratorType == AcceleratorType.Cuda
                || (d is CLDevice cl && cl.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
