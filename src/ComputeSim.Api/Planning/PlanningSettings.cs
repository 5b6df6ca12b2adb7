using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Resolved planning flags: the model's assumptions, where each came from, and the Monte Carlo if asked for.</summary>
/// <param name="Assumptions">The numbers the formulas use.</param>
/// <param name="Tier">The price tier's name.</param>
/// <param name="TierMultipliers">Every tier's multiplier on the on-demand price, by name.</param>
/// <param name="Notes">One line per assumption: value and source, printed with the result.</param>
/// <param name="MonteCarlo">The Monte-Carlo spec, or null when no distribution was given.</param>
/// <param name="MonteCarloBackend">Where the samples are drawn.</param>
public sealed record PlanningSettings(
    PlanningAssumptions Assumptions, string Tier, IReadOnlyDictionary<string, double> TierMultipliers,
    IReadOnlyList<string> Notes, MonteCarloSpec? MonteCarlo, BackendKind MonteCarloBackend)
{
    /// <summary>The same assumptions at another tier.</summary>
    public PlanningAssumptions AtTier(string tier) => Assumptions with { PriceTierMultiplier = TierMultipliers[tier] };
}
