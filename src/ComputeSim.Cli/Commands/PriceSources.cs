using System.CommandLine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary>
/// Prices that compare chips rather than providers: <c>--price-source CLASS</c> keeps one class of profile
/// price, and a ranking whose prices mix classes is flagged on stderr.
/// </summary>
public static class PriceSources
{
    /// <summary>What a point's price is when the user gave it (an axis, or NAME=USD).</summary>
    public const string Given = "given with --price-per-gpu-hour";

    /// <summary>A new <c>--price-source</c> option (options cannot be shared between commands).</summary>
    public static Option<string?> CreateOption()
    {
        var o = new Option<string?>("--price-source")
        {
            Description = $"Use only profile prices of one class ({string.Join(", ", PriceClasses.All)}); "
                + "a profile whose price is of another class counts as having no price, with a note",
            HelpName = "class",
        };
        o.AcceptOnlyFromAmong([.. PriceClasses.All]);
        return o;
    }

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
            err.WriteLine($"note: --price-source {priceClass}: treated as having no price: "
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
            + "; --price-source CLASS keeps one class");
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
        double[]? prices = perAccelerator ? null : GridAxes.Prices(priceText);
        // A price axis replaces every profile price, so no class applies.
        IReadOnlyList<HardwareProfile> hardware = ResolveHardware(hardwareText, prices is not null || perAccelerator, prices is null ? priceClass : null, err);
        if (!perAccelerator)
            return (hardware, [.. hardware.Select(h => h.Spec)], prices, prices is null ? new HashSet<string>() : hardware.Select(h => h.Name).ToHashSet());
        IReadOnlyDictionary<string, double> named = AcceleratorPrices.Parse(priceText!, hardware, "--price-per-gpu-hour");
        return (hardware, AcceleratorPrices.Apply(named, hardware, "--price-per-gpu-hour"), null, named.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The named profiles (default: every profile with a price of the class asked for); each must have a price unless one is given.</summary>
    public static IReadOnlyList<HardwareProfile> ResolveHardware(string? text, bool priceGiven, string? priceClass, TextWriter err)
    {
        // The note is printed only once the input is known good: a refusal is one line.
        var note = new StringWriter();
        IReadOnlyList<HardwareProfile> hardware = Select(HardwareList.Resolve(text, "--hardware"), priceClass, note);
        if (text is null && !priceGiven)
        {
            var priced = hardware.Where(p => p.HasPrice).ToList();
            if (priced.Count == 0)
                throw new InputException($"--price-source: no profile has a {priceClass} price; give --hardware and --price-per-gpu-hour");
            err.Write(note.ToString());
            return priced;
        }
        if (!priceGiven)
        {
            HardwareProfile? unpriced = hardware.FirstOrDefault(p => !p.HasPrice);
            if (unpriced is not null)
            {
                string why = unpriced.PriceSetAside ? $"has a {unpriced.File.PriceClass} price, not --price-source {priceClass}" : "has no public price in its profile";
                throw new InputException($"--hardware: {unpriced.Name} {why}; give --price-per-gpu-hour");
            }
        }
        err.Write(note.ToString());
        return hardware;
    }
}
