using System.Collections.Concurrent;
using System.Reflection;
using ComputeSim.Engine;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ComputeSim.Tests.Kernels;

/// <summary>What compiling one kernel for one target gave: the code, or the one-line reason it failed.</summary>
public sealed record KernelCode(string Kernel, string Target, string? Code, string? Error)
{
    /// <summary>True if the kernel compiled.</summary>
    public bool Compiled => Error is null;

    /// <inheritdoc />
    public override string ToString() => Compiled ? $"{Kernel} -> {Target}: {Code!.Length} characters" : $"{Kernel} -> {Target}: {Error}";
}

/// <summary>
/// Compiles kernels to PTX and to OpenCL C on a machine without a GPU, in contexts built as the devices
/// build theirs (<see cref="IlgpuContexts.Create"/>). ILGPU's CPU accelerator runs a kernel's .NET IL
/// itself, so only these backends find what a GPU would reject.
/// </summary>
public static class KernelCompiler
{
    /// <summary>The CUDA driver version the PTX instruction set is chosen for, as a device with that driver would.</summary>
    public static readonly CudaDriverVersion Driver = CudaDriverVersion.FromMajorMinor(12, 4);

    // The clang checks read the same OpenCL C as the compile tests.
    private static readonly ConcurrentDictionary<MethodInfo, Lazy<KernelCode>> OpenCLCache = new();

    /// <summary>PTX for one architecture (e.g. sm_80 for an A100, sm_90 for an H100).</summary>
    public static KernelCode ToPtx(MethodInfo kernel, CudaArchitecture architecture) =>
        Compile(kernel, $"PTX {architecture}", IlgpuKind.Cuda, context =>
        {
            CudaInstructionSet isa = CudaAccelerator.GetInstructionSet(architecture, Driver);
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, isa, nvvmAPI: null);
            return ((PTXCompiledKernel)backend.Compile(Entry(kernel), KernelSpecialization.Empty)).PTXAssembly;
        });

    /// <summary>OpenCL C 2.0 for a device with doubles, 64-bit atomics and the generic address space (what ILGPU needs); compiled once per kernel.</summary>
    public static KernelCode ToOpenCL(MethodInfo kernel) =>
        OpenCLCache.GetOrAdd(kernel, k => new Lazy<KernelCode>(() => CompileOpenCL(k))).Value;

    private static KernelCode CompileOpenCL(MethodInfo kernel) =>
        Compile(kernel, "OpenCL C 2.0", IlgpuKind.OpenCL, context =>
        {
            var capabilities = new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: true, int64_Atomics: true, subGroups: false);
            using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL20);
            return ((CLCompiledKernel)backend.Compile(Entry(kernel), KernelSpecialization.Empty)).Source;
        });

    private static EntryPointDescription Entry(MethodInfo kernel) => KernelCatalog.IsImplicitlyGrouped(kernel)
        ? EntryPointDescription.FromImplicitlyGroupedKernel(kernel)
        : EntryPointDescription.FromExplicitlyGroupedKernel(kernel);

    private static KernelCode Compile(MethodInfo kernel, string target, IlgpuKind kind, Func<Context, string> compile)
    {
        string name = KernelCatalog.NameOf(kernel);
        try
        {
            return new KernelCode(name, target, OnContext(kernel, kind, compile), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new KernelCode(name, target, null, OneLine(e));
        }
    }

    /// <summary>The exception and its innermost cause, one line each: ILGPU wraps the reason in an "internal compiler error".</summary>
    private static string OneLine(Exception e)
    {
        Exception inner = e;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        string line = $"{e.GetType().Name}: {FirstLine(e)}";
        return inner == e ? line : $"{line} ({inner.GetType().Name}: {FirstLine(inner)})";
    }

    private static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim();

    // The project's kernels compile for both targets on one context, built as a device builds its own (which devices
    // it holds does not matter to a backend that only compiles), so each compilation reuses the IR the others built: one
    // takes tens of seconds. A failure replaces that context. Any other kernel (a broken one) gets a fresh context: a
    // failed compilation can leave a context's IR cache unusable for the next one.
    private static readonly object SharedLock = new();
    private static Context? _shared;

    private static string OnContext(MethodInfo kernel, IlgpuKind kind, Func<Context, string> compile)
    {
        NativeLibraries.Register();
        if (!KernelCatalog.All.Contains(kernel))
        {
            using Context fresh = IlgpuContexts.Create(kind);
            return compile(fresh);
        }
        lock (SharedLock)
        {
            _shared ??= IlgpuContexts.Create(IlgpuKind.Cuda);
            try
            {
                return compile(_shared);
            }
            catch
            {
                _shared.Dispose();
                _shared = null;
                throw;
            }
        }
    }
}
