using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Grid carbon intensity by region, gCO2e/kWh, and the default.</summary>
public static class GridIntensity
{
    /// <summary>Source of <see cref="Regions"/>.</summary>
    public const string RegionSource = "codecarbon's grid-intensity data (cloud regions)";

    /// <summary>Regions and their intensity, gCO2e/kWh (codecarbon data).</summary>
    public static readonly IReadOnlyDictionary<string, double> Regions = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["oregon"] = 12.9,
        ["finland"] = 41.6,
        ["iowa"] = 105.4,
        ["netherlands"] = 184.9,
        ["virginia"] = 226,
        ["tokyo"] = 524,
        ["mumbai"] = 723,
    };

    /// <summary>The intensity of a region; a one-line error naming <paramref name="flag"/> if unknown.</summary>
    public static double Of(string region, string flag) =>
        Regions.TryGetValue(region.Trim(), out double g)
            ? g
            : throw new InputException(flag, $"unknown region '{region.Trim()}'; known: {string.Join(", ", Regions.Keys)}; or give --grid-gco2e-per-kwh");
}
