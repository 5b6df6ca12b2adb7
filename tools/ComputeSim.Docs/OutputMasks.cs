using System.Text.RegularExpressions;

namespace ComputeSim.Docs;

/// <summary>
/// The parts of an output that legitimately differ from run to run or machine to machine. Both sides of a
/// comparison are masked: a test passes, and the regenerating script keeps a block as it is, when the only
/// differences are these. Nothing else is masked: a changed figure is a changed block.
/// </summary>
public static partial class OutputMasks
{
    /// <summary>Each mask: what it hides, and an example it hides (the tests check each example).</summary>
    public static IReadOnlyList<(Regex Pattern, string Replacement, string Example)> All { get; } =
    [
        // Which backend --backend auto picks and how many threads it has depend on the machine.
        (Backend(), "backend: <backend>", "backend: cpu (plain C#, 2 threads)"),
        // Elapsed seconds of a sweep or plan: "90 points in 0.205 s", "0.446 s;".
        (Seconds(), "<seconds> s", "96 points in 0.76 s"),
        // Points per second follow from the elapsed time.
        (Rate(), "(<rate> points/s)", "(31.6K points/s)"),
        // The build's version and commit: "0.1.0+3f2c...".
        (Version(), "<version>", "0.1.0+98820f2"),
    ];

    /// <summary>The text with every mask applied.</summary>
    public static string Apply(string text)
    {
        foreach (var (pattern, replacement, _) in All)
            text = pattern.Replace(text, replacement);
        return text;
    }

    [GeneratedRegex(@"backend: [a-z-]+( \([^)]*\))?")]
    private static partial Regex Backend();

    [GeneratedRegex(@"(?<=(points in|;) )\d+(\.\d+)? s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"\([0-9.,e+-]+ ?[KMG]? ?points/s\)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\b\d+\.\d+\.\d+\+[0-9a-f.]+\b")]
    private static partial Regex Version();
}
