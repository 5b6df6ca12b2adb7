namespace ComputeSim.Profiles;

/// <summary>"did you mean X?" for a mistyped name: the nearest known name by edit distance, when near enough.</summary>
public static class DidYouMean
{
    /// <summary>The nearest of <paramref name="known"/> to <paramref name="typed"/>, or null when none is within a third of its length (at least 2 edits).</summary>
    public static string? Nearest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        string lower = typed.ToLowerInvariant();
        int allowed = Math.Max(2, typed.Length / 3);
        return known.Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant())))
            .Where(x => x.Distance <= allowed)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).FirstOrDefault()
            // A prefix ("h100" for "h100-sxm5-80gb") is nearer in intent than its edit distance says.
            ?? known.Where(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Length >= 3).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>"; did you mean 'X'?" or "" when nothing is near.</summary>
    public static string Suffix(string typed, IEnumerable<string> known) =>
        Nearest(typed, known) is string n ? $"; did you mean '{n}'?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
