using ComputeSim.Engine;
using ComputeSim.Kernels;

namespace ComputeSim.Tests.Kernels;

/// <summary>The catalog the compile tests run over holds every kernel: none launched without the kernel shape, none shaped but unused.</summary>
public sealed class KernelCatalogTests
{
    [Fact]
    public void The_catalog_scans_the_kernels_and_the_engine()
    {
        var names = KernelCatalog.Assemblies.Select(a => a.GetName().Name).ToList();
        Assert.Contains(typeof(SweepKernels).Assembly.GetName().Name, names);
        Assert.Contains(typeof(IlgpuBackend).Assembly.GetName().Name, names);
        Assert.DoesNotContain(typeof(KernelCatalogTests).Assembly.GetName().Name, names);
    }

    [Fact]
    public void Every_kernel_the_project_launches_has_the_kernel_shape() =>
        Assert.Empty(KernelCatalog.Launched.Except(KernelCatalog.Shaped).Select(KernelCatalog.NameOf));

    [Fact]
    public void Every_kernel_shaped_method_is_launched() =>
        Assert.Empty(KernelCatalog.Shaped.Except(KernelCatalog.Launched).Select(KernelCatalog.NameOf));

    [Fact]
    public void The_known_kernels_are_found_once_each()
    {
        string[] known = ["MonteCarloKernels.Sample", "SweepKernels.Evaluate", "SweepKernels.Reduce"];
        Assert.Equal(known, KernelCatalog.All.Select(KernelCatalog.NameOf));
    }

    [Fact]
    public void Helpers_that_take_references_are_not_kernels()
    {
        // SweepKernels.Consider takes 'in' parameters: a device function, not an entry point.
        var consider = typeof(SweepKernels).GetMethod("Consider", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        Assert.False(KernelCatalog.IsKernelShaped(consider));
        Assert.True(KernelCatalog.IsKernelShaped(typeof(BrokenKernels).GetMethod(nameof(BrokenKernels.Clamp))!));
    }
}
