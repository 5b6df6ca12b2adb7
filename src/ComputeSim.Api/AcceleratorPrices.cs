using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// Per-accelerator prices, <c>name=usd,name=usd</c>: each named accelerator is priced at its own figure (a quote,
/// a reserved rate), the others at their profile's dated price.
/// </summary>
public static class AcceleratorPrices
{
    /// <summary>True if <paramref name="text"/> names prices per accelerator rather than giving a price axis.</summary>
    public static bool Applies(string? text) => text?.Contains('=') == true;

    /// <summary>The accelerators' specs with the parsed prices in place; an unpriced accelerator left without one is an error.</summary>
    public static AcceleratorSpec[] Apply(IReadOnlyDictionary<string, double> prices, IReadOnlyList<HardwareProfile> hardware, string flag)
    {
        CheckNames(prices, hardware, flag);
        return [.. hardware.Select(h => prices.TryGetValue(h.Name, out double usd)
            ? h.Spec with { PricePerGpuHourUsd = usd }
            : h.HasPrice ? h.Spec
            : throw new InputException(flag, $"{h.Name} {(h.PriceSetAside ? "has a price of another class than the price source asked for" : "has no public price in its profile")}; give {h.Name}=USD"))];
    }

    /// <summary>Checks every named accelerator is one of <paramref name="hardware"/>.</summary>
    public static void CheckNames(IReadOnlyDictionary<string, double> prices, IReadOnlyList<HardwareProfile> hardware, string flag)
    {
        foreach (string name in prices.Keys)
        {
            if (!hardware.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new InputException(flag, $"{name} is not one of the accelerators chosen");
            Check.InRange(prices[name], flag, 0, 1000);
        }
    }

    /// <summary>Parses <c>name=usd,name=usd</c>; each name must be one of <paramref name="hardware"/>, priced once.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text, IReadOnlyList<HardwareProfile> hardware, string flag)
    {
        IReadOnlyDictionary<string, double> prices = Parse(text, flag);
        CheckNames(prices, hardware, flag);
        return prices;
    }

    /// <summary>Parses <c>name=usd,name=usd</c>, each name priced once.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text, string flag)
    {
        var prices = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
                throw new InputException(flag, $"'{pair}' is not NAME=USD");
            if (!prices.TryAdd(parts[0], Check.InRange(Engine.AxisParser.ParseNumber(parts[1], flag, out _), flag, 0, 1000)))
                throw new InputException(flag, $"{parts[0]} is priced twice");
        }
        return prices;
    }
}
