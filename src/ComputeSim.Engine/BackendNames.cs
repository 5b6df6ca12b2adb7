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

    /// <summary>Opens a backend by name; <c>auto</c> takes a CUDA GPU, else an OpenCL GPU, else <c>cpu</c>.</summary>
    public static SweepBackend Open(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => new CpuBackend(),
        "reference" => new ReferenceBackend(),
        "ilgpu-cpu" => IlgpuBackend.Create(IlgpuKind.Cpu),
        "cuda" => IlgpuBackend.Create(IlgpuKind.Cuda),
        "opencl" => IlgpuBackend.Create(IlgpuKind.OpenCL),
        "auto" => OpenAuto(),
        _ => throw new InputException($"--backend: unknown backend '{name}'; expected one of {string.Join(", ", All)}"),
    };

    private static SweepBackend OpenAuto()
    {
        foreach (IlgpuKind kind in new[] { IlgpuKind.Cuda, IlgpuKind.OpenCL })
        {
            if (HasGpu(kind))
            {
                try
                {
                    return IlgpuBackend.Create(kind);
                }
                catch (InputException)
                {
                    // A GPU that fails to start leaves auto on the CPU path.
                }
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
