namespace ComputeSim.Api;

/// <summary>Price tiers as multipliers on the on-demand price, with where each default comes from.</summary>
public static class PriceTiers
{
    /// <summary>Tier names <c>--price-tier</c> accepts.</summary>
    public static readonly string[] Names = ["on-demand", "reserved-1y", "reserved-3y", "spot"];

    /// <summary>Where the defaults come from, printed with the result.</summary>
    public const string Sources = "reserved: Azure V100 1-yr $2.24 and 3-yr $1.63 vs $3.06 on demand (2025-03); spot: AWS p3.2xlarge $1.09 vs $3.06 (2025), quotes range 50-90% off";
}
