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
    public override SweepResult Run(
        SweepProblem problem, SweepOptions options, IPointSink? sink = null, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        PartialSweep done = RunRange(problem, options, new IndexRange(0, problem.Total), sink, progress, cancel);
        if (!done.Covers(problem.Total))
            throw new OperationCanceledException(cancel);
        return done.Accumulator.ToResult();
    }

    /// <summary>
    /// Runs the points of <paramref name="range"/>, chunk by chunk, and returns their reductions. When
    /// <paramref name="cancel"/> is set it stops at the next chunk boundary and returns the chunks it finished.
    /// </summary>
    public PartialSweep RunRange(
        SweepProblem problem, SweepOptions options, IndexRange range, IPointSink? sink = null, IProgress<long>? progress = null,
        CancellationToken cancel = default)
    {
        if (range.Start < 0 || range.End > problem.Total || range.Start > range.End)
            throw new ArgumentOutOfRangeException(nameof(range), $"[{range.Start}, {range.End}) is outside the grid of {problem.Total}");
        Accumulator[] parts = NewParts(problem, options);
        long reached = range.Start;
        if (range.Length > 0)
        {
            bool writes = sink is not null;
            int chunk = (int)Math.Min(ChunkSizeFor(problem, options, writes), range.Length);
            // Sized only when points are kept: a reduced sweep needs no per-point memory at all.
            PointResult[] buffer = NeedsBuffer(writes) ? new PointResult[chunk] : [];
            Begin(problem, chunk);
            try
            {
                while (reached < range.End)
                {
                    int count = (int)Math.Min(chunk, range.End - reached);
                    ProcessChunk(problem, reached, count, buffer, parts, writes);
                    sink?.Write(reached, buffer.AsSpan(0, count));
                    reached += count;
                    progress?.Report(reached);
                    // Checked after a chunk, not before: a cancelled run still finishes the chunk in hand.
                    if (cancel.IsCancellationRequested)
                        break;
                }
            }
            finally
            {
                End();
            }
        }
        for (int w = 1; w < parts.Length; w++)
            parts[0].Merge(parts[w]);
        return new PartialSweep(parts[0], [new IndexRange(range.Start, reached)]);
    }

    /// <summary>
    /// Evaluates the points <c>[start, start + output.Length)</c> of a grid, for checks and partial
    /// sweeps: any 64-bit offset, without running the whole grid.
    /// </summary>
    public void EvaluateRange(SweepProblem problem, long start, PointResult[] output)
    {
        if (start < 0 || start > problem.Total - output.Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {start + output.Length}) is outside the grid of {problem.Total}");
        Accumulator[] parts = NewParts(problem, new SweepOptions(0, Pareto: false));
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

    private static Accumulator[] NewParts(SweepProblem problem, SweepOptions options)
    {
        var parts = new Accumulator[Workers];
        for (int w = 0; w < parts.Length; w++)
            parts[w] = new Accumulator(problem, options);
        return parts;
    }

    /// <summary>Points per chunk for one run (default <see cref="ChunkSize"/>).</summary>
    protected virtual int ChunkSizeFor(SweepProblem problem, SweepOptions options, bool writesPoints) => ChunkSize;

    /// <summary>Whether <see cref="ProcessChunk"/> needs a result buffer (always when points are written out).</summary>
    protected virtual bool NeedsBuffer(bool writesPoints) => writesPoints;

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
