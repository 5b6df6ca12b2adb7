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

    /// <summary>A context holding the devices of one kind (ILGPU adds its CPU device to every context).</summary>
    public static Context Create(IlgpuKind kind) => Context.Create(b => (kind switch
    {
        IlgpuKind.Cpu => b.DefaultCPU(),
        IlgpuKind.Cuda => b.Cuda(),
        _ => b.OpenCL(),
    }).WithKernelFeatures());
}
