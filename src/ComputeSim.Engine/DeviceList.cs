using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ComputeSim.Engine;

/// <summary>A device ILGPU sees.</summary>
/// <param name="Backend">The <c>--backend</c> name that uses it.</param>
/// <param name="Name">Device name.</param>
/// <param name="Note">Why it cannot be used, or other detail.</param>
public sealed record DeviceInfo(string Backend, string Name, string? Note);

/// <summary>Lists ILGPU's devices without failing when a driver is missing.</summary>
public static class DeviceList
{
    /// <summary>Every device found, CPU accelerator included.</summary>
    public static IReadOnlyList<DeviceInfo> All()
    {
        NativeLibraries.Register();
        var list = new List<DeviceInfo> { new("cpu", $"plain C# on {Environment.ProcessorCount} threads", null) };
        using (Context cpu = Context.Create(b => b.DefaultCPU()))
            list.AddRange(cpu.Devices.Select(d => new DeviceInfo("ilgpu-cpu", d.Name, "ILGPU CPU accelerator, for testing kernels")));
        list.AddRange(Probe("cuda", AcceleratorType.Cuda, b => b.Cuda()));
        list.AddRange(Probe("opencl", AcceleratorType.OpenCL, b => b.OpenCL()));
        return list;
    }

    private static IEnumerable<DeviceInfo> Probe(string backend, AcceleratorType type, Action<Context.Builder> configure)
    {
        try
        {
            using Context context = Context.Create(configure);
            var found = context.Devices.Where(d => d.AcceleratorType == type).Select(d => new DeviceInfo(backend, d.Name, $"{d.MemorySize / (1L << 30)} GiB")).ToList();
            return found.Count > 0 ? found : [new DeviceInfo(backend, "none", "no device or driver found")];
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or EntryPointNotFoundException)
        {
            return [new DeviceInfo(backend, "none", e.Message.Split('\n')[0])];
        }
    }
}
