using System.Text;
using System.Text.RegularExpressions;

namespace ComputeSim.Docs;

/// <summary>A Markdown link or image of a docs page: <c>[text](Target)</c>, on a 1-based line.</summary>
public sealed record DocLink(string File, int Line, string Target)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>
/// The relative links of the docs and the anchors they may point at, so that a test can fail on a link to a
/// missing file or heading. Anchors follow GitHub's rule for headings (lower case; letters, digits, spaces,
/// hyphens and underscores kept; spaces become hyphens; a repeated heading gets -1, -2, ...) plus
/// explicit <c>&lt;a id="..."&gt;</c> anchors.
/// </summary>
public static partial class DocLinks
{
    /// <summary>The links of <paramref name="page"/> that point into the repository (no scheme), outside code.
    /// </summary>
    public static IEnumerable<DocLink> Relative(DocPage page)
    {
        bool fenced = false;
        for (int i = 0; i < page.Lines.Count; i++)
        {
            if (page.Lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (fenced)
                continue;
            foreach (Match m in LinkTarget().Matches(WithoutCodeSpans(page.Lines[i])))
            {
                string target = m.Groups["target"].Value;
                if (!Scheme().IsMatch(target))
                    yield return new DocLink(page.File, i + 1, target);
            }
        }
    }

    /// <summary>
    /// What is wrong with each relative link of <paramref name="page"/>: a missing file, or a missing anchor in a
    /// Markdown file.
    /// </summary>
    public static IEnumerable<string> Problems(string repoRoot, DocPage page) =>
        Relative(page).Select(link => Problem(repoRoot, page, link)).OfType<string>();

    private static string? Problem(string repoRoot, DocPage page, DocLink link)
    {
        int hash = link.Target.IndexOf('#');
        string path = hash < 0 ? link.Target : link.Target[..hash];
        string? anchor = hash < 0 ? null : link.Target[(hash + 1)..];
        if (path.Length == 0)
            return anchor is null || Anchors(page.Lines).Contains(anchor)
                ? null
                : $"{link.Where}: ({link.Target}): this page has no heading or anchor '{anchor}'";
        string joined = Path.Combine(Path.GetDirectoryName(link.File) ?? "", Uri.UnescapeDataString(path));
        string relative = Path.GetRelativePath(".", joined).Replace('\\', '/');
        string full = Path.Combine(repoRoot, relative);
        if (relative.StartsWith("../", StringComparison.Ordinal) || (!File.Exists(full) && !Directory.Exists(full)))
            return $"{link.Where}: ({link.Target}) points to {relative}, which is not in the repository";
        if (anchor is null || !relative.EndsWith(".md", StringComparison.Ordinal))
            return null;
        return Anchors(File.ReadAllText(full).Replace("\r\n", "\n").Split('\n')).Contains(anchor)
            ? null
            : $"{link.Where}: ({link.Target}): {relative} has no heading or anchor '{anchor}'";
    }

    /// <summary>Every anchor a link may name in a Markdown file of these lines.</summary>
    public static ISet<string> Anchors(IReadOnlyList<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool fenced = false;
        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                fenced = !fenced;
            if (fenced)
                continue;
            foreach (Match m in ExplicitAnchor().Matches(line))
                anchors.Add(m.Groups["id"].Value);
            if (Heading().Match(line) is { Success: true } h)
            {
                string slug = Slug(h.Groups["text"].Value);
                int n = seen.GetValueOrDefault(slug);
                seen[slug] = n + 1;
                anchors.Add(n == 0 ? slug : $"{slug}-{n}");
            }
        }
        return anchors;
    }

    /// <summary>GitHub's anchor for a heading's text.</summary>
    public static string Slug(string heading)
    {
        string text = MarkdownLink().Replace(heading.Trim(), "${text}");
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (c == ' ')
                slug.Append('-');
            else if (char.IsLetterOrDigit(c) || c is '-' or '_')
                slug.Append(c);
        }
        return slug.ToString();
    }

    private static string WithoutCodeSpans(string line) => CodeSpan().Replace(line, "");

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();
}
