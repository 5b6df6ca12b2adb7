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
    protected override void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer)
    {
        // Workers take interleaved blocks, not one contiguous slice each: at L2 a point's cost varies
        // a hundredfold (big models on big clusters have many more layouts), and neighbours cost alike.
        int block = Math.Max(1, count / (parts.Length * BlocksPerWorker));
        int blocks = (count + block - 1) / block;
        Parallel.For(0, parts.Length, part =>
        {
            Accumulator acc = parts[part];
            GridSpec spec = problem.Spec;
            HostGridData data = problem.Data;
            for (int b = part; b < blocks; b += parts.Length)
            {
                int end = Math.Min(count, (b + 1) * block);
                for (int i = b * block; i < end; i++)
                {
                    PointResult r = spec.Evaluate(start + i, data);
                    if (needBuffer)
                        buffer[i] = r;
                    acc.Add(start + i, r);
                }
            }
        });
    }

    private const int BlocksPerWorker = 64;
}
