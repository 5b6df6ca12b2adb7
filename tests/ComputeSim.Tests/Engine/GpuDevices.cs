using System.Collections.Concurrent;
using ComputeSim.Engine;

namespace ComputeSim.Tests.Engine;

/// <summary>
/// The GPU backends' tests run where such a device is present and are reported skipped elsewhere (CI has none).
/// A device that is present but fails is a failure, not a skip.
/// </summary>
public static class GpuDevices
{
    /// <summary>
    /// Relative tolerance of GPU results against the host. On a GPU, Pow/Exp/Log/Cos are ILGPU.Algorithms'
    /// software routines (about 1e-14 relative of <see cref="Math"/>; the project's ILGPU notes), and results
    /// compose several of them, so device results are compared with this tolerance, not bit for bit.
    /// </summary>
    public const double RelativeTolerance = 1e-12;

    private static readonly ConcurrentDictionary<IlgpuKind, bool> Present = new();

    /// <summary>Skips the running test unless ILGPU sees a GPU of <paramref name="kind"/>.</summary>
    public static void SkipUnlessPresent(IlgpuKind kind) =>
        Skip.IfNot(Present.GetOrAdd(kind, DevicePolicy.HasGpu), $"no {Backends.Of(kind).Name()} device on this machine");

    /// <summary>True if <paramref name="actual"/> is within <paramref name="relative"/> of <paramref name="expected"/> (exact where it is 0 or not finite).</summary>
    public static bool Close(double expected, double actual, double relative) =>
        relative == 0 || !double.IsFinite(expected)
            ? expected.Equals(actual)
            : Math.Abs(expected - actual) <= relative * Math.Abs(expected);
}

/// <summary>
/// One test class's backend on a GPU of one kind: opened on first use where such a GPU is present; elsewhere
/// asking for it skips the test.
/// </summary>
public sealed class GpuBackend(IlgpuKind kind)
{
    private readonly Lazy<IlgpuBackend> _backend = new(() => IlgpuBackend.Create(kind, chunkSize: 5001));

    /// <summary>The backend (odd chunks, so chunk boundaries fall inside the test grids).</summary>
    public IlgpuBackend Backend
    {
        get
        {
            GpuDevices.SkipUnlessPresent(kind);
            return _backend.Value;
        }
    }
}
