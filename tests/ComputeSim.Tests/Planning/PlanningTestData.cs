using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

/// <summary>Planning assumptions for tests: the CLI's defaults, written out.</summary>
public static class PlanningTestData
{
    public static readonly PlanningAssumptions Defaults = new()
    {
        FailuresPerNodeDay = 6.5e-3, GpusPerNode = 8, StorageBytesPerSecondPerGpu = 0.122e9, CheckpointBytesPerParam = 16,
        RestartSeconds = 300, Interval = IntervalRule.Daly, AveragePowerFraction = 0.76, ServerOverhead = 0.82, Pue = 1.1,
        GridGramsCo2ePerKwh = 429, PriceTierMultiplier = 1, AmortizationYears = 4, ElectricityUsdPerKwh = 0.08,
    };
}
