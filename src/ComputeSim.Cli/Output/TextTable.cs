using System.Text.RegularExpressions;

namespace ComputeSim.Cli.Output;

/// <summary>A plain aligned text table: numbers right-aligned, text left-aligned.</summary>
internal sealed partial class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row (one cell per header).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Writes the table.</summary>
    public void Write(TextWriter w)
    {
        int[] width = headers.Select(h => h.Length).ToArray();
        foreach (string[] r in _rows)
        {
            for (int c = 0; c < r.Length; c++)
                width[c] = Math.Max(width[c], r[c].Length);
        }
        w.WriteLine(string.Join("  ", headers.Select((h, c) => h.PadRight(width[c]))).TrimEnd());
        w.WriteLine(string.Join("  ", width.Select(n => new string('-', n))));
        // A column is right-aligned only if every cell in it is a number.
        bool[] numeric = headers.Select((_, c) => _rows.Count > 0 && _rows.All(r => IsNumeric(r[c]) || r[c] == "-")).ToArray();
        foreach (string[] r in _rows)
            w.WriteLine(string.Join("  ", r.Select((cell, c) => numeric[c] ? cell.PadLeft(width[c]) : cell.PadRight(width[c]))).TrimEnd());
    }

    private static bool IsNumeric(string s) => s == "n/a" || NumberRegex().IsMatch(s);

    [GeneratedRegex(@"^[-+$]?[\d,.]+(e[-+]\d+)?[KMBT%]?$")]
    private static partial Regex NumberRegex();
}
