using System.Diagnostics;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// Runs a sweep in segments of whole chunks: after each segment the progress so far can be saved
/// (checkpoints), a cancelled run stops at a chunk boundary with everything it finished, and a
/// device that fails part-way is replaced by a fallback backend that redoes only the failed segment.
/// </summary>
public sealed class SweepDriver
{
    /// <summary>Default time between saves, and the most work a device fault can cost.</summary>
    public static readonly TimeSpan DefaultSegmentTime = TimeSpan.FromSeconds(30);

    // Caps a segment at 2^20 chunks, so that a very fast first chunk cannot size a segment past a 64-bit index.
    private const double MaxChunksPerSegment = 1L << 20;

    /// <summary>The backend to start on.</summary>
    public required ChunkedBackend Backend { get; init; }

    /// <summary>Makes the backend to continue on when <see cref="Backend"/> faults; null makes a fault an error.</summary>
    public Func<ChunkedBackend>? Fallback { get; init; }

    /// <summary>Receives one-line warnings (a fallback).</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Called with the progress so far after segments, on cancellation and at the end.</summary>
    public Action<PartialSweep>? Save { get; init; }

    /// <summary>The indices to cover (a shard's slice), or null for the whole grid.</summary>
    public IndexRange? Range { get; init; }

    /// <summary>Target time between saves (zero saves after every chunk).</summary>
    public TimeSpan SaveEvery { get; init; } = DefaultSegmentTime;

    /// <summary>Receives every point in index order, once each.</summary>
    public IPointSink? Sink { get; init; }

    /// <summary>Progress, as the index reached.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Stops the run at the next chunk boundary.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>The backend that finished the run (the fallback after a fault).</summary>
    public ChunkedBackend? Finisher { get; private set; }

    /// <summary>
    /// Runs every point of <see cref="Range"/> that <paramref name="resumed"/> does not cover yet and returns
    /// the whole; it covers the range unless <see cref="Cancel"/> was set.
    /// </summary>
    public PartialSweep Run(SweepProblem problem, SweepOptions options, PartialSweep? resumed = null)
    {
        PartialSweep done = resumed ?? PartialSweep.Empty(problem, options);
        ChunkedBackend backend = Backend;
        IPointSink? sink = Sink is null ? null : new InOrderSink(Sink);
        var sinceSave = Stopwatch.StartNew();
        foreach (IndexRange gap in done.Missing(Range ?? new IndexRange(0, problem.Total)).ToList())
        {
            long next = gap.Start;
            long segment = backend.ChunkSize;
            while (next < gap.End && !(Cancel.IsCancellationRequested && next > gap.Start))
            {
                var range = new IndexRange(next, Math.Min(gap.End, next + segment));
                var clock = Stopwatch.StartNew();
                PartialSweep part;
                try
                {
                    part = backend.RunRange(problem, options, range, sink, Progress, Cancel);
                }
                catch (DeviceFaultException e)
                {
                    backend = Replace(backend, e);
                    segment = backend.ChunkSize;
                    continue;
                }
                done.Merge(part);
                next = part.Ranges.Count > 0 ? part.Ranges[^1].End : next;
                segment = NextSegment(backend.ChunkSize, part.Done, clock.Elapsed);
                if (Save is not null && (sinceSave.Elapsed >= SaveEvery || Cancel.IsCancellationRequested))
                {
                    Save(done);
                    sinceSave.Restart();
                }
            }
            if (Cancel.IsCancellationRequested)
                break;
        }
        Save?.Invoke(done);
        Finisher = backend;
        return done;
    }

    private ChunkedBackend Replace(ChunkedBackend failed, DeviceFaultException e)
    {
        if (Fallback is null || failed != Backend)
            throw new InputException("backend", $"{e.Backend}: the device failed ({e.Reason})");
        ChunkedBackend next = Fallback();
        Warn?.Invoke($"warning: backend auto: {e.Backend} failed ({e.Reason}); continuing on {next.Name}");
        return next;
    }

    // Segments of about SaveEvery: long enough to keep the per-segment cost (device buffers, merging) small.
    private long NextSegment(int chunk, long points, TimeSpan took)
    {
        double seconds = Math.Max(took.TotalSeconds, 1e-6);
        double wanted = points / seconds * SaveEvery.TotalSeconds;
        long chunks = (long)Math.Clamp(wanted / chunk, 1, MaxChunksPerSegment);
        return chunks * chunk;
    }

    /// <summary>Passes points on in index order, dropping any already passed (a fallback redoes a segment).</summary>
    private sealed class InOrderSink(IPointSink inner) : IPointSink
    {
        private long _next;

        public void Write(long start, ReadOnlySpan<PointResult> results)
        {
            long skip = _next - start;
            if (skip >= results.Length)
                return;
            if (skip > 0)
            {
                results = results[(int)skip..];
                start = _next;
            }
            inner.Write(start, results);
            _next = start + results.Length;
        }
    }
}
