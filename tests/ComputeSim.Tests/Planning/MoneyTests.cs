using ComputeSim.Model;
using CsCheck;

namespace ComputeSim.Tests.Planning;

public class MoneyTests
{
    private static PlanInput Run(double seconds) => new()
    {
        ComputeSeconds = seconds, Gpus = 1024, Parameters = 70e9, BoardPowerWatts = 700, PricePerGpuHourUsd = 6.16, PurchasePriceUsd = 40_000,
    };

    [Fact]
    public void More_spot_discount_is_cheaper() =>
        Gen.Select(Gen.Double[1e3, 1e8], Gen.Double[0, 0.99], Gen.Double[0.001, 0.5]).Sample((seconds, discount, more) =>
        {
            double d2 = Math.Min(1, discount + more);
            PlanResult a = RunOverheads.Evaluate(Run(seconds), PlanningTestData.Defaults with { PriceTierMultiplier = 1 - discount });
            PlanResult b = RunOverheads.Evaluate(Run(seconds), PlanningTestData.Defaults with { PriceTierMultiplier = 1 - d2 });
            Assert.True(b.CostUsd < a.CostUsd, $"{b.CostUsd} vs {a.CostUsd}");
        });

    /// <summary>Owning for a whole amortisation life costs the purchase price plus the electricity.</summary>
    [Fact]
    public void Owning_for_the_whole_life_costs_the_purchase_plus_power()
    {
        double life = 4 * 365 * 86_400.0;
        Assert.Equal(10 * 40_000 + 2.5 * 1_000 * 0.08, Money.OwnUsd(10, 40_000, life, 4, 2.5, 0.08), 1e-6);
    }
}
