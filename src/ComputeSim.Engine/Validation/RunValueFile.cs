using System.Reflection;
using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>A shipped file of one number per public run (<c>run_id</c>, value), embedded in the assembly: the held-out errors
/// (<see cref="HeldOutErrors"/>) and the search gaps (<see cref="SearchGaps"/>).</summary>
internal static class RunValueFile
{
    /// <summary>Parses a header line, then a run id and a number (empty for none: NaN) per line; <see cref="InputException"/> names
    /// <paramref name="filePath"/> and the line of a malformed one.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text, string filePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            string[] cells = lines[i].Split('\t');
            string where = $"{filePath} line {i + 1}";
            if (cells.Length != 2)
                throw new InputException(where, $"{cells.Length} cells for 2 columns");
            values.Add(cells[0], cells[1] == "" ? double.NaN : CalibrationFile.Number(cells[1], where));
        }
        return values;
    }

    /// <summary>The embedded copy of <paramref name="filePath"/>, parsed.</summary>
    public static IReadOnlyDictionary<string, double> Load(string resource, string filePath)
    {
        Assembly assembly = typeof(RunValueFile).Assembly;
        // The project file embeds it; a build without it is broken, not a set without a record.
        using Stream stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{filePath} is not embedded in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), filePath);
    }
}
