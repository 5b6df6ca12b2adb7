using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>Parses a comma-separated list of hardware names.</summary>
public static class HardwareList
{
    /// <summary>The named profiles, or every profile when <paramref name="text"/> is null or "all".</summary>
    public static IReadOnlyList<HardwareProfile> Resolve(string? text, string flag)
    {
        if (text is null || text.Trim() == "all")
            return ProfileCatalog.All;
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
            throw new InputException(flag, $"empty name in '{text}'");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InputException(flag, $"'{duplicate.Key}' is listed twice");
        return names.Select(ProfileCatalog.Get).ToList();
    }
}
