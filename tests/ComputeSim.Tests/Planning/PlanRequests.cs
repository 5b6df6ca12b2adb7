using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

/// <summary>Small planning questions for the engine-level tests.</summary>
public static class PlanRequests
{
    /// <summary>Lowest loss on H100 or MI300X within a budget, over a coarse grid (35,588 points).</summary>
    public static PlanGrid Budget(double maxCostUsd, double maxDays = double.PositiveInfinity, params string[] hardware)
    {
        string[] names = hardware.Length > 0 ? hardware : ["h100-sxm5-80gb", "mi300x"];
        return new PlanGrid
        {
            Hardware = [.. names.Select(TestData.Spec)],
            HardwareNames = names,
            Parameters = AxisParser.Parse("1e8..1e13:log:41", "--params").Values,
            TokensPerParam = AxisParser.Parse("1..1000:log:31", "--tokens-per-param").Values,
            Gpus = AxisParser.Parse("8..65536:pow2", "--gpus").Values,
            Assumptions = TestData.Standard,
            Law = ScalingLaws.Besiroglu.Law,
            MaxCostUsd = maxCostUsd,
            MaxDays = maxDays,
        };
    }

    /// <summary>The cheapest way to a target loss on one accelerator, serving <paramref name="inferenceTokens"/>.</summary>
    public static PlanGrid Target(double loss, double inferenceTokens, string hardware = "h100-sxm5-80gb") =>
        Budget(double.PositiveInfinity, 365, hardware) with { TargetLoss = loss, InferenceTokens = inferenceTokens };

    /// <summary>A small L2 question: layouts searched at every point.</summary>
    public static PlanGrid Predicted() => Budget(2e6, 60, "a100-sxm4-80gb", "h100-sxm5-80gb") with
    {
        Parameters = AxisParser.Parse("1e9..1e11:log:7", "--params").Values,
        TokensPerParam = [5, 20, 80],
        Gpus = AxisParser.Parse("64..1024:pow2", "--gpus").Values,
        Utilizations = [1.0],
        Parallel = new ParallelSettings
        {
            Enabled = 1, SeqLen = 2048, Vocab = 51200, GlobalBatch = 512,
            Cluster = TestData.Cluster("selene"), Space = LayoutSpace.Open,
        },
    };
}
