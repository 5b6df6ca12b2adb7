using ComputeSim.Model;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ComputeSim.Engine;

/// <summary>
/// How <see cref="BackendKind.Auto"/> picks a device, the same for sweeps and Monte Carlo: a CUDA GPU, else an
/// OpenCL GPU, else the host. A GPU that is seen but will not start (driver, memory, compilation) is skipped
/// with one warning line, so <c>auto</c> never fails a run; an explicitly named device that cannot start does.
/// </summary>
public static class DevicePolicy
{
    /// <summary>The GPU kinds <c>auto</c> tries, in order.</summary>
    public static IReadOnlyList<IlgpuKind> AutoOrder { get; } = [IlgpuKind.Cuda, IlgpuKind.OpenCL];

    /// <summary>
    /// The first GPU in <see cref="AutoOrder"/> that is present and opens with <paramref name="openGpu"/>, else
    /// <paramref name="host"/>(). Each present GPU that throws is reported to <paramref name="warn"/>, naming <paramref name="subject"/>.
    /// </summary>
    public static T OpenAuto<T>(Func<IlgpuKind, T> openGpu, Func<T> host, string subject, Action<string>? warn) =>
        OpenFirst(AutoOrder.Select(kind => (Backends.Of(kind).Name(), (Func<T?>)(() => HasGpu(kind) ? openGpu(kind) : default))), host, subject, warn);

    /// <summary>
    /// The first candidate that opens (a null means "no such device", skipped quietly), else <paramref name="host"/>().
    /// A candidate that throws is skipped with a warning naming the reason.
    /// </summary>
    public static T OpenFirst<T>(IEnumerable<(string Name, Func<T?> Open)> candidates, Func<T> host, string subject, Action<string>? warn)
    {
        foreach (var (name, open) in candidates)
        {
            try
            {
                T? opened = open();
                if (opened is not null)
                    return opened;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                string reason = e is InputException ? e.Message : $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
                warn?.Invoke($"warning: {subject} auto: {name} could not be used; trying the next device, then cpu ({reason})");
            }
        }
        return host();
    }

    /// <summary>True if ILGPU sees a GPU of this kind (an OpenCL CPU device does not count).</summary>
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
