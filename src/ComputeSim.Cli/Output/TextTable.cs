using System.Text.RegularExpressions;

namespace ComputeSim.Cli.Output;

/// <summary>
/// A plain aligned text table: numbers right-aligned, text left-aligned. Written to a <see cref="FittedWriter"/>, it
/// shows its default columns (or those of <c>--columns</c>), drops the least important ones that do not fit the
/// width, and wraps a long last text column under itself; <c>--wide</c> shows everything.
/// </summary>
internal sealed partial class TextTable(params string[] headers)
{
    private const string Gap = "  ";
    private const int MinWrappedWidth = 24;
    private readonly List<string[]> _rows = [];

    /// <summary>Leading columns always shown (what identifies a row).</summary>
    public int Keys { get; init; } = 1;

    /// <summary>The columns shown by default, most important first; null shows every column, the rightmost least important.</summary>
    public IReadOnlyList<string>? Defaults { get; init; }

    /// <summary>Rows named by their first cell (quantity, value, how): <c>--columns</c> picks rows by that name.</summary>
    public bool NamedRows { get; init; }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> Headers => headers;

    /// <summary>Adds a row (one cell per header).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Writes the table, fitted to the writer's view.</summary>
    public void Write(TextWriter w)
    {
        TextView view = FittedWriter.ViewOf(w);
        // A name this table has: a row's first cell, or a column from index `from` on.
        bool Has(string name, int from) => NamedRows ? _rows.Any(r => r[0] == name) : Array.IndexOf(headers, name) >= from;
        if (w is FittedWriter written)
        {
            written.TableWritten = true;
            written.ColumnsShown.UnionWith((view.Columns ?? []).Where(a => Has(a, 0)));
        }
        // Names that match nothing here (they name another table's columns) leave this table as it is by default.
        if (view.Columns is { } asked && !asked.Any(a => Has(a, Keys)))
            view = view with { Columns = null };
        List<string[]> rows = NamedRows && view.Columns is { } named ? _rows.Where(r => named.Contains(r[0])).ToList() : _rows;
        int[] width = headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        List<int> shown = Visible(view, width, out int hidden);
        // A column is right-aligned only if every cell in it is a number.
        bool[] numeric = headers.Select((_, c) => rows.Count > 0 && rows.All(r => IsNumeric(r[c]) || r[c] == "-")).ToArray();
        int last = shown[^1];
        int lead = shown.Take(shown.Count - 1).Sum(c => width[c] + Gap.Length);
        // A long last text column (the "how" of a breakdown) wraps under itself rather than past the width.
        int lastWidth = !view.Wide && !numeric[last] && lead + width[last] > view.Width && view.Width - lead >= MinWrappedWidth ? view.Width - lead : width[last];
        string Line(IEnumerable<string> cells) => string.Join(Gap, cells).TrimEnd();
        w.WriteLine(Line(shown.Select(c => headers[c].PadRight(c == last ? 0 : width[c]))));
        w.WriteLine(Line(shown.Select(c => new string('-', c == last ? Math.Min(width[c], lastWidth) : width[c]))));
        foreach (string[] r in rows)
        {
            string[] pieces = [.. FittedWriter.Wrap(r[last], lastWidth)];
            w.WriteLine(Line(shown.Select(c => c == last ? pieces[0] : numeric[c] ? r[c].PadLeft(width[c]) : r[c].PadRight(width[c]))));
            foreach (string more in pieces.Skip(1))
                w.WriteLine(new string(' ', lead) + more.TrimStart());
        }
        if (hidden > 0 && w is FittedWriter f && !f.HiddenHintGiven)
        {
            f.HiddenHintGiven = true;
            w.WriteLine($"({hidden} more column{(hidden == 1 ? "" : "s")}: --wide shows every column, --columns NAME,... picks them)");
        }
    }

    // The columns to show, in table order: keys first, then the asked-for or default ones, the least important
    // dropped until the row fits.
    private List<int> Visible(TextView view, int[] width, out int hidden)
    {
        int n = headers.Length;
        var keys = Enumerable.Range(0, Math.Min(Keys, n)).ToList();
        List<int> priority;
        if (view.Wide || NamedRows)
            priority = Enumerable.Range(Keys, Math.Max(0, n - Keys)).ToList();
        else if (view.Columns is { } asked)
            priority = asked.Select(a => Array.IndexOf(headers, a)).Where(c => c >= Keys).Distinct().ToList();
        else
            priority = (Defaults ?? headers.Skip(Keys).ToList()).Select(d => Array.IndexOf(headers, d)).Where(c => c >= Keys).Distinct().ToList();
        if (!view.Wide && view.Columns is null)
        {
            // The last shown column may wrap, so it need not fit whole; the others must.
            while (priority.Count > 0 && keys.Concat(priority).Sum(c => width[c] + Gap.Length) - Gap.Length > view.Width
                   && !LastWraps(view, width, keys, priority))
                priority.RemoveAt(priority.Count - 1);
        }
        hidden = n - keys.Count - priority.Count;
        return [.. keys.Concat(priority).Order()];
    }

    private bool LastWraps(TextView view, int[] width, List<int> keys, List<int> priority)
    {
        var shown = keys.Concat(priority).Order().ToList();
        int lead = shown.Take(shown.Count - 1).Sum(c => width[c] + Gap.Length);
        return shown[^1] == headers.Length - 1 && _rows.Any(r => !IsNumeric(r[^1])) && view.Width - lead >= MinWrappedWidth;
    }

    private static bool IsNumeric(string s) => s == "n/a" || NumberRegex().IsMatch(s);

    [GeneratedRegex(@"^[-+$]?[\d,.]+(e[-+]\d+)?[KMBT%]?$")]
    private static partial Regex NumberRegex();
}
