using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>A validated hardware profile: the SI spec the model uses, plus what a person reads.</summary>
/// <param name="Name">Profile name (the file stem).</param>
/// <param name="File">The profile as written, for display.</param>
/// <param name="Spec">SI units, for the formulas.</param>
public sealed record HardwareProfile(string Name, ProfileFile File, AcceleratorSpec Spec)
{
    /// <summary>True if the chip has a dense peak for the precision.</summary>
    public bool Supports(Precision precision) => Spec.PeakFlops(precision) > 0;

    /// <summary>The precisions the chip supports, in enum order.</summary>
    public IEnumerable<Precision> SupportedPrecisions => PrecisionNames.All.Where(Supports);

    /// <summary>
    /// True when the profile's price was set aside because it is of another class than the one asked for
    /// (<c>--price-source</c>): the profile then counts as having no price.
    /// </summary>
    public bool PriceSetAside { get; init; }

    /// <summary>True if a cloud price per GPU-hour is published in the profile (and not set aside).</summary>
    public bool HasPrice => File.PricePerGpuHourUsd is not null && !PriceSetAside;

    /// <summary>The profile's price per GPU-hour, or null when it has none (or it was set aside).</summary>
    public double? PricePerGpuHourUsd => HasPrice ? File.PricePerGpuHourUsd : null;

    /// <summary>The price's class and provider in words, e.g. "neocloud-on-demand, CoreWeave", or null without a price.</summary>
    public string? PriceClassText => HasPrice ? $"{File.PriceClass}, {File.PriceProvider}" : null;

    /// <summary>The same profile counted as having no price (its spec's price 0, as for a profile without one).</summary>
    public HardwareProfile WithoutPrice() => this with { PriceSetAside = true, Spec = Spec with { PricePerGpuHourUsd = 0.0 } };
}
