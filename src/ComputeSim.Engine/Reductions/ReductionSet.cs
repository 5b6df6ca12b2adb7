namespace ComputeSim.Engine;

/// <summary>
/// Which reductions a sweep keeps: one registration per reduction, each a function of the sweep that
/// returns its empty state, or null where the sweep does not ask for it. Adding a reduction is its own
/// file plus one <see cref="With"/> line (here for every sweep, or in the caller's <see cref="SweepOptions.Reductions"/>).
/// </summary>
/// <remarks>Registration order is the order of the fields in partial-sweep files (and so of their digest).</remarks>
public sealed class ReductionSet
{
    private readonly Func<SweepProblem, SweepOptions, IReduction?>[] _registered;

    private ReductionSet(Func<SweepProblem, SweepOptions, IReduction?>[] registered) => _registered = registered;

    /// <summary>What every sweep keeps: the first three are always present (files list them, empty when not asked for).</summary>
    public static ReductionSet Default { get; } = new ReductionSet([])
        .With((_, o) => new TopK(o.TopK))
        .With((p, _) => new BestPerHardware(p))
        .With((_, o) => new ParetoFront(o.Pareto))
        .With((p, o) => o.Bins is null ? null : new BinnedMinimum(p.Spec.Shape, o.Bins));

    /// <summary>The names of the reductions a file of version 3 holds (<see cref="PartialSweepFormat"/>).</summary>
    internal static IReadOnlyList<string> Version3Names { get; } = ["top", "best_per_hardware", "pareto"];

    /// <summary>This set and one more reduction.</summary>
    public ReductionSet With(Func<SweepProblem, SweepOptions, IReduction?> register) => new([.. _registered, register]);

    /// <summary>Empty states of the reductions <paramref name="options"/> asks for, in registration order.</summary>
    public IReduction[] Create(SweepProblem problem, SweepOptions options)
    {
        IReduction[] made = [.. _registered.Select(r => r(problem, options)).OfType<IReduction>()];
        if (made.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() != made.Length)
            throw new InvalidOperationException($"two reductions share a name: {string.Join(", ", made.Select(r => r.Name))}");
        return made;
    }
}
