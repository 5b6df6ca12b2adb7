using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Tests.Planning;

/// <summary>Properties of <c>plan</c>'s answers, on the reference backend.</summary>
public class PlanPropertyTests
{
    private static readonly SweepBackend Reference = new ReferenceBackend();

    private static PlanPoint Best(PlanGrid q) => Planner.Run(q, Reference).Best ?? throw new Xunit.Sdk.XunitException("no plan");

    [Fact]
    public void More_budget_never_yields_a_higher_predicted_loss()
    {
        var losses = new List<double>();
        for (double budget = 1e5; budget <= 1e9; budget *= 1.8)
            losses.Add(Best(PlanRequests.Budget(budget, maxDays: 120)).Result.PredictedLoss);
        for (int i = 1; i < losses.Count; i++)
            Assert.True(losses[i] <= losses[i - 1], $"budget step {i}: {losses[i]} > {losses[i - 1]}");
        // The budget binds: four decades of it buy a clearly lower loss.
        Assert.True(losses[^1] < losses[0] - 0.1);
    }

    [Fact]
    public void Budget_plan_lands_on_the_closed_form_optimum_of_its_budget()
    {
        // One accelerator at a fixed utilisation: $10M buys C = $10M / price × peak × 0.4 × 3600 FLOPs, and the grid's
        // best point should sit on the law's compute-optimal N for that C, within two grid steps (10^(5/40) = 1.33 per step).
        PlanGrid q = PlanRequests.Budget(1e7, double.PositiveInfinity, "mi300x") with
        {
            Parameters = AxisParser.Parse("1e8..1e13:log:201", "--params").Values,
            TokensPerParam = AxisParser.Parse("1..1000:log:121", "--tokens-per-param").Values,
        };
        PlanPoint best = Best(q);
        AcceleratorSpec mi300x = TestData.Spec("mi300x");
        double flops = 1e7 / mi300x.PricePerGpuHourUsd * TrainingCost.SecondsPerHour * mi300x.PeakFlops(Precision.Bf16) * 0.4;
        Assert.InRange(best.Result.TotalFlops, 0.9 * flops, flops);
        Assert.Equal(1.0, best.Job.Parameters / ComputeOptimal.OptimalParams(q.Law, flops), 0.12);
        Assert.Equal(ComputeOptimal.Loss(q.Law, best.Job.Parameters, best.Job.Tokens), best.Result.PredictedLoss);
    }

    [Fact]
    public void Zero_inference_tokens_give_the_cheapest_point_that_reaches_the_target()
    {
        PlanGrid q = PlanRequests.Target(2.2, 0);
        PlanPoint best = Best(q);
        // Brute force over the same grid: the cheapest admissible point, ties to the lower index.
        SweepProblem problem = Planner.Problem(q);
        long cheapest = -1;
        double cost = double.PositiveInfinity;
        for (long i = 0; i < problem.Total; i++)
        {
            PointResult r = problem.Evaluate(i);
            if (problem.Selection.Admits(r) && r.CostUsd < cost)
                (cheapest, cost) = (i, r.CostUsd);
        }
        Assert.Equal(cheapest, best.Index);
        Assert.Equal(0.0, best.Result.InferenceCostUsd);
        Assert.True(best.Result.PredictedLoss <= 2.2);
    }

    [Fact]
    public void Larger_inference_demand_never_yields_a_larger_model()
    {
        // On one accelerator the inference term is proportional to N (Sardana et al. 2024: 2·N·D_inference FLOPs at the
        // same dollars per FLOP), so the optimum's N cannot rise with demand; and enough demand must make it fall.
        var sizes = new List<double>();
        foreach (double tokens in new[] { 0.0, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 })
        {
            PlanPoint best = Best(PlanRequests.Target(2.2, tokens));
            Assert.True(best.Result.PredictedLoss <= 2.2);
            sizes.Add(best.Job.Parameters);
        }
        for (int i = 1; i < sizes.Count; i++)
            Assert.True(sizes[i] <= sizes[i - 1], $"demand step {i}: {sizes[i]:E3} > {sizes[i - 1]:E3}");
        Assert.True(sizes[^1] < sizes[0] / 2, $"{sizes[^1]:E3} vs {sizes[0]:E3}");
    }

    [Fact]
    public void Inference_cost_is_priced_at_the_points_own_dollars_per_flop()
    {
        PlanPoint best = Best(PlanRequests.Target(2.2, 1e13));
        double perFlop = best.Result.CostUsd / best.Result.TotalFlops;
        Assert.Equal(perFlop * 2 * best.Job.Parameters * 1e13, best.Result.InferenceCostUsd, best.Result.InferenceCostUsd * 1e-12);
    }

    [Fact]
    public void Predicted_plan_has_a_layout_that_uses_every_gpu()
    {
        PlanAnswer plan = Planner.Run(PlanRequests.Predicted(), Reference);
        PlanPoint best = plan.Best ?? throw new Xunit.Sdk.XunitException("no plan");
        Layout l = best.Result.Layout;
        Assert.Equal(best.Job.Gpus, (double)l.Tp * l.Pp * l.Dp);
        Assert.InRange(best.Result.Mfu, 0.05, 0.9);
        Assert.True(best.Result.CostUsd <= 2e6 && best.Result.WallClockDays <= 60);
    }

    [Fact]
    public void A_plan_with_no_admissible_point_says_so()
    {
        PlanAnswer plan = Planner.Run(PlanRequests.Budget(0.01), Reference); // the smallest point (1e8 params x 1 token/param) costs $0.08
        Assert.Null(plan.Best);
        Assert.Empty(plan.RunnerUps);
        Assert.Equal(0, plan.Admissible);
    }
}
