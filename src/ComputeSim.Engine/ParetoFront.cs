namespace ComputeSim.Engine;

/// <summary>The time–cost Pareto front with a total tie-break, so that it can be merged exactly.</summary>
/// <remarks>
/// q dominates p when q.days ≤ p.days, q.cost ≤ p.cost and (days, cost, index) of q is
/// lexicographically smaller. This is a strict partial order, so front(A ∪ B) =
/// front(front(A) ∪ front(B)): chunks and threads can prune independently and merge.
/// </remarks>
public static class ParetoFront
{
    /// <summary>The non-dominated points, fastest first. Sorts <paramref name="points"/> in place.</summary>
    public static List<RankedPoint> Of(List<RankedPoint> points)
    {
        points.Sort(RankedPoint.CompareByTimeThenCost);
        var front = new List<RankedPoint>();
        double cheapest = double.PositiveInfinity;
        foreach (RankedPoint p in points)
        {
            // Every earlier point is no slower and ranks before p: p survives only if it is strictly cheaper.
            if (p.Result.CostUsd < cheapest)
            {
                front.Add(p);
                cheapest = p.Result.CostUsd;
            }
        }
        return front;
    }
}
