using System.Text.RegularExpressions;

namespace ComputeSim.Engine.Validation;

/// <summary>The family of a source group: the group's name without a trailing release (a version or a date).</summary>
public static partial class SourceFamily
{
    /// <summary>The family <paramref name="group"/> belongs to; a group without a trailing release is its own family.</summary>
    public static string Of(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        // A version first (-v25.04, -26.04.01, -12 of a year-month), then a year or year-month left before it.
        string family = YearRegex().Replace(VersionRegex().Replace(group, ""), "");
        return family.Length > 0 ? family : group;
    }

    [GeneratedRegex(@"-v?\d[\d.]*$")]
    private static partial Regex VersionRegex();

    [GeneratedRegex(@"-\d{4}(-\d\d)?$")]
    private static partial Regex YearRegex();
}
