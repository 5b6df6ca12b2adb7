using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// The cpu backend's vectorised every-point path for L0 grids (<see cref="GridSpec.RowsPriceAtL0"/>), for sweeps
/// that must price every point (heatmap bins keep cells no row bound can rule out; rows the
/// <see cref="L0RowSweep"/> shortcut cannot prune; every point written out). It walks the grid a row at a time (the points that differ only
/// in GPUs), prepares the row once (along tokens only its FLOPs change), prices its GPU counts four at a time with
/// <see cref="L0Row.At(Vector256{double})"/>, counts the admitted lanes, and offers the reductions only the points
/// their bounds say could change them (<see cref="LaneBounds"/>). Each lane equals the scalar formulas bit for bit,
/// so the result equals the reference path's.
/// </summary>
internal sealed class L0LaneSweep
{
    private const int Lanes = 4;

    private readonly SweepProblem _problem;
    // The GPUs axis in axis order, padded so that a load at any position of a row stays inside.
    private readonly double[] _gpus;

    private L0LaneSweep(SweepProblem problem)
    {
        _problem = problem;
        GridShape shape = problem.Spec.Shape;
        _gpus = new double[shape.Gpus + Lanes];
        problem.AxisValues.AsSpan(shape.Offset(Axis.Gpus), shape.Gpus).CopyTo(_gpus);
        // Lanes past a row's end are priced and then masked out: any finite count will do.
        _gpus.AsSpan(shape.Gpus).Fill(1.0);
    }

    /// <summary>The path for a problem, or null where it does not apply (L2, planning grids) or would not pay (no vector hardware).</summary>
    public static L0LaneSweep? For(SweepProblem problem) =>
        problem.Spec.RowsPriceAtL0 != 0 && Vector256.IsHardwareAccelerated ? new L0LaneSweep(problem) : null;

    /// <summary>The bounds of one worker's accumulator, or null if a reduction needs every point (then this path does not serve it).</summary>
    public LaneBounds? Bounds(Accumulator acc) => LaneBounds.Of(acc, _problem.Spec.Shape);

    /// <summary>
    /// Prices the points <c>[from, to)</c> into <paramref name="acc"/>, whose bounds <paramref name="bounds"/> are; with
    /// <paramref name="output"/>, stores every point there too (point <c>i</c> at <c>i - outputStart</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long from, long to, Accumulator acc, LaneBounds bounds, PointResult[]? output = null, long outputStart = 0)
    {
        if (from >= to)
            return;
        GridSpec spec = _problem.Spec;
        HostGridData data = _problem.Data;
        GridShape shape = spec.Shape;
        AxisIndices ix = shape.Decode(from);
        long rowStart = from - ix.Gpus;
        TrainingJob job = spec.JobAt(ix, data);
        L0Row row = L0Row.Of(job, data.Hardware(job.Hardware), spec.Assumptions);
        while (true)
        {
            int end = (int)Math.Min(shape.Gpus, to - rowStart);
            PriceRow(row, rowStart, ix.Gpus, end, ix, acc, bounds, count: true, output, outputStart);
            rowStart += shape.Gpus;
            if (rowStart >= to)
                return;
            AxisIndices next = shape.NextRow(ix);
            if (next.Tokens == ix.Tokens + 1)
            {
                // Along tokens only the FLOPs change: the rest of the row stays (as L0Row.Of would compute it).
                job = job with { Tokens = spec.TokensAt(next.Tokens, job.Parameters, data) };
                row = row with { Flops = L0Row.FlopsOf(job, spec.Assumptions) };
            }
            else
            {
                job = spec.JobAt(next, data);
                row = L0Row.Of(job, data.Hardware(job.Hardware), spec.Assumptions);
            }
            ix = next;
        }
    }

    /// <summary>
    /// Prices GPU positions <c>[from, to)</c> of the row at <paramref name="ix"/> (first point <paramref name="rowStart"/>)
    /// and offers <paramref name="acc"/> those that could change a reduction; with <paramref name="count"/>, counts them
    /// too (the row shortcut has counted its rows already); with <paramref name="output"/>, stores every point there
    /// (point <c>i</c> at <c>i - outputStart</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PriceRow(in L0Row row, long rowStart, int from, int to, in AxisIndices ix, Accumulator acc, LaneBounds bounds, bool count,
        PointResult[]? output = null, long outputStart = 0)
    {
        Selection selection = _problem.Selection;
        double rowThreshold = bounds.RowThreshold(ix.Hardware);
        int cellBase = bounds.CellBase(ix);
        // Lane l of the vector at position k holds position k + l: those past the row's end are masked out.
        Vector256<long> lanesToEnd = Vector256.Create((long)to) - Vector256.Create(0L, 1L, 2L, 3L);
        ref double gpus = ref MemoryMarshal.GetArrayDataReference(_gpus);
        bool front = bounds.KeepsFront;
        long admissible = 0;
        for (int k = from; k < to; k += Lanes)
        {
            L0Lanes points = row.At(Vector256.LoadUnsafe(ref gpus, (nuint)k));
            if (output is not null)
                Store(points, output, (int)(rowStart + k - outputStart), Math.Min(Lanes, to - k));
            Vector256<long> admitted = selection.Admits(points) & Vector256.GreaterThan(lanesToEnd, Vector256.Create((long)k));
            if (admitted == Vector256<long>.Zero)
                continue;
            admissible += BitOperations.PopCount(admitted.ExtractMostSignificantBits());
            Vector256<long> keep = admitted & bounds.MayKeep(selection.Value(points), rowThreshold, cellBase, k);
            if (keep == Vector256<long>.Zero && !front)
                continue;
            if (Offer(points, keep, admitted, rowStart + k, acc, bounds))
            {
                // The offers may have tightened it.
                bounds.Offered(ix.Hardware);
                rowThreshold = bounds.RowThreshold(ix.Hardware);
            }
        }
        if (count)
            acc.Count(to - from, admissible);
    }

    /// <summary>Stores the first <paramref name="lanes"/> points at <paramref name="at"/>. Apart, so that the lanes stay in registers in the loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Store(L0Lanes points, PointResult[] output, int at, int lanes)
    {
        for (int lane = 0; lane < lanes; lane++)
            output[at + lane] = points.Point(lane);
    }

    /// <summary>
    /// Offers the lanes in <paramref name="keep"/>, and those of <paramref name="admitted"/> that could join the front,
    /// the lane at <paramref name="first"/> first; true if any was offered. Apart, so that the lanes stay in registers in the loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Offer(L0Lanes points, Vector256<long> keep, Vector256<long> admitted, long first, Accumulator acc, LaneBounds bounds)
    {
        uint offer = keep.ExtractMostSignificantBits();
        if (bounds.KeepsFront)
            offer |= bounds.FrontCandidates(points, Vector256.AndNot(admitted, keep).ExtractMostSignificantBits());
        if (offer == 0)
            return false;
        for (; offer != 0; offer &= offer - 1)
        {
            int lane = BitOperations.TrailingZeroCount(offer);
            acc.Offer(first + lane, points.Point(lane));
        }
        return true;
    }
}
