using System.Reflection;
using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>Each public run's relative error when predicted from a fit that never saw its source (all its releases): the record
/// a user should expect on a run the set does not hold.</summary>
/// <remarks>
/// The in-sample error understates it (6.7% against 7.4% over the set, docs/calibration.md part 14), so the accuracy band beside
/// each prediction reads these. They take one fit per source family (about half a minute), so they ship as a file,
/// data/calibration/held-out/errors.tsv, written by scripts/calibration/held-out-errors.sh from
/// <c>computesim validate --leave-one-source-out --format json</c>; a test recomputes them and fails when the model or the set
/// has moved without the file.
/// </remarks>
public static class HeldOutErrors
{
    /// <summary>Where the file lives in the repository.</summary>
    public const string FilePath = "data/calibration/held-out/errors.tsv";

    private static readonly Lazy<IReadOnlyDictionary<string, double>> Shipped = new(Load);

    /// <summary>The shipped held-out relative error of the public run named <paramref name="run"/>, or NaN if the file has none
    /// (no layout fitted, or a run the file does not know).</summary>
    public static double Of(string run) => Shipped.Value.TryGetValue(run, out double e) ? e : double.NaN;

    /// <summary>Every run the file holds, by name.</summary>
    public static IReadOnlyDictionary<string, double> All => Shipped.Value;

    /// <summary>Parses the file's text: a header line, then <c>run_id</c> and <c>held_out_relative_error</c> per line.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            string[] cells = lines[i].Split('\t');
            string where = $"{FilePath} line {i + 1}";
            if (cells.Length != 2)
                throw new InputException(where, $"{cells.Length} cells for 2 columns");
            errors.Add(cells[0], cells[1] == "" ? double.NaN : CalibrationFile.Number(cells[1], where));
        }
        return errors;
    }

    private static IReadOnlyDictionary<string, double> Load()
    {
        Assembly assembly = typeof(HeldOutErrors).Assembly;
        // The project file embeds it; a build without it is broken, not a set without a record.
        using Stream stream = assembly.GetManifestResourceStream("calibration-held-out/errors.tsv")
            ?? throw new InvalidOperationException($"{FilePath} is not embedded in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
