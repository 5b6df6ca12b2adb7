using ILGPU.Runtime.Cuda;

namespace ComputeSim.Tests.Kernels;

/// <summary>
/// Every kernel of the project (<see cref="KernelCatalog"/>) compiles to PTX and to OpenCL C without a GPU, and
/// the OpenCL C passes clang's syntax check. The CPU accelerator, which the equivalence tests use, runs the
/// kernels' .NET IL and would not find what these backends reject.
/// </summary>
public sealed class KernelCompileTests
{
    /// <summary>A100 (sm_80) and H100/H200 (sm_90).</summary>
    public static TheoryData<string, CudaArchitecture> PtxCases()
    {
        var cases = new TheoryData<string, CudaArchitecture>();
        foreach (string kernel in KernelCatalog.Names)
        {
            cases.Add(kernel, CudaArchitecture.SM_80);
            cases.Add(kernel, CudaArchitecture.SM_90);
        }
        return cases;
    }

    public static TheoryData<string> Kernels => KernelCatalog.Names;

    [Theory]
    [MemberData(nameof(PtxCases))]
    public void Every_kernel_compiles_to_ptx(string kernel, CudaArchitecture architecture)
    {
        KernelCode ptx = KernelCompiler.ToPtx(KernelCatalog.Named(kernel), architecture);
        Assert.True(ptx.Compiled, ptx.ToString());
        Assert.Matches(@"(?m)^\.version \d+\.\d+", ptx.Code);
        Assert.Matches(@"(?m)^\.target sm_\d+", ptx.Code);
        Assert.Matches(@"(?m)^\.visible \.entry \w+\(", ptx.Code);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_compiles_to_opencl_c(string kernel)
    {
        KernelCode cl = KernelCompiler.ToOpenCL(KernelCatalog.Named(kernel));
        Assert.True(cl.Compiled, cl.ToString());
        Assert.Matches(@"\bkernel void \w+\(", cl.Code);
        Assert.Contains("cl_khr_fp64", cl.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(Kernels))]
    public void Every_kernels_opencl_c_passes_clangs_syntax_check(string kernel)
    {
        Skip.If(Clang.Executable is null, Clang.Missing);
        KernelCode cl = KernelCompiler.ToOpenCL(KernelCatalog.Named(kernel));
        Assert.True(cl.Compiled, cl.ToString());
        string? errors = Clang.SyntaxErrors(cl.Code!, kernel);
        Assert.True(errors is null, $"{kernel}: {errors}");
    }
}
