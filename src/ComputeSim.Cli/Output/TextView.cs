namespace ComputeSim.Cli.Output;

/// <summary>How text output is laid out: the width it must fit, and which table columns to show.</summary>
/// <param name="Width">Columns of the terminal (or <c>COLUMNS</c>); tables and prose fit it unless <paramref name="Wide"/>.</param>
/// <param name="Columns">Column names asked for with <c>--columns</c>, or null for each table's default set.</param>
/// <param name="Wide">Every column, nothing wrapped (<c>--wide</c>): for a wide terminal or a file.</param>
internal sealed record TextView(int Width, IReadOnlyList<string>? Columns, bool Wide)
{
    /// <summary>Every column at the fallback width: what an unfitted writer shows.</summary>
    public static TextView Unfitted { get; } = new(int.MaxValue, null, true);
}

/// <summary>
/// A writer that fits prose to <see cref="TextView.Width"/> (a long line breaks at a space, continuing under its
/// text) and carries the view that tables read. Tables fit themselves by dropping columns, so they are never broken.
/// </summary>
internal sealed class FittedWriter(TextWriter inner, TextView view) : TextWriter
{
    private readonly System.Text.StringBuilder _line = new();

    /// <summary>The view tables fit to.</summary>
    public TextView View { get; } = view;

    /// <summary>True once a table has said that columns are hidden: the hint is given once per output.</summary>
    internal bool HiddenHintGiven { get; set; }

    /// <summary>The <c>--columns</c> names some table written here has shown (a key column counts): the others are named once
    /// the output ends, so a name that fits none of this output's tables is not dropped without a word.</summary>
    internal HashSet<string> ColumnsShown { get; } = new(StringComparer.Ordinal);

    /// <summary>True once a table has been written.</summary>
    internal bool TableWritten { get; set; }

    /// <inheritdoc />
    public override System.Text.Encoding Encoding => inner.Encoding;

    /// <summary>The view of <paramref name="w"/>: its own when fitted, else every column unwrapped.</summary>
    public static TextView ViewOf(TextWriter w) => (w as FittedWriter)?.View ?? TextView.Unfitted;

    /// <inheritdoc />
    public override void Write(char value)
    {
        if (value == '\n')
        {
            WrapLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        foreach (char c in value ?? "")
            Write(c);
    }

    /// <inheritdoc />
    public override void Flush()
    {
        if (_line.Length > 0)
        {
            inner.Write(_line.ToString());
            _line.Clear();
        }
        inner.Flush();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (TableWritten && View.Columns is { } asked && asked.Where(a => !ColumnsShown.Contains(a)).ToList() is { Count: > 0 } missing)
                WriteLine($"(--columns: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} in none of this output's tables)");
            Flush();
        }
        base.Dispose(disposing);
    }

    private void WrapLine(string line)
    {
        foreach (string part in Wrap(line, View.Wide ? int.MaxValue : View.Width))
            inner.WriteLine(part);
    }

    /// <summary>
    /// A line broken at spaces into pieces no wider than <paramref name="width"/>; continuations are indented under
    /// the text (past a leading "- " or "note: "). A word longer than the width stays whole.
    /// </summary>
    public static IEnumerable<string> Wrap(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length <= width)
        {
            yield return line;
            yield break;
        }
        string indent = new(' ', Math.Min(HangingIndent(line), width / 2));
        string rest = line;
        bool first = true;
        while (rest.Length > 0)
        {
            string prefix = first ? "" : indent;
            int room = width - prefix.Length;
            if (rest.Length <= room)
            {
                yield return prefix + rest;
                yield break;
            }
            int cut = rest.LastIndexOf(' ', room);
            if (cut <= 0)
                cut = rest.IndexOf(' ', room);
            if (cut <= 0)
            {
                yield return prefix + rest;
                yield break;
            }
            yield return (prefix + rest[..cut]).TrimEnd();
            rest = rest[(cut + 1)..].TrimStart();
            first = false;
        }
    }

    private static int HangingIndent(string line)
    {
        int spaces = line.Length - line.TrimStart(' ').Length;
        string text = line[spaces..];
        if (text.StartsWith("- ", StringComparison.Ordinal))
            return spaces + 2;
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        // "note: ...", "warning: ...": the continuation starts under the text, not under the label.
        return colon is > 0 and <= 12 && !text[..colon].Contains(' ') ? spaces + colon + 2 : spaces + 2;
    }
}
