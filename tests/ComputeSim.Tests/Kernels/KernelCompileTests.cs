using System.Collections.Concurrent;
using ILGPU.Runtime.Cuda;

namespace ComputeSim.Tests.Kernels;

/// <summary>
/// Every kernel of the project (<see cref="KernelCatalog"/>) compiles to PTX and to OpenCL C without a GPU, and
/// the OpenCL C passes clang's syntax check. The CPU accelerator, which the equivalence tests use, runs the
/// kernels' .NET IL and would not find what these backends reject.
/// </summary>
public sealed class KernelCompileTests
{
    // Each kernel's OpenCL C, compiled once for the two tests that read it (a compilation takes seconds).
    private static readonly ConcurrentDictionary<string, Lazy<KernelCode>> OpenCL = new();

    public static TheoryData<string> Kernels => KernelCatalog.Names;

    /// <summary>
    /// PTX for sm_80 (A100), which the driver JIT-compiles for every later GPU (H100, H200 and B200 included).
    /// ILGPU 1.5.3 writes <c>.target sm_80</c> for an sm_90 request as well, so a second architecture would compile
    /// the same text twice.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_compiles_to_ptx(string kernel)
    {
        KernelCode ptx = KernelCompiler.ToPtx(KernelCatalog.Named(kernel), CudaArchitecture.SM_80);
        Assert.True(ptx.Compiled, ptx.ToString());
        Assert.Matches(@"(?m)^\.version \d+\.\d+", ptx.Code);
        Assert.Matches(@"(?m)^\.target sm_80\b", ptx.Code);
        Assert.Matches(@"(?m)^\.visible \.entry \w+\(", ptx.Code);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_compiles_to_opencl_c(string kernel)
    {
        KernelCode cl = OpenCLOf(kernel);
        Assert.True(cl.Compiled, cl.ToString());
        Assert.Matches(@"\bkernel void \w+\(", cl.Code);
        Assert.Contains("cl_khr_fp64", cl.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(Kernels))]
    public void Every_kernels_opencl_c_passes_clangs_syntax_check(string kernel)
    {
        Skip.If(Clang.Executable is null, Clang.Missing);
        KernelCode cl = OpenCLOf(kernel);
        Assert.True(cl.Compiled, cl.ToString());
        string? errors = Clang.SyntaxErrors(cl.Code!, kernel);
        Assert.True(errors is null, $"{kernel}: {errors}");
    }

    private static KernelCode OpenCLOf(string kernel) =>
        OpenCL.GetOrAdd(kernel, k => new Lazy<KernelCode>(() => KernelCompiler.ToOpenCL(KernelCatalog.Named(k)))).Value;
}
