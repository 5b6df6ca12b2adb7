using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ComputeSim.Engine;

/// <summary>
/// How every ILGPU context of the project is built: the devices use it, and so do the tests that compile
/// each kernel to PTX and OpenCL C without a GPU, so what those tests prove cannot drift from what runs.
/// </summary>
public static class IlgpuContexts
{
    /// <summary>
    /// What the kernels need from a context: ILGPU.Algorithms' math (without it, <c>Math.Pow</c> and
    /// <c>Math.Log</c> do not compile to PTX; with it, Pow/Exp/Log/Cos are software routines within about
    /// 1e-14 relative of <see cref="Math"/>).
    /// </summary>
    public static Context.Builder WithKernelFeatures(this Context.Builder builder) => builder.EnableAlgorithms();

    private static readonly Dictionary<IlgpuKind, Context> SharedContexts = [];

    /// <summary>
    /// The process's context for one kind, created on first use. ILGPU caches the kernels' IR per context (compiled
    /// kernels only per accelerator), so every device opened on it after the first (the next sweep of a server, the
    /// next test) skips about half of compilation, which takes tens of seconds for the L2 kernels on a small machine.
    /// Its devices build their kernels under <see cref="CompileLock"/>.
    /// </summary>
    public static Context Shared(IlgpuKind kind)
    {
        lock (SharedContexts)
        {
            if (!SharedContexts.TryGetValue(kind, out Context? context))
                SharedContexts[kind] = context = Create(kind);
            return context;
        }
    }

    /// <summary>
    /// Stops handing out <paramref name="context"/>: a kernel that failed to compile can leave a context's IR
    /// cache unusable, so the next device gets a fresh one. Devices still open on it keep working.
    /// </summary>
    public static void Retire(Context context)
    {
        lock (SharedContexts)
        {
            foreach (IlgpuKind kind in SharedContexts.Where(c => c.Value == context).Select(c => c.Key).ToList())
                SharedContexts.Remove(kind);
        }
    }

    /// <summary>Held while a device on a shared context compiles and loads its kernels: ILGPU does not promise concurrent compilation in one context.</summary>
    public static object CompileLock { get; } = new();

    /// <summary>A context holding the devices of one kind (ILGPU adds its CPU device to every context).</summary>
    public static Context Create(IlgpuKind kind) => Context.Create(b => (kind switch
    {
        IlgpuKind.Cpu => b.DefaultCPU(),
        IlgpuKind.Cuda => b.Cuda(),
        _ => b.OpenCL(),
    }).WithKernelFeatures());
}
