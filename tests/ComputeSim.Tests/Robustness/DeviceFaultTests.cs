using System.Text.Json;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;
using ComputeSim.Tests.Engine;

namespace ComputeSim.Tests.Robustness;

/// <summary>A GPU that will not start or fails mid-sweep: <c>auto</c> falls back to cpu with a one-line warning; an explicit backend is an error.</summary>
public class DeviceFaultTests
{
    private static readonly string[] Sweep =
    [
        "sweep", "--params", "1e9..1e12:log:30", "--tokens", "20x", "--gpus", "1..4096:pow2", "--hardware", "h100-sxm5-80gb,mi300x",
        "--max-days", "60", "--pareto", "--top", "5", "--format", "json",
    ];

    private static CliRun Run(Func<SweepBackend> device, params string[] args) =>
        CliRun.With(ctx => ctx with { OpenBackend = (name, _) => name == BackendKind.Cpu ? new CpuBackend() : device() }, args);

    private static string Answer(string json) => Sweeps.Answer(json);

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(false, 3)]
    public void Auto_falls_back_to_cpu_with_one_warning_naming_the_reason(bool failToStart, int okChunks)
    {
        string expected = Answer(CliRun.Of([.. Sweep, "--backend", "cpu"]).Out);
        CliRun run = Run(() => new FaultyBackend(okChunks, failToStart, chunkSize: 100), [.. Sweep, "--backend", "auto"]);
        Assert.True(run.ExitCode == 0, run.Err);
        string warning = Assert.Single(run.Err.TrimEnd().Split('\n'));
        Assert.StartsWith("computesim: warning: backend auto: fake-gpu failed (simulated: ", warning);
        Assert.EndsWith("continuing on cpu", warning);
        Assert.Equal(expected, Answer(run.Out));
        Assert.StartsWith("cpu", JsonDocument.Parse(run.Out).RootElement.GetProperty("backend").GetString());
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    public void An_explicitly_chosen_device_that_fails_is_a_one_line_error(bool failToStart, int okChunks) =>
        Run(() => new FaultyBackend(okChunks, failToStart, chunkSize: 100), [.. Sweep, "--backend", "cuda"]).AssertBadInput("--backend: fake-gpu: the device failed (simulated: ");

    [Fact]
    public void Points_written_before_a_fault_are_not_written_twice()
    {
        SweepProblem problem = TestData.MixedGrid(TestData.Constrained(ObjectiveKind.Cost), 5);
        var options = new SweepOptions(10, true);
        var warnings = new List<string>();
        var sink = new CollectingSink(problem.Total);
        var driver = new SweepDriver
        {
            Backend = new FaultyBackend(okChunks: 4, chunkSize: 333),
            Fallback = () => new CpuBackend(chunkSize: 1000),
            Warn = warnings.Add,
            Sink = sink,
            SaveEvery = TimeSpan.FromHours(1),
        };
        PartialSweep done = driver.Run(problem, options);
        sink.AssertComplete();
        Assert.Single(warnings);
        Assert.Equal("cpu", driver.Finisher!.Name);
        Sweeps.AssertSameResult(ReferenceSweep.Run(problem, options), done.Accumulator.ToResult());
        for (long i = 0; i < problem.Total; i += 97)
            Assert.Equal(problem.Evaluate(i).CostUsd, sink.Points[i].CostUsd);
    }

    [Fact]
    public void Auto_skips_a_gpu_that_will_not_start_and_says_why()
    {
        var warnings = new List<string>();
        using SweepBackend backend = DevicePolicy.OpenFirst<SweepBackend>(
        [
            ("cuda", () => throw new InputException("--backend cuda: the device could not be started (CudaException: no CUDA-capable device)")),
            ("opencl", () => throw new DllNotFoundException("libOpenCL.so.1: cannot open shared object file")),
            ("none", () => null),
        ], () => new CpuBackend(), "backend", warnings.Add);
        Assert.Equal("cpu", backend.Name);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("no CUDA-capable device", warnings[0]);
        Assert.Contains("DllNotFoundException: libOpenCL.so.1", warnings[1]);
        Assert.All(warnings, w => Assert.StartsWith("warning: backend auto: ", w));
    }

    [Theory]
    [InlineData(80_000_000_000L, 1 << 22, 1 << 22)]
    [InlineData(1000, 1 << 22, 1)]
    [InlineData(0, 1 << 22, 1 << 22)]
    [InlineData(long.MaxValue, int.MaxValue, int.MaxValue)]
    public void Chunks_shrink_to_fit_small_devices(long memory, int requested, int expected) =>
        Assert.Equal(expected, IlgpuBackend.ChunkSizeFor(memory, requested));

    [Fact]
    public void A_1_gib_device_gets_an_eighth_of_its_memory_in_results() =>
        Assert.Equal((1L << 30) / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<PointResult>(), IlgpuBackend.ChunkSizeFor(1L << 30, 1 << 22));

    [Fact]
    public void A_lost_device_raises_a_device_fault()
    {
        // A device with its own accelerator, as in production: disposing the backend disposes the accelerator.
        IlgpuBackend backend;
        using (SharedAccelerators.Unshared())
            backend = IlgpuBackend.Create(IlgpuKind.Cpu);
        backend.Dispose();
        SweepProblem problem = TestData.MixedGrid(Selection.Unconstrained(ObjectiveKind.Cost), 2);
        var fault = Assert.Throws<DeviceFaultException>(() => backend.Run(problem, new SweepOptions(1, false)));
        Assert.Equal("ilgpu-cpu", fault.Backend);
        Assert.DoesNotContain('\n', fault.Reason);
    }
}
