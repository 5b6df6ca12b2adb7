using System.Reflection;
using ComputeSim.Model;

namespace ComputeSim.Profiles;

/// <summary>The hardware profiles that ship inside the assembly (from <c>hardware-profiles/</c>).</summary>
public static class ProfileCatalog
{
    private const string ResourcePrefix = "profiles/";
    private static readonly Lazy<IReadOnlyList<HardwareProfile>> Embedded = new(LoadEmbedded);

    /// <summary>Every embedded profile, by name.</summary>
    public static IReadOnlyList<HardwareProfile> All => Embedded.Value;

    /// <summary>The profile called <paramref name="name"/>, a profile file when it ends in .json, or an error listing the known names.</summary>
    public static HardwareProfile Get(string name)
    {
        // The request field every caller's name comes from, so a front end can point at it.
        const string Field = "hardware";
        if (string.IsNullOrWhiteSpace(name))
            throw new InputException(Field, "give a profile name or a .json profile file");
        string trimmed = name.Trim();
        if (trimmed.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ProfileLoader.LoadFile(trimmed);
        return All.FirstOrDefault(p => string.Equals(p.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException(Field, $"unknown hardware '{trimmed}'{DidYouMean.Suffix(trimmed, All.Select(p => p.Name))}; known: {string.Join(", ", All.Select(p => p.Name))}, or a .json profile file");
    }

    private static IReadOnlyList<HardwareProfile> LoadEmbedded()
    {
        Assembly assembly = typeof(ProfileCatalog).Assembly;
        var profiles = new List<HardwareProfile>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            string fileName = resource[ResourcePrefix.Length..];
            profiles.Add(ProfileLoader.Parse(reader.ReadToEnd(), $"hardware-profiles/{fileName}", Path.GetFileNameWithoutExtension(fileName)));
        }
        return profiles.OrderBy(p => p.File.LaunchYear).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }
}
