using System.Runtime.CompilerServices;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// The cpu backend's exact shortcut for L0 sweeps that keep only reductions. It walks the grid a row at
/// a time (the points that differ only in GPUs), prepares the row once, and classifies its points in
/// bulk instead of pricing each one:
/// <list type="bullet">
/// <item>the deadline: days fall as GPUs rise, so the admissible GPU counts are a suffix of the sorted
/// axis, found by comparing the row's FLOPs with the most FLOPs each GPU count can do in time (computed
/// once per achieved FLOP/s with the model's own formula, so the comparison is exact);</item>
/// <item>the score: at L0 a row's cost and energy do not depend on the GPU count except for rounding, so
/// one bound decides whether any of its points could enter the top-k, replace a best point, or escape
/// the Pareto front; only rows that could are priced, four GPU counts at a time by <see cref="L0LaneSweep"/> (point
/// by point with <see cref="L0Row.At(double)"/> without it).</item>
/// </list>
/// Where the bounds rule out almost no row (<see cref="BoundsDoNotPay"/>), a worker leaves the rest of its chunk to the lanes.
/// Rows at numeric extremes (where that rounding argument needs care), rows whose cost straddles the budget,
/// and partial rows at range ends are priced point by point. The result equals the plain path's bit for bit.
/// </summary>
internal sealed class L0RowSweep
{
    // Every point of a moderate row costs within this of the row's nominal cost (declared and tested in the model).
    private const double Band = L0RowInvariants.Band;

    private readonly SweepProblem _problem;
    private readonly double[] _gpus;
    private readonly int[] _position;
    // Tokens-axis positions in ascending order of value: a row's FLOPs rise with its tokens.
    private readonly int[] _tokensOrder;
    // Prices the rows that could be kept four points at a time, when given.
    private readonly L0LaneSweep? _lanes;

    private L0RowSweep(SweepProblem problem, double[] gpus, int[] position, int[] tokensOrder, L0LaneSweep? lanes)
    {
        _problem = problem;
        _lanes = lanes;
        _gpus = gpus;
        _position = position;
        _tokensOrder = tokensOrder;
    }

    /// <summary>The shortcut for a problem, or null where it does not apply (L2, planning grids, or GPU counts outside <see cref="L0RowInvariants.InGpuWindow"/>).</summary>
    /// <param name="problem">The sweep.</param>
    /// <param name="lanes">The every-point path to price the rows it cannot rule out with, or null to price them point by point.</param>
    public static L0RowSweep? For(SweepProblem problem, L0LaneSweep? lanes = null)
    {
        GridShape shape = problem.Spec.Shape;
        // Planning grids rank by predicted loss and admit by a target loss, which the row bounds do not cover.
        if (problem.Spec.RowsPriceAtL0 == 0)
            return null;
        int offset = shape.Offset(Axis.Gpus);
        double[] gpus = problem.AxisValues.AsSpan(offset, shape.Gpus).ToArray();
        if (!gpus.All(L0RowInvariants.InGpuWindow))
            return null;
        int[] position = [.. Enumerable.Range(0, gpus.Length)];
        Array.Sort(gpus, position);
        double[] tokens = problem.AxisValues.AsSpan(shape.Offset(Axis.Tokens), shape.Tokens).ToArray();
        int[] tokensOrder = [.. Enumerable.Range(0, tokens.Length)];
        Array.Sort(tokens, tokensOrder);
        return new L0RowSweep(problem, gpus, position, tokensOrder, lanes);
    }

    /// <summary>True if no point is written out: every reduction bounds rows (<see cref="IReduction.MayKeep"/>), so the shortcut serves any.</summary>
    public static bool Serves(bool writesPoints) => !writesPoints;

    /// <summary>
    /// Per-thread scratch: the deadline's FLOP limits for the last achieved FLOP/s seen, the bounds of its accumulator
    /// for the lanes, and how many rows the bounds were asked about and how many they could not rule out.
    /// </summary>
    public sealed class Worker(int gpus, LaneBounds? bounds)
    {
        internal double Achieved = double.NaN;
        internal readonly double[] MaxFlops = new double[gpus];
        internal readonly LaneBounds? Bounds = bounds;
        internal long Asked;
        internal long Priced;
    }

    // Rows a worker asks the bounds about before it judges them (a chunk has thousands).
    private const int RowsToJudge = 1024;

