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
        List<HardwareProfile> profiles = names.Select(ProfileCatalog.Get).ToList();
        // A profile file takes its name from the file, so it can be another entry's name under another spelling (a copy of a
        // built-in profile, say): two rows of one name could not be told apart, nor priced apart.
        var same = profiles.Select((p, i) => (p.Name, Given: names[i])).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (same is not null)
            throw new InputException(flag, $"'{string.Join("' and '", same.Select(p => p.Given))}' are both named {same.Key}; rename the file");
        return profiles;
    }
}
