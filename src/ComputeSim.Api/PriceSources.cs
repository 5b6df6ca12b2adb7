using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// Prices that compare chips rather than providers: <c>--price-source CLASS</c> keeps one class of profile
/// price, and a ranking whose prices mix classes is flagged on stderr.
/// </summary>
public static class PriceSources
{
    /// <summary>What a point's price is when the user gave it (an axis, or NAME=USD).</summary>
    public const string Given = "given by hand";

    /// <summary>
    /// The profiles with prices of any class but <paramref name="priceClass"/> set aside (null keeps every price);
    /// a note on <paramref name="err"/> names each one set aside.
    /// </summary>
    public static IReadOnlyList<HardwareProfile> Select(IReadOnlyList<HardwareProfile> profiles, string? priceClass, TextWriter err)
    {
        if (priceClass is null)
            return profiles;
        var other = profiles.Where(p => p.HasPrice && p.File.PriceClass != priceClass).ToList();
        if (other.Count > 0)
        {
            err.WriteLine($"note: price source {priceClass}: treated as having no price: "
                + string.Join("; ", other.Select(p => $"{p.Name} ({p.PriceClassText})")));
        }
        return [.. profiles.Select(p => other.Contains(p) ? p.WithoutPrice() : p)];
    }

    /// <summary>
    /// One line on <paramref name="err"/> when the ranked points' prices are of more than one class: the
    /// ranking then compares providers as well as chips. A price the user gave is a class of its own.
    /// </summary>
    /// <param name="ranked">Each ranked point's accelerator and whether its price was given by hand (profiles without a price are ignored).</param>
    /// <param name="err">Where the warning goes.</param>
    public static void WarnIfMixed(IEnumerable<(HardwareProfile Profile, bool Given)> ranked, TextWriter err)
    {
        var byClass = ranked.Where(r => r.Given || r.Profile.HasPrice).DistinctBy(r => r.Profile.Name)
            .GroupBy(r => r.Given ? Given : r.Profile.File.PriceClass!, StringComparer.Ordinal).ToList();
        if (byClass.Count < 2)
            return;
        static string Label((HardwareProfile Profile, bool Given) r) => r.Given ? r.Profile.Name : $"{r.Profile.Name} ({r.Profile.File.PriceProvider})";
        err.WriteLine("warning: the ranked points mix price classes, so cost compares providers as well as chips: "
            + string.Join("; ", byClass.Select(g => $"{g.Key}: {string.Join(", ", g.Select(Label))}"))
            + "; choosing one price source keeps one class");
    }

    /// <summary>
    /// The accelerators a grid runs on and their prices, shared by <c>sweep</c> and <c>plan</c>:
    /// <c>--price-per-gpu-hour</c> as an axis (2.5,4) or one price each (NAME=USD), and <c>--price-source</c>.
    /// </summary>
    /// <returns>The profiles, their specs with the prices in place, the price axis (null: each spec's own), and which names were priced by hand.</returns>
    public static (IReadOnlyList<HardwareProfile> Profiles, AcceleratorSpec[] Specs, double[]? Prices, IReadOnlySet<string> PricedByHand) Grid(
        string? hardwareText, string? priceText, string? priceClass, TextWriter err)
    {
        bool perAccelerator = AcceleratorPrices.Applies(priceText);
        double[]? prices = perAccelerator || priceText is null ? null : Engine.AxisParser.Parse(priceText, Fields.PricePerGpuHourUsd).Values;
        IReadOnlyDictionary<string, double>? named = perAccelerator ? AcceleratorPrices.Parse(priceText!, Fields.PricePerGpuHourUsd) : null;
        return Grid(hardwareText is null || hardwareText.Trim() == "all" ? null : hardwareText.Split(','), prices, named, priceClass, err);
    }

    /// <summary>The accelerators a grid runs on and their prices: a price axis, or prices per accelerator name, or each profile's.</summary>
    public static (IReadOnlyList<HardwareProfile> Profiles, AcceleratorSpec[] Specs, double[]? Prices, IReadOnlySet<string> PricedByHand) Grid(
        IReadOnlyList<string>? hardwareNames, IReadOnlyList<double>? priceAxis, IReadOnlyDictionary<string, double>? named, string? priceClass, TextWriter err)
    {
        if (priceAxis is not null && named is not null)
            throw new InputException(Fields.PricePerGpuHourUsd, "give a price axis or prices per accelerator, not both");
        double[]? prices = priceAxis is null ? null : [.. priceAxis.Select(v => Check.InRange(v, Fields.PricePerGpuHourUsd, 0, 1000))];
        string? hardwareText = hardwareNames is null ? null : string.Join(',', hardwareNames);
        // A price axis replaces every profile price, so no class applies.
        IReadOnlyList<HardwareProfile> hardware = ResolveHardware(hardwareText, prices is not null || named is not null, prices is null ? priceClass : null, err);
        if (named is null)
            return (hardware, [.. hardware.Select(h => h.Spec)], prices, prices is null ? new HashSet<string>() : hardware.Select(h => h.Name).ToHashSet());
        return (hardware, AcceleratorPrices.Apply(named, hardware, Fields.PricePerGpuHourUsd), null, named.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The named profiles (default: every profile with a price of the class asked for); each must have a price unless one is given.</summary>
    public static IReadOnlyList<HardwareProfile> ResolveHardware(string? text, bool priceGiven, string? priceClass, TextWriter err)
    {
        // The note is printed only once the input is known good: a refusal is one line.
        var note = new StringWriter();
        IReadOnlyList<HardwareProfile> hardware = Select(HardwareList.Resolve(text, Fields.Hardware), priceClass, note);
        if (text is null && !priceGiven)
        {
            var priced = hardware.Where(p => p.HasPrice).ToList();
            if (priced.Count == 0)
                throw new InputException(Fields.PriceSource, $"no profile has a {priceClass} price; name the hardware and give a price");
            err.Write(note.ToString());
            return priced;
        }
        if (!priceGiven)
        {
            HardwareProfile? unpriced = hardware.FirstOrDefault(p => !p.HasPrice);
            if (unpriced is not null)
            {
                string why = unpriced.PriceSetAside ? $"has a {unpriced.File.PriceClass} price, not of the price source {priceClass}" : "has no public price in its profile";
                throw new InputException(Fields.Hardware, $"{unpriced.Name} {why}; give a price per GPU-hour");
            }
        }
        err.Write(note.ToString());
        return hardware;
    }
}
