using System.Text.Json;

namespace ComputeSim.Engine;

/// <summary>
/// A reduction of a sweep's admissible points (top-k, best per hardware, the time–cost front, best per
/// cell, ...): what each worker keeps while a grid streams past, what checkpoints and shard files hold,
/// and what the device and the cpu row shortcut consult to skip points that cannot change it.
/// </summary>
/// <remarks>
/// <para>The merge law, which every implementation keeps and <c>ReductionLawTests</c> checks for each one:
/// for disjoint index sets R1 and R2, with S(R) the state after <see cref="Add"/>ing the admissible points
/// of R in any order,</para>
/// <code>
/// Merge(S(R1), S(R2)) == S(R1 ∪ R2)            (exact: no tolerance, ties broken by index)
/// Merge(Merge(A, B), C) == Merge(A, Merge(B, C))  (associative)
/// Merge(A, B) == Merge(B, A)                      (order-independent)
/// Merge(A, Empty()) == A                          (the empty state is the unit)
/// </code>
/// <para>So threads, chunks, checkpoints and shards may each reduce their own ranges and combine in any
/// grouping, and every backend ends with the reference path's answer bit for bit. "==" is equality of
/// what <see cref="Write"/> writes.</para>
/// <para>Pruning is sound, never exact: <see cref="MayKeep"/> and <see cref="Bound"/> may say "could keep"
/// for a point that changes nothing, but never "cannot" for one that would.</para>
/// </remarks>
public interface IReduction
{
    /// <summary>Its field in partial-sweep files (<c>top</c>, <c>pareto</c>, ...): unique within a sweep.</summary>
    string Name { get; }

    /// <summary>A reduction of the same kind and settings that has seen nothing (the merge's unit).</summary>
    IReduction Empty();

    /// <summary>Takes one admissible point.</summary>
    void Add(in RankedPoint point);

    /// <summary>Folds in <paramref name="other"/> (same kind and settings) over an index range disjoint from this one's.</summary>
    void Merge(IReduction other);

    /// <summary>
    /// False only if no point of <paramref name="row"/> could change this reduction (the cpu row shortcut then
    /// counts the row without pricing it). A reduction that needs every admissible point returns true.
    /// </summary>
    bool MayKeep(in RowBound row);

    /// <summary>
    /// Adds this reduction's current bound to what a device tests each point against; a reduction with no bound
    /// a device can test calls <see cref="HostBounds.Builder.EveryPoint"/> (its sweeps then reduce on the host).
    /// </summary>
    void Bound(HostBounds.Builder bounds);

    /// <summary>Adds the settings that change its answer to the grid identity (nothing if none beyond the grid).</summary>
    void Identify(GridIdentity.Hasher hash);

    /// <summary>Writes its state as the property <see cref="Name"/> (doubles round-trip).</summary>
    void Write(Utf8JsonWriter writer);

    /// <summary>Replaces an empty state with the one in property <see cref="Name"/> of <paramref name="file"/>.</summary>
    /// <exception cref="FormatException">The property is missing or malformed (the caller names the file).</exception>
    void Read(JsonElement file);

    /// <summary>Points it keeps with their full results, for the checks every kept point must pass.</summary>
    IEnumerable<RankedPoint> Kept { get; }

    /// <summary>
    /// What must match when its ranges are recomputed (<c>--verify</c>): indices of kept points in order (null
    /// for an empty slot), or counts. Values of kept points are compared with a tolerance elsewhere.
    /// </summary>
    IReadOnlyList<long?> Fingerprint();

    /// <summary>Why a state read from a file cannot be one this reduction reaches, or null.</summary>
    string? Inconsistency(in ReductionFacts facts);

    /// <summary>Why this state cannot be that of a set of points holding the admissible point <paramref name="q"/>, or null if it can.</summary>
    string? Unexplained(in RankedPoint q);
}

/// <summary>
/// What the cpu row shortcut knows of a row of an L0 grid (its points differ only in GPUs) without pricing it:
/// bounds that hold for every one of its points, and for every row of a block when <see cref="AllTokens"/>.
/// </summary>
/// <param name="Hardware">Hardware index of the row.</param>
/// <param name="FirstIndex">Flat index of its first point (GPU position 0; tokens position 0 for a block).</param>
/// <param name="AllTokens">True for a block: the rows at every tokens value (other axes as in <paramref name="FirstIndex"/>).</param>
/// <param name="ScoreLow">No point scores below this.</param>
/// <param name="FastestDays">No point finishes sooner.</param>
/// <param name="CostLowUsd">No point costs less.</param>
public readonly record struct RowBound(int Hardware, long FirstIndex, bool AllTokens, double ScoreLow, double FastestDays, double CostLowUsd);

/// <summary>What a partial-sweep file says around a reduction, for <see cref="IReduction.Inconsistency"/>.</summary>
/// <param name="Problem">The sweep.</param>
/// <param name="Admissible">Admissible points the file counts over its ranges.</param>
/// <param name="Covered">Whether an index lies in the file's ranges.</param>
public readonly record struct ReductionFacts(SweepProblem Problem, long Admissible, Func<long, bool> Covered);
