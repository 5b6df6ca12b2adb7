namespace ComputeSim.Api;

/// <summary>
/// What to say when nothing meets the limits: relax the limits that were given, each with its value,
/// and no others (telling someone to relax a --max-days they never gave sends them looking for it).
/// </summary>
public static class LimitAdvice
{
    /// <summary>"relax --max-days (30) or --must-fit", from the limits whose <c>Given</c> is true; null when none was given.</summary>
    public static string? Relax(string verb, params (bool Given, string Flag, string? Value)[] limits)
    {
        string[] given = limits.Where(l => l.Given).Select(l => l.Value is null ? l.Flag : $"{l.Flag} ({l.Value})").ToArray();
        return given.Length switch
        {
            0 => null,
            1 => $"{verb} {given[0]}",
            _ => $"{verb} {string.Join(", ", given[..^1])} or {given[^1]}",
        };
    }
}
