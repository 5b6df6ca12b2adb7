using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>
/// Per-accelerator prices, <c>name=usd,name=usd</c>: each named accelerator is priced at its own figure (a quote,
/// a reserved rate), the others at their profile's dated price.
/// </summary>
public static class AcceleratorPrices
{
    /// <summary>True if <paramref name="text"/> names prices per accelerator rather than giving a price axis.</summary>
    public static bool Applies(string? text) => text?.Contains('=') == true;

    /// <summary>The accelerators' specs with the named prices in place; an unpriced accelerator left without one is an error.</summary>
    public static AcceleratorSpec[] Apply(string text, IReadOnlyList<HardwareProfile> hardware, string flag) =>
        Apply(Parse(text, hardware, flag), hardware, flag);

    /// <summary>The accelerators' specs with the parsed prices in place; an unpriced accelerator left without one is an error.</summary>
    public static AcceleratorSpec[] Apply(IReadOnlyDictionary<string, double> prices, IReadOnlyList<HardwareProfile> hardware, string flag) =>
        [.. hardware.Select(h => prices.TryGetValue(h.Name, out double usd)
            ? h.Spec with { PricePerGpuHourUsd = usd }
            : h.HasPrice ? h.Spec
            : throw new InputException($"{flag}: {h.Name} {(h.PriceSetAside ? "has a price of another class than --price-source" : "has no public price in its profile")}; give {h.Name}=USD"))];

    /// <summary>Parses <c>name=usd,name=usd</c>; each name must be one of <paramref name="hardware"/>, priced once.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text, IReadOnlyList<HardwareProfile> hardware, string flag)
    {
        var prices = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
                throw new InputException($"{flag}: '{pair}' is not NAME=USD");
            if (!hardware.Any(h => string.Equals(h.Name, parts[0], StringComparison.OrdinalIgnoreCase)))
                throw new InputException($"{flag}: {parts[0]} is not one of the accelerators chosen with --hardware");
            if (!prices.TryAdd(parts[0], Validate.Number(parts[1], flag, 0, 1000)))
                throw new InputException($"{flag}: {parts[0]} is priced twice");
        }
        return prices;
    }
}
