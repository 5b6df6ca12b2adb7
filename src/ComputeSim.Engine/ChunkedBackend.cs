using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// Runs a grid chunk by chunk so memory stays bounded whatever its size, with one
/// <see cref="Accumulator"/> per worker merged at the end.
/// </summary>
public abstract class ChunkedBackend : SweepBackend
{
    /// <summary>Reduction workers: one per core.</summary>
    protected static int Workers => Environment.ProcessorCount;

    /// <summary>Points per chunk.</summary>
    public abstract int ChunkSize { get; }

    /// <inheritdoc />
    public override SweepResult Run(SweepProblem problem, SweepOptions options, IPointSink? sink = null, IProgress<long>? progress = null)
    {
        var parts = new Accumulator[Workers];
        for (int w = 0; w < parts.Length; w++)
            parts[w] = new Accumulator(problem, options);
        int chunk = (int)Math.Min(ChunkSize, problem.Total);
        var buffer = new PointResult[chunk];
        Begin(problem, chunk);
        try
        {
            for (long start = 0; start < problem.Total; start += chunk)
            {
                int count = (int)Math.Min(chunk, problem.Total - start);
                ProcessChunk(problem, start, count, buffer, parts, sink is not null);
                sink?.Write(start, buffer.AsSpan(0, count));
                progress?.Report(start + count);
            }
        }
        finally
        {
            End();
        }
        for (int w = 1; w < parts.Length; w++)
            parts[0].Merge(parts[w]);
        return parts[0].ToResult();
    }

    /// <summary>
    /// Evaluates the points <c>[start, start + output.Length)</c> of a grid, for checks and partial
    /// sweeps: any 64-bit offset, without running the whole grid.
    /// </summary>
    public void EvaluateRange(SweepProblem problem, long start, PointResult[] output)
    {
        if (start < 0 || start > problem.Total - output.Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {start + output.Length}) is outside the grid of {problem.Total}");
        var parts = new Accumulator[Workers];
        for (int w = 0; w < parts.Length; w++)
            parts[w] = new Accumulator(problem, new SweepOptions(0, Pareto: false));
        Begin(problem, output.Length);
        try
        {
            ProcessChunk(problem, start, output.Length, output, parts, needBuffer: true);
        }
        finally
        {
            End();
        }
    }

    /// <summary>Prepares per-problem state (device buffers) before the first chunk.</summary>
    protected virtual void Begin(SweepProblem problem, int chunkSize)
    {
    }

    /// <summary>Releases per-problem state.</summary>
    protected virtual void End()
    {
    }

    /// <summary>
    /// Evaluates points <c>[start, start + count)</c> into the accumulators; fills
    /// <paramref name="buffer"/> too when <paramref name="needBuffer"/> (every point is written out).
    /// </summary>
    protected abstract void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer);

    /// <summary>The sub-range of a chunk that worker <paramref name="part"/> of <paramref name="parts"/> owns.</summary>
    protected static (int From, int To) Slice(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Feeds buffered results to the accumulators, one slice per worker.</summary>
    protected static void Reduce(long start, int count, PointResult[] buffer, Accumulator[] parts) =>
        Parallel.For(0, parts.Length, part =>
        {
            var (from, to) = Slice(count, part, parts.Length);
            Accumulator acc = parts[part];
            for (int i = from; i < to; i++)
                acc.Add(start + i, buffer[i]);
        });
}
