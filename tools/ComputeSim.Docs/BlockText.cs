using System.Text.RegularExpressions;

namespace ComputeSim.Docs;

/// <summary>What a console block should hold, given what its commands printed; and how two versions differ.</summary>
public static class BlockText
{
    /// <summary>The line shown, after or before a blank one, where <c>from</c> or <c>until</c> left output out.</summary>
    public const string Elision = "...";

    /// <summary>
    /// The block's lines: for a <c>$</c> block each command after <c>$ </c> and then its output. Output loses
    /// trailing spaces and trailing blank lines, and is cut where the block's markers say.
    /// </summary>
    public static List<string> Render(ConsoleBlock block, IReadOnlyList<string> printed)
    {
        List<List<string>> outputs = printed.Select(p => p.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList()).ToList();
        if (block.Markers.From is { } from)
            outputs = Cut(block, outputs, from, (lines, at) => [Elision, "", .. lines.Skip(at)]);
        if (block.Markers.Until is { } until)
            outputs = Cut(block, outputs, until, (lines, at) => [.. TrimBlankEnd(lines.Take(at).ToList()), "", Elision]);
        if (!block.IsSession)
            return TrimBlankEnd(outputs[0]);
        var all = new List<string>();
        for (int i = 0; i < block.Commands.Count; i++)
        {
            all.Add("$ " + block.Commands[i]);
            all.AddRange(TrimBlankEnd(outputs[i]));
        }
        return all;
    }

    /// <summary>Cuts each output at its first line matching <paramref name="pattern"/>; at least one must match.</summary>
    private static List<List<string>> Cut(ConsoleBlock block, List<List<string>> outputs, Regex pattern, Func<List<string>, int, List<string>> cut)
    {
        if (!outputs.Any(lines => lines.Exists(pattern.IsMatch)))
            throw new DocsException($"{block.Where}: no line of the output matches \"{pattern}\"");
        return outputs.Select(lines => lines.FindIndex(pattern.IsMatch) is int at and >= 0 ? cut(lines, at) : lines).ToList();
    }

    private static List<string> TrimBlankEnd(List<string> lines)
    {
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>True when the two differ only where <see cref="OutputMasks"/> allow.</summary>
    public static bool Same(IReadOnlyList<string> shown, IReadOnlyList<string> printed) =>
        OutputMasks.Apply(string.Join('\n', shown.Select(l => l.TrimEnd()))) == OutputMasks.Apply(string.Join('\n', printed));

    /// <summary>The first stretch where the masked texts differ: a few lines shown (-) and printed (+).</summary>
    public static string Diff(IReadOnlyList<string> shown, IReadOnlyList<string> printed, int maxLines = 6)
    {
        string[] a = OutputMasks.Apply(string.Join('\n', shown.Select(l => l.TrimEnd()))).Split('\n');
        string[] b = OutputMasks.Apply(string.Join('\n', printed)).Split('\n');
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
            head++;
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
            tail++;
        var diff = new List<string> { $"block line {head + 1}: {a.Length - head - tail} line(s) shown, {b.Length - head - tail} printed" };
        diff.AddRange(a.Skip(head).Take(Math.Min(maxLines, a.Length - head - tail)).Select(l => "- " + l));
        diff.AddRange(b.Skip(head).Take(Math.Min(maxLines, b.Length - head - tail)).Select(l => "+ " + l));
        return string.Join('\n', diff);
    }
}