    /// <summary>
    /// True once the bounds have ruled out under a tenth of the rows asked about (a heatmap of the fastest point per
    /// GPU count: a row's fastest point bounds only its last cell): the lanes then price the rest of the worker's
    /// chunk without asking, faster than asking and pricing. Either way every point is counted or priced exactly.
    /// </summary>
    internal static bool BoundsDoNotPay(Worker worker) =>
        worker.Bounds is not null && worker.Asked >= RowsToJudge && worker.Priced * 10 > worker.Asked * 9;

    /// <summary>Scratch for the thread that adds to <paramref name="acc"/>.</summary>
    public Worker NewWorker(Accumulator acc) => new(_gpus.Length, _lanes?.Bounds(acc));

    /// <summary>Runs the points <c>[from, to)</c> into <paramref name="acc"/>.</summary>
    // Optimised at once: a sweep of a second ends before tiered compilation would reach these loops.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long from, long to, Accumulator acc, Worker worker)
    {
        if (BoundsDoNotPay(worker))
        {
            _lanes!.Run(from, to, acc, worker.Bounds!);
            return;
        }
        int g = _gpus.Length;
        long firstRow = (from + g - 1) / g * g;
        long rowsEnd = to / g * g;
        if (firstRow >= rowsEnd)
        {
            Exact(from, to, acc);
            return;
        }
        Exact(from, firstRow, acc);
        int tokens = _tokensOrder.Length;
        long blockLength = (long)tokens * g;
        AxisIndices ix = _problem.Spec.Shape.Decode(firstRow);
        long i = firstRow;
        while (i < rowsEnd)
        {
            if (ix.Tokens == 0 && i + blockLength <= rowsEnd)
            {
                Block(i, ix, acc, worker);
                i += blockLength;
                ix = Next(ix with { Tokens = tokens - 1 });
            }
            else
            {
                Row(i, ix, acc, worker);
                i += g;
                ix = Next(ix);
            }
        }
        Exact(rowsEnd, to, acc);
    }

