using System.Text.RegularExpressions;

namespace ComputeSim.Docs;

/// <summary>
/// A fenced block that shows what commands print. Either a command line in backticks on its own line, a blank
/// line, then the fence holding its output; or a fence whose first line is <c>$ COMMAND</c>, each command
/// followed by its output.
/// </summary>
/// <param name="File">The docs file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the command (or of the opening fence of a <c>$</c> block).</param>
/// <param name="Open">0-based index of the opening fence.</param>
/// <param name="Close">0-based index of the closing fence.</param>
/// <param name="IsSession">True for a <c>$</c> block, whose commands are part of it.</param>
public sealed record ConsoleBlock(string File, int Line, int Open, int Close, bool IsSession,
    IReadOnlyList<string> Commands, IReadOnlyList<string> Body, BlockMarkers Markers)
{
    public string Where => $"{File}:{Line}";

    public override string ToString() => $"{Where} {Commands[0]}";
}

/// <summary>An image in the docs drawn by the command in backticks on the last non-blank line above it.</summary>
/// <param name="Path">The image, relative to the repository root.</param>
public sealed record PlotImage(string File, int Line, string Path, string? Command, BlockMarkers Markers)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>A parsed docs file: its lines, console blocks and plot images.</summary>
public sealed record DocPage(string File, IReadOnlyList<string> Lines, IReadOnlyList<ConsoleBlock> Blocks, IReadOnlyList<PlotImage> Images);

/// <summary>Finds the console blocks and plot images of a Markdown file, with the markers above each.</summary>
public static partial class DocParser
{
    /// <summary>The README and every Markdown file in docs/, relative to <paramref name="repoRoot"/>.</summary>
    public static IReadOnlyList<string> DocFiles(string repoRoot) =>
        ["README.md", .. Directory.GetFiles(System.IO.Path.Combine(repoRoot, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => System.IO.Path.GetRelativePath(repoRoot, f).Replace('\\', '/'))];

    public static DocPage Read(string repoRoot, string file) =>
        Parse(file, File.ReadAllText(System.IO.Path.Combine(repoRoot, file)).Replace("\r\n", "\n").Split('\n'));

    public static DocPage Parse(string file, IReadOnlyList<string> lines)
    {
        var blocks = new List<ConsoleBlock>();
        var images = new List<PlotImage>();
        var usedMarkers = new HashSet<int>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (FenceOpen().IsMatch(lines[i]))
            {
                int close = FindClose(file, lines, i);
                if (Block(file, lines, i, close, usedMarkers) is ConsoleBlock block)
                    blocks.Add(block);
                i = close;
            }
            else if (ImageLine().Match(lines[i]) is { Success: true } image)
            {
                images.Add(Image(file, lines, i, image.Groups["path"].Value, usedMarkers));
            }
        }
        for (int i = 0; i < lines.Count; i++)
            if (BlockMarkers.IsMarker(lines[i]) && !usedMarkers.Contains(i) && !InsideFence(lines, i))
                throw new DocsException($"{file}:{i + 1}: a docs marker must sit directly above a command line, a $ block or an image");
        return new DocPage(file, lines, blocks, images);
    }

    private static ConsoleBlock? Block(string file, IReadOnlyList<string> lines, int open, int close, HashSet<int> usedMarkers)
    {
        string[] body = lines.Skip(open + 1).Take(close - open - 1).ToArray();
        int above = PreviousNonBlank(lines, open);
        if (above >= 0 && above < open - 1 && CommandLine().Match(lines[above]) is { Success: true } command)
        {
            BlockMarkers markers = MarkersAbove(file, lines, above, usedMarkers);
            return new ConsoleBlock(file, above + 1, open, close, false, [command.Groups["cmd"].Value], body, markers);
        }
        if (body.Length > 0 && body[0].StartsWith("$ ", StringComparison.Ordinal))
        {
            BlockMarkers markers = MarkersAbove(file, lines, open, usedMarkers);
            string[] commands = body.Where(l => l.StartsWith("$ ", StringComparison.Ordinal)).Select(l => l[2..]).ToArray();
            return new ConsoleBlock(file, open + 1, open, close, true, commands, body, markers);
        }
        return null;
    }

    private static PlotImage Image(string file, IReadOnlyList<string> lines, int at, string path, HashSet<int> usedMarkers)
    {
        BlockMarkers markers = MarkersAbove(file, lines, at, usedMarkers);
        int above = PreviousNonBlank(lines, at);
        string? command = above < 0 ? null : InlineCommand().Matches(lines[above]).Select(m => m.Groups["cmd"].Value).LastOrDefault();
        string relative = System.IO.Path.GetRelativePath(".", System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file) ?? "", path)).Replace('\\', '/');
        if (command is null && markers.SkipReason is null)
            throw new DocsException($"{file}:{at + 1}: image {path} has no `computesim ...` command on the line above it; give one, or mark it <!-- docs: skip (why) -->");
        return new PlotImage(file, at + 1, relative, command, markers);
    }

    private static BlockMarkers MarkersAbove(string file, IReadOnlyList<string> lines, int at, HashSet<int> usedMarkers)
    {
        BlockMarkers markers = BlockMarkers.None;
        for (int m = at - 1; m >= 0 && BlockMarkers.IsMarker(lines[m]); m--)
        {
            markers = markers.With(lines[m], $"{file}:{m + 1}");
            usedMarkers.Add(m);
        }
        return markers;
    }

    private static int FindClose(string file, IReadOnlyList<string> lines, int open)
    {
        for (int j = open + 1; j < lines.Count; j++)
            if (lines[j].Trim() == "```")
                return j;
        throw new DocsException($"{file}:{open + 1}: a code fence is never closed");
    }

    private static int PreviousNonBlank(IReadOnlyList<string> lines, int at)
    {
        int j = at - 1;
        while (j >= 0 && lines[j].Trim().Length == 0)
            j--;
        return j;
    }

    private static bool InsideFence(IReadOnlyList<string> lines, int at) =>
        lines.Take(at).Count(l => FenceOpen().IsMatch(l) || l.Trim() == "```") % 2 == 1;

    [GeneratedRegex(@"^\s*```")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^\s*`(?<cmd>computesim [^`]+)`\s*$")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"`(?<cmd>computesim [^`]+)`")]
    private static partial Regex InlineCommand();

    [GeneratedRegex(@"^\s*!\[[^\]]*\]\((?<path>[^)\s]+\.(png|svg))\)\s*$")]
    private static partial Regex ImageLine();
}
