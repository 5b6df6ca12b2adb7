using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>The fast CPU path: plain C# on every core, calling the same model methods as the kernels.</summary>
public sealed class CpuBackend : ChunkedBackend
{
    /// <summary>Default points per chunk: large enough to amortise the fork/join, small enough for the cache.</summary>
    public const int DefaultChunkSize = 1 << 18;

    /// <summary>A CPU backend with the given chunk size.</summary>
    public CpuBackend(int chunkSize = DefaultChunkSize) => ChunkSize = chunkSize;

    /// <inheritdoc />
    public override int ChunkSize { get; }

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    public override string Description => $"cpu (plain C#, {Workers} threads)";

    /// <inheritdoc />
    protected override void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer) =>
        Parallel.For(0, parts.Length, part =>
        {
            var (from, to) = Slice(count, part, parts.Length);
            Accumulator acc = parts[part];
            GridSpec spec = problem.Spec;
            HostGridData data = problem.Data;
            for (int i = from; i < to; i++)
            {
                PointResult r = spec.Evaluate(start + i, data);
                if (needBuffer)
                    buffer[i] = r;
                acc.Add(start + i, r);
            }
        });
}