    /// <summary>
    /// A block: the rows that differ only in tokens. Where no point of it could be kept (its cheapest row
    /// bounds them all), its admissible points are counted from its sorted FLOPs without pricing any;
    /// otherwise it goes row by row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block(long blockStart, in AxisIndices ix, Accumulator acc, Worker worker)
    {
        GridSpec spec = _problem.Spec;
        HostGridData data = _problem.Data;
        Selection selection = _problem.Selection;
        int g = _gpus.Length;
        int tokens = _tokensOrder.Length;
        // Within a block only the FLOPs change, and they rise with the tokens.
        TrainingJob job = spec.JobAt(ix with { Tokens = _tokensOrder[0] }, data);
        double FlopsAt(int sorted) =>
            L0Row.FlopsOf(job with { Tokens = spec.TokensAt(_tokensOrder[sorted], job.Parameters, data) }, spec.Assumptions);
        L0Row least = L0Row.Of(job, data.Hardware(job.Hardware), spec.Assumptions);
        L0Row most = least with { Flops = FlopsAt(tokens - 1) };
        bool simple = Moderate(least) && Moderate(most) && Bounds(most).CostHigh <= selection.MaxCostUsd;
        if (!simple || MayKeep(least, Bounds(least), ix.Hardware, blockStart, allTokens: true, acc))
        {
            for (int t = 0; t < tokens; t++)
                Row(blockStart + (long)t * g, ix with { Tokens = t }, acc, worker);
            return;
        }

        // Every row of the block ruled out at once.
        worker.Asked += tokens;
        // Rows in time on k GPUs are those with FLOPs up to MaxFlops[k], which rises with k: each count
        // is a bisection over the sorted tokens that starts where the last one ended.
        EnsureMaxFlops(least.Achieved, worker);
        int fit = selection.MustFit != 0 ? LowerBound(_gpus, least.MinGpus) : 0;
        long admissible = 0;
        int inTime = 0;
        for (int k = fit; k < g; k++)
        {
            double limit = worker.MaxFlops[k];
            int lo = inTime, hi = tokens;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (FlopsAt(mid) <= limit)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            inTime = lo;
            admissible += inTime;
        }
        acc.Count((long)tokens * g, admissible);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row(long rowStart, in AxisIndices ix, Accumulator acc, Worker worker)
    {
        Selection selection = _problem.Selection;
        int g = _gpus.Length;
        L0Row row = RowAt(ix);
        if (!Moderate(row))
        {
            Exact(rowStart, rowStart + g, acc);
            return;
        }
        RowBounds bounds = Bounds(row);
        if (!(bounds.CostHigh <= selection.MaxCostUsd))
        {
            // Every point over budget (or a NaN budget): none admissible. Straddling it: decide point by point.
            if (!(bounds.CostLow <= selection.MaxCostUsd))
                acc.Count(g, 0);
            else
                Exact(rowStart, rowStart + g, acc);
            return;
        }

        EnsureMaxFlops(row.Achieved, worker);
        int first = LowerBound(worker.MaxFlops, row.Flops);
        if (selection.MustFit != 0)
            first = Math.Max(first, LowerBound(_gpus, row.MinGpus));
        acc.Count(g, g - first);
        if (first == g)
            return;
        worker.Asked++;
        if (!MayKeep(row, bounds, ix.Hardware, rowStart, allTokens: false, acc))
            return;
        worker.Priced++;
        if (worker.Bounds is LaneBounds lanes)
        {
            // Counted above: the lanes only offer, in axis order.
            _lanes!.PriceRow(row, rowStart, 0, g, ix, acc, lanes, count: false);
            return;
        }
        for (int k = first; k < g; k++)
            acc.Offer(rowStart + _position[k], row.At(_gpus[k]));
    }

    private L0Row RowAt(in AxisIndices ix) => _problem.Spec.RowAt(ix, _problem.Data);

    /// <summary>Bounds on every point of a moderate row, whatever its GPU count.</summary>
    private readonly record struct RowBounds(double CostLow, double CostHigh, double EnergyLow);

    private static RowBounds Bounds(in L0Row row)
    {
        // The row's job on one GPU, by the model's formulas: every GPU count costs the same up to rounding.
        double cost = L0RowInvariants.NominalCostUsd(row);
        double energy = L0RowInvariants.NominalEnergyMwh(row);
        return new RowBounds(cost * (1.0 - Band), cost * (1.0 + Band), energy * (1.0 - Band));
    }

    /// <summary>
    /// False only if no point of the row (or, with <paramref name="allTokens"/>, of its block, whose rows are no
    /// cheaper and no faster) could change any reduction (<see cref="IReduction.MayKeep"/>).
    /// </summary>
    private bool MayKeep(in L0Row row, in RowBounds bounds, int hardware, long firstIndex, bool allTokens, Accumulator acc)
    {
        // The fastest point of a row runs on the most GPUs; cost and energy barely move along the row.
        double fastestDays = row.Days(_gpus[^1]);
        double score = _problem.Selection.Objective switch
        {
            ObjectiveKind.Cost => bounds.CostLow,
            ObjectiveKind.Time => fastestDays,
            _ => bounds.EnergyLow,
        };
        return acc.MayKeep(new RowBound(hardware, firstIndex, allTokens, score, fastestDays, bounds.CostLow));
    }

    private void EnsureMaxFlops(double achieved, Worker worker)
    {
        if (achieved == worker.Achieved)
            return;
        for (int k = 0; k < _gpus.Length; k++)
            worker.MaxFlops[k] = MaxFlopsInTime(achieved, _gpus[k], _problem.Selection.MaxDays);
        worker.Achieved = achieved;
    }

    /// <summary>
    /// The most FLOPs that <paramref name="gpus"/> GPUs at <paramref name="achieved"/> FLOP/s each finish
    /// within <paramref name="maxDays"/>, by the model's own days formula (-1 if not even 0 FLOPs do).
    /// </summary>
    /// <remarks>Bisection over the bit patterns of non-negative doubles, which order like their values;
    /// the formula is monotone in the FLOPs, so the answer is exact.</remarks>
    internal static double MaxFlopsInTime(double achieved, double gpus, double maxDays)
    {
        bool InTime(double flops) => new L0Row { Flops = flops, Achieved = achieved }.Days(gpus) <= maxDays;
        if (!InTime(0.0))
            return -1.0;
        if (InTime(double.MaxValue))
            return double.MaxValue;
        long lo = 0, hi = BitConverter.DoubleToInt64Bits(double.MaxValue);
        while (hi - lo > 1)
        {
            long mid = lo + (hi - lo) / 2;
            if (InTime(BitConverter.Int64BitsToDouble(mid)))
                lo = mid;
            else
                hi = mid;
        }
        return BitConverter.Int64BitsToDouble(lo);
    }

    private static bool Moderate(in L0Row row) => L0RowInvariants.IsModerate(row);

    /// <summary>First position whose value is at least <paramref name="x"/> (the length if none).</summary>
    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private AxisIndices Next(in AxisIndices ix) => _problem.Spec.Shape.NextRow(ix);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Exact(long from, long to, Accumulator acc)
    {
        GridSpec spec = _problem.Spec;
        HostGridData data = _problem.Data;
        for (long i = from; i < to; i++)
            acc.Add(i, spec.Evaluate(i, data));
    }
}
