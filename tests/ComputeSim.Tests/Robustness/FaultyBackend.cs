using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Robustness;

/// <summary>
/// A stand-in for a GPU backend: evaluates on the host, and can fail to start, fail after some
/// chunks (as a device out of memory would), or return slightly wrong numbers.
/// </summary>
/// <param name="okChunks">Chunks that succeed before every later one faults.</param>
/// <param name="failToStart">Fault when buffers are allocated.</param>
/// <param name="perturb">Relative error added to every cost.</param>
/// <param name="chunkSize">Points per chunk.</param>
public sealed class FaultyBackend(int okChunks = int.MaxValue, bool failToStart = false, double perturb = 0, int chunkSize = 1000) : ChunkedBackend
{
    private int _chunks;

    public override int ChunkSize => chunkSize;

    public override string Name => "fake-gpu";

    /// <summary>Chunks attempted.</summary>
    public int Chunks => _chunks;

    protected override bool NeedsBuffer(bool writesPoints) => true;

    protected override void Begin(SweepProblem problem, int chunk)
    {
        if (failToStart)
            throw new DeviceFaultException(Name, "simulated: no driver");
    }

    protected override void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer)
    {
        if (Interlocked.Increment(ref _chunks) > okChunks)
            throw new DeviceFaultException(Name, "simulated: out of memory");
        for (int i = 0; i < count; i++)
        {
            buffer[i] = problem.Evaluate(start + i);
            buffer[i].CostUsd *= 1 + perturb;
        }
        Reduce(start, count, buffer, parts);
    }
}
