using System.Globalization;
using ComputeSim.Api;
using ComputeSim.Engine;

namespace ComputeSim.Example;

/// <summary>Three questions asked of the library; the same flags on the command line give the same numbers, bit for bit.</summary>
public static class Questions
{
    /// <summary><c>computesim estimate --model gpt3-175b --hardware h100-sxm5-80gb --utilization 0.4</c></summary>
    public static EstimateResult Estimate() => Simulator.Estimate(new EstimateRequest
    {
        Hardware = "h100-sxm5-80gb",
        Job = new JobRequest { Model = "gpt3-175b", Utilization = 0.4 },
    });

    /// <summary><c>computesim sweep --params 7e9,70e9 --gpus 256,1024 --hardware h100-sxm5-80gb,a100-sxm4-80gb --top 3 --pareto --backend cpu</c></summary>
    public static SweepReport Sweep() => Simulator.Sweep(new SweepRequest
    {
        Params = [7e9, 70e9],
        Gpus = [256, 1024],
        Hardware = ["h100-sxm5-80gb", "a100-sxm4-80gb"],
        Top = 3,
        Pareto = true,
        Backend = BackendKind.Cpu,
    });

    /// <summary><c>computesim plan --max-cost-usd 1M --max-days 60 --hardware h100-sxm5-80gb --params 1e9..1e11:log:9 --tokens-per-param 10..100:log:5 --gpus 64..1024:pow2 --backend cpu</c></summary>
    public static PlanOutcome Plan() => Simulator.Plan(new PlanRequest
    {
        MaxCostUsd = 1e6,
        MaxDays = 60,
        Hardware = ["h100-sxm5-80gb"],
        Params = GridDefaults.Axis("1e9..1e11:log:9"),
        TokensPerParam = GridDefaults.Axis("10..100:log:5"),
        Gpus = GridDefaults.Axis("64..1024:pow2", wholeNumbers: true),
        Backend = BackendKind.Cpu,
    });
}

internal static class Program
{
    private static void Main()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        EstimateResult e = Questions.Estimate();
        Console.WriteLine(string.Create(c, $"estimate: {e.Estimate.Row.Result.WallClockDays:F1} days, ${e.Estimate.Row.Result.CostUsd:N0}, {e.Plan.Result.Co2eTonnes:F0} tCO2e"));
        SweepReport s = Questions.Sweep();
        var best = s.Result.Top[0];
        Console.WriteLine(string.Create(c, $"sweep: cheapest of {s.Problem.Total} points is {s.Problem.HardwareNames[s.Problem.HardwareOf(best.Index)]}, ${best.Result.CostUsd:N0}"));
        PlanOutcome p = Questions.Plan();
        Console.WriteLine(string.Create(c, $"plan: {p.Answer.Best?.Job.Parameters:G3} params on {p.Answer.Best?.Job.Gpus} GPUs, predicted loss {p.Answer.Best?.Result.PredictedLoss:F3}"));
    }
}
