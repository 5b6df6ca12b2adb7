using ILGPU.Runtime.Cuda;

namespace ComputeSim.Tests.Kernels;

/// <summary>The compile checks can fail: kernels that a GPU would reject are reported as failures, with the reason.</summary>
public sealed class BrokenKernelTests
{
    [Fact]
    public void A_kernel_calling_math_clamp_fails_to_compile_for_every_target()
    {
        var kernel = typeof(BrokenKernels).GetMethod(nameof(BrokenKernels.Clamp))!;
        KernelCode[] results = [KernelCompiler.ToPtx(kernel, CudaArchitecture.SM_90), KernelCompiler.ToOpenCL(kernel)];
        Assert.All(results, r =>
        {
            Assert.False(r.Compiled, r.ToString());
            Assert.Null(r.Code);
            Assert.DoesNotContain('\n', r.Error!);
            Assert.StartsWith("BrokenKernels.Clamp -> ", r.ToString());
        });
    }

    [SkippableFact]
    public void Clang_rejects_opencl_c_that_calls_an_undeclared_function()
    {
        Skip.If(Clang.Executable is null, Clang.Missing);
        KernelCode cl = KernelCompiler.ToOpenCL(typeof(BrokenKernels).GetMethod(nameof(BrokenKernels.CubeRoot))!);
        Assert.True(cl.Compiled, cl.ToString());
        string? errors = Clang.SyntaxErrors(cl.Code!, "cube-root");
        Assert.NotNull(errors);
        // ILGPU writes Math.Cbrt as a call to 'Cbrt', which OpenCL C does not declare (clang's wording varies by version).
        Assert.Matches(@"error: .*'Cbrt'", errors);
    }
}
