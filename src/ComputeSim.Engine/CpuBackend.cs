using System.Runtime.CompilerServices;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>The fast CPU path: plain C# on every core, calling the same model methods as the kernels.</summary>
public sealed class CpuBackend : ChunkedBackend
{
    /// <summary>Default points per chunk: large enough to amortise the fork/join, small enough for the cache.</summary>
    public const int DefaultChunkSize = 1 << 18;

    /// <summary>
    /// Default points per chunk of the <see cref="L0RowSweep"/> shortcut and the <see cref="L0LaneSweep"/> lanes: with no
    /// per-point buffer a chunk costs no memory, and it only sets how often progress and cancellation are seen (~10 ms
    /// for the shortcut, ~50 ms when every point is priced).
    /// </summary>
    public const int DefaultRowChunkSize = 1 << 24;

    /// <summary>
    /// Largest chunk of a predicted (L2) sweep. At about 10,000 points/s on two cores a default chunk would take
    /// 26 s, and cancellation, checkpoints and progress wait for the chunk in hand; 16,384 points take under 2 s.
    /// </summary>
    public const int PredictedChunkSize = 1 << 14;

    // L2 blocks: few and large enough that their points share layout searches along tokens, utilisation and price
    // and hints along GPU counts (blocks of 32 lost most of that: 2.1x slower with 4 token counts), yet 16 per worker
    // per chunk so that costs that vary a hundredfold still balance.
    private const int PredictedBlocksPerWorker = 16;
    private const int MinPredictedBlock = 64;

    private readonly int _rowChunkSize;
    private readonly bool _rowShortcut;
    private readonly bool _layoutShortcuts;
    private readonly bool _lanes;
    private L0RowSweep? _rows;
    private L0LaneSweep? _laneSweep;

    /// <summary>A CPU backend.</summary>
    /// <param name="chunkSize">Points per chunk when every point is priced.</param>
    /// <param name="rowChunkSize">Points per chunk of an L0 sweep that writes no point out (the row shortcut, the lanes).</param>
    /// <param name="rowShortcut">Whether L0 reductions may use <see cref="L0RowSweep"/> (off only to measure or check it).</param>
    /// <param name="layoutShortcuts">Whether L2 points share layout searches and bound them (<see cref="SharedLayoutSearch"/>,
    /// <see cref="LayoutSearch.Fastest"/>); off only to measure them: the results are the same.</param>
    /// <param name="lanes">Whether L0 points that must be priced are priced four at a time (<see cref="L0LaneSweep"/>); off only
    /// to measure it: the results are the same.</param>
    public CpuBackend(int chunkSize = DefaultChunkSize, int rowChunkSize = DefaultRowChunkSize, bool rowShortcut = true, bool layoutShortcuts = true,
        bool lanes = true)
    {
        _layoutShortcuts = layoutShortcuts;
        _lanes = lanes;
        ChunkSize = chunkSize;
        _rowChunkSize = rowChunkSize;
        _rowShortcut = rowShortcut;
    }

    /// <inheritdoc />
    public override int ChunkSize { get; }

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    public override string Description => $"cpu (plain C#, {Workers} threads)";

    /// <inheritdoc />
    protected override int ChunkSizeFor(SweepProblem problem, SweepOptions options, bool writesPoints) =>
        _rowShortcut && L0RowSweep.Serves(writesPoints) && L0RowSweep.For(problem) is not null ? _rowChunkSize
        : _lanes && !writesPoints && L0LaneSweep.For(problem) is not null ? _rowChunkSize
        : problem.Spec.Parallel.Enabled != 0 ? Math.Min(ChunkSize, PredictedChunkSize)
        : ChunkSize;

    /// <inheritdoc />
    protected override void Begin(SweepProblem problem, int chunkSize)
    {
        _laneSweep = _lanes ? L0LaneSweep.For(problem) : null;
        _rows = _rowShortcut ? L0RowSweep.For(problem, _laneSweep) : null;
    }

    /// <inheritdoc />
    protected override void End()
    {
        _rows = null;
        _laneSweep = null;
    }

    /// <inheritdoc />
    protected override void ProcessChunk(SweepProblem problem, long start, int count, PointResult[] buffer, Accumulator[] parts, bool needBuffer)
    {
        if (_rows is L0RowSweep rows && L0RowSweep.Serves(needBuffer))
        {
            ProcessRows(rows, start, count, parts);
            return;
        }
        if (_laneSweep is L0LaneSweep lanes && lanes.Bounds(parts[0]) is not null)
        {
            ProcessLanes(lanes, start, count, parts, needBuffer ? buffer : null);
            return;
        }
        // Workers take interleaved blocks, not one contiguous slice each: at L2 a point's cost varies
        // a hundredfold (big models on big clusters have many more layouts), and neighbours cost alike.
        int block = problem.Spec.Parallel.Enabled != 0
            ? Math.Max(MinPredictedBlock, count / (parts.Length * PredictedBlocksPerWorker))
            : Math.Max(1, count / (parts.Length * BlocksPerWorker));
        int blocks = (count + block - 1) / block;
        Parallel.For(0, parts.Length, part =>
        {
            for (int b = part; b < blocks; b += parts.Length)
                EvaluateBlock(problem, start, b * block, Math.Min(count, (b + 1) * block), buffer, parts[part], needBuffer, !_layoutShortcuts);
        });
    }

    // Optimised at once: a sweep of a second or two ends before tiered compilation would reach this loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EvaluateBlock(SweepProblem problem, long start, int from, int to, PointResult[] buffer, Accumulator acc, bool needBuffer,
        bool exhaustiveLayouts)
    {
        GridSpec spec = problem.Spec;
        HostGridData data = problem.Data;
        // At L2 the points that differ only in tokens, utilisation or price share one layout search.
        SharedLayoutSearch? shared = spec.Parallel.Enabled != 0 ? new SharedLayoutSearch(spec, exhaustiveLayouts) : null;
        for (int i = from; i < to; i++)
        {
            PointResult r = shared is null ? spec.Evaluate(start + i, data) : shared.Evaluate(start + i, data);
            if (needBuffer)
                buffer[i] = r;
            acc.Add(start + i, r);
        }
    }

    private static void ProcessLanes(L0LaneSweep lanes, long start, int count, Accumulator[] parts, PointResult[]? output)
    {
        int block = Math.Max(MinRowBlock, count / (parts.Length * BlocksPerWorker));
        int blocks = (count + block - 1) / block;
        Parallel.For(0, parts.Length, part =>
        {
            LaneBounds bounds = lanes.Bounds(parts[part])!;
            for (int b = part; b < blocks; b += parts.Length)
                lanes.Run(start + (long)b * block, start + Math.Min(count, (long)(b + 1) * block), parts[part], bounds, output, start);
        });
    }

    private static void ProcessRows(L0RowSweep rows, long start, int count, Accumulator[] parts)
    {
        // Interleaved blocks again: how many rows a bound rejects varies along the grid.
        int block = Math.Max(MinRowBlock, count / (parts.Length * BlocksPerWorker));
        int blocks = (count + block - 1) / block;
        Parallel.For(0, parts.Length, part =>
        {
            L0RowSweep.Worker worker = rows.NewWorker(parts[part]);
            for (int b = part; b < blocks; b += parts.Length)
                rows.Run(start + (long)b * block, start + Math.Min(count, (long)(b + 1) * block), parts[part], worker);
        });
    }

    private const int BlocksPerWorker = 64;
    // Small blocks would cut the grid's rows and blocks into pieces priced point by point.
    private const int MinRowBlock = 1 << 12;
}
