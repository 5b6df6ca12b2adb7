namespace ComputeSim.Profiles;

/// <summary>
/// What kind of offer a profile's hourly price is. Prices of different classes differ by the provider's
/// business as much as by the chip (a neocloud's H100 hour is not a hyperscaler's), so a comparison ranks
/// chips only within one class.
/// </summary>
public static class PriceClasses
{
    /// <summary>On demand at AWS, Azure, Google Cloud or Oracle Cloud.</summary>
    public const string HyperscalerOnDemand = "hyperscaler-on-demand";
    /// <summary>On demand at a GPU cloud (CoreWeave, Lambda, Vultr, TensorWave, ...).</summary>
    public const string NeocloudOnDemand = "neocloud-on-demand";
    /// <summary>A marketplace of third-party hosts (e.g. RunPod community cloud): cheapest, least assured.</summary>
    public const string MarketplaceOnDemand = "marketplace-on-demand";
    /// <summary>A committed-use rate (1 or 3 years).</summary>
    public const string Reserved = "reserved";
    /// <summary>Spot or preemptible capacity.</summary>
    public const string Spot = "spot";
    /// <summary>An hourly figure derived from a list purchase price (amortised), not a rental offer.</summary>
    public const string ListPurchase = "list-purchase";

    /// <summary>Every class a profile may name.</summary>
    public static readonly IReadOnlyList<string> All = [HyperscalerOnDemand, NeocloudOnDemand, MarketplaceOnDemand, Reserved, Spot, ListPurchase];

    /// <summary>The providers a <see cref="HyperscalerOnDemand"/> price may name.</summary>
    public static readonly IReadOnlyList<string> Hyperscalers = ["AWS", "Azure", "Google Cloud", "Oracle Cloud"];

    /// <summary>Why a class/provider pair is not allowed, or null when it is.</summary>
    public static string? Problem(string priceClass, string provider)
    {
        if (!All.Contains(priceClass))
            return $"is '{priceClass}', expected one of {string.Join(", ", All)}";
        bool hyperscaler = Hyperscalers.Contains(provider);
        if (priceClass == HyperscalerOnDemand && !hyperscaler)
            return $"is '{priceClass}' but price_provider '{provider}' is not a hyperscaler ({string.Join(", ", Hyperscalers)})";
        if (priceClass is NeocloudOnDemand or MarketplaceOnDemand && hyperscaler)
            return $"is '{priceClass}' but price_provider '{provider}' is a hyperscaler; use {HyperscalerOnDemand}";
        return null;
    }
}
