using System.Text.RegularExpressions;

namespace ComputeSim.Docs;

/// <summary>A docs file that breaks the rules of <see cref="DocParser"/>, or a block whose command cannot be replayed.</summary>
public sealed class DocsException(string message) : Exception(message);

/// <summary>
/// What <c>&lt;!-- docs: ... --&gt;</c> comments directly above a block's command (or fence, or image) say:
/// <c>skip (why)</c> never runs it; <c>slow (why)</c> and <c>shell (why)</c> (a loop, a glob: more than one
/// command line) leave it to the regenerating script, and the tests report it skipped;
/// <c>from "REGEX"</c> and <c>until "REGEX"</c> show only the output from, or before, the first line that matches.
/// </summary>
public sealed partial record BlockMarkers
{
    public static BlockMarkers None { get; } = new();

    /// <summary>Why the block is never run; null when it is.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Why the tests leave the block to the regenerating script; null when they run it.</summary>
    public string? ScriptOnlyReason { get; init; }

    /// <summary>Each command's output shown starts at its first line matching this, after a "..." line (in a $ block, where one matches).</summary>
    public Regex? From { get; init; }

    /// <summary>Each command's output shown stops before its first line matching this, with a "..." line (in a $ block, where one matches).</summary>
    public Regex? Until { get; init; }

    public static bool IsMarker(string line) => MarkerLine().IsMatch(line);

    /// <summary>These markers with the one on <paramref name="line"/> added.</summary>
    public BlockMarkers With(string line, string where)
    {
        Match m = MarkerLine().Match(line);
        string word = m.Groups["word"].Value, arg = m.Groups["arg"].Value.Trim();
        return word switch
        {
            "skip" => this with { SkipReason = Reason(arg, where, required: true) },
            "slow" => this with { ScriptOnlyReason = "slow: " + (Reason(arg, where, required: false) ?? "over a few seconds") },
            "shell" => this with { ScriptOnlyReason = "needs a shell: " + Reason(arg, where, required: true) },
            "from" => this with { From = Pattern(arg, where) },
            "until" => this with { Until = Pattern(arg, where) },
            _ => throw new DocsException($"{where}: unknown docs marker '{word}'; known: skip (why), slow (why), shell (why), from \"REGEX\", until \"REGEX\""),
        };
    }

    private static string? Reason(string arg, string where, bool required)
    {
        if (arg.Length >= 2 && arg[0] == '(' && arg[^1] == ')' && arg[1..^1].Trim().Length > 0)
            return arg[1..^1].Trim();
        if (arg.Length == 0 && !required)
            return null;
        throw new DocsException($"{where}: a docs marker gives its reason in parentheses: <!-- docs: skip (why) -->");
    }

    private static Regex Pattern(string arg, string where) =>
        arg.Length >= 2 && arg[0] == '"' && arg[^1] == '"'
            ? new Regex(arg[1..^1], RegexOptions.CultureInvariant)
            : throw new DocsException($"{where}: from and until take a quoted regular expression: <!-- docs: from \"^plan \" -->");

    [GeneratedRegex(@"^\s*<!--\s*docs:\s*(?<word>[a-z]+)(?<arg>.*?)-->\s*$")]
    private static partial Regex MarkerLine();
}
