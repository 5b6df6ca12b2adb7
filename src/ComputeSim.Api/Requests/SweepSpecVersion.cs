using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>
/// The version of the sweep spec format (the fields of <c>computesim sweep --spec</c>, which are the request's
/// field names). A spec written by <c>--dump-spec</c> or saved from the web page says which version it is; one
/// without the field predates versioning and holds the fields of version 1, so it still loads. A spec from a newer
/// version is refused by name rather than read wrongly.
/// </summary>
public static class SweepSpecVersion
{
    /// <summary>The field that holds the version.</summary>
    public const string Key = "spec_version";

    /// <summary>The version this build writes and the newest it reads.</summary>
    public const int Current = 1;

    /// <summary>The version a spec's <see cref="Key"/> field gives; <see cref="InputException"/> on <see cref="Key"/> unless this build reads it.</summary>
    public static int Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            throw new InputException(Key, $"'{text.Trim()}' is not a spec version (a whole number from 1)");
        return version <= Current ? version
            : throw new InputException(Key, $"{version}: this computesim reads sweep specs up to version {Current}; the spec was written by a newer one");
    }
}
