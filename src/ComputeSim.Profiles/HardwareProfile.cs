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

    /// <summary>True if a cloud price per GPU-hour is published in the profile.</summary>
    public bool HasPrice => File.PricePerGpuHourUsd is not null;
}
