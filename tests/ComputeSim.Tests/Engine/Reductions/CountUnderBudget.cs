using System.Text.Json;
using ComputeSim.Engine;

namespace ComputeSim.Tests.Engine.Reductions;

/// <summary>
/// A reduction the project does not ship: how many admissible points cost at most a budget. It lives in
/// this one file and is registered in one line (<see cref="CustomReductionTests.Options"/>), to show that
/// adding a reduction needs no edit anywhere else.
/// </summary>
public sealed class CountUnderBudget(double budgetUsd) : IReduction
{
    public double BudgetUsd { get; } = budgetUsd;

    public long Count { get; private set; }

    public string Name => "count_under_budget";

    public IReduction Empty() => new CountUnderBudget(BudgetUsd);

    public void Add(in RankedPoint point)
    {
        if (point.Result.CostUsd <= BudgetUsd)
            Count++;
    }

    // Counts of disjoint ranges add: exact, associative, commutative, 0 the unit.
    public void Merge(IReduction other) => Count += ((CountUnderBudget)other).Count;

    // A row none of whose points can be within the budget adds nothing.
    public bool MayKeep(in RowBound row) => row.CostLowUsd <= BudgetUsd;

    // No score table expresses it: every admissible point must reach the host.
    public void Bound(HostBounds.Builder bounds) => bounds.EveryPoint();

    public void Identify(GridIdentity.Hasher hash)
    {
        hash.Text(Name);
        hash.Double(BudgetUsd);
    }

    public void Write(Utf8JsonWriter writer) => writer.WriteNumber(Name, Count);

    public void Read(JsonElement file) => Count = file.GetProperty(Name).GetInt64();

    public IEnumerable<RankedPoint> Kept => [];

    public IReadOnlyList<long?> Fingerprint() => [Count];

    public string? Inconsistency(in ReductionFacts facts) =>
        Count >= 0 && Count <= facts.Admissible ? null : $"\"{Name}\" is {Count}, outside 0..\"admissible\"";

    public string? Unexplained(in RankedPoint q) => null;
}
