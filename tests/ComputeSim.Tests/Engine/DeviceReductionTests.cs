using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Kernels;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// The on-device reduction (ILGPU's CPU accelerator runs the kernel's IL): it must actually be used, must
/// hand the redo to the host when candidates overflow its buffer, and must equal the reference either way.
/// </summary>
public sealed class DeviceReductionTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(20, false)]
    public void Chunks_reduce_on_the_device_and_equal_reference(int topK, bool pareto)
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 3001);
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), paramsCount: 41);
        var options = new SweepOptions(topK, pareto);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);

        Assert.Equal(expected.Evaluated, actual.Evaluated);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
        // Most chunks stay on the device once the bounds have tightened.
        Assert.True(backend.ChunksReducedOnDevice > backend.ChunksReducedOnHost,
            $"{backend.ChunksReducedOnDevice} on the device, {backend.ChunksReducedOnHost} on the host");
    }

    [Fact]
    public void Too_many_candidates_fall_back_to_the_host_with_the_same_answer()
    {
        // One chunk of 98,304 points, about three quarters admissible, and a top-k that keeps them all:
        // more candidates than the device buffer's 65,536.
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: 1 << 17);
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Time), paramsCount: 128);
        var options = new SweepOptions(1_000_000, Pareto: false);
        SweepResult expected = ReferenceSweep.Run(problem, options);
        SweepResult actual = backend.Run(problem, options);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => p.Index), actual.Top.Select(p => p.Index));
        Assert.True(backend.ChunksReducedOnHost > 0);
    }

    [Fact]
    public void A_reduction_kernel_that_fails_to_compile_is_a_one_line_device_error()
    {
        // Once swallowed (the host reduced instead, and nobody knew); now the backend does not start.
        var e = Assert.Throws<InputException>(() => IlgpuBackend.Create(IlgpuKind.Cpu, chunkSize: null, BrokenKernels.Reduce));
        Assert.StartsWith("backend: ilgpu-cpu: the device could not be started (InternalCompilerException: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Devices_with_64_bit_atomics_reduce_on_the_device()
    {
        using IlgpuBackend backend = IlgpuBackend.Create(IlgpuKind.Cpu);
        Assert.DoesNotContain("reductions on the host", backend.Description);
        using IlgpuDevice device = IlgpuDevice.Open(IlgpuKind.Cpu, "--backend");
        Assert.True(DeviceReduction.HasInt64Atomics(device.Accelerator));
    }
}
