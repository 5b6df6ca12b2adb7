namespace ComputeSim.Api;

/// <summary>Price tiers as multipliers on the on-demand price, with where each default comes from.</summary>
public static class PriceTiers
{
    /// <summary>Tier names <c>--price-tier</c> accepts.</summary>
    public static readonly string[] Names = ["on-demand", "reserved-1y", "reserved-3y", "spot"];

    /// <summary>1-year reserved: Azure V100 $2.24 vs $3.06 on demand (2025-03).</summary>
    public const string DefaultReserved1y = "0.73";
    /// <summary>3-year reserved: Azure V100 $1.63 vs $3.06 on demand (2025-03).</summary>
    public const string DefaultReserved3y = "0.53";
    /// <summary>Spot: AWS p3.2xlarge (V100) spot $1.09 vs $3.06 on demand, 64% off; providers quote 50–90% (2025).</summary>
    public const string DefaultSpot = "0.36";

    /// <summary>Where the defaults come from, printed with the result.</summary>
    public const string Sources = "reserved: Azure V100 1-yr $2.24 and 3-yr $1.63 vs $3.06 on demand (2025-03); spot: AWS p3.2xlarge $1.09 vs $3.06 (2025), quotes range 50-90% off";
}
