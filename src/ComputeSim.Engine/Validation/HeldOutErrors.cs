namespace ComputeSim.Engine.Validation;

/// <summary>Each public run's relative error when predicted from a fit that never saw its source (all its releases): the record
/// a user should expect on a run the set does not hold.</summary>
/// <remarks>
/// The in-sample error understates it (6.4% against 7.1% over the set, docs/calibration.md part 23), so the accuracy band beside
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
    public static IReadOnlyDictionary<string, double> Parse(string text) => RunValueFile.Parse(text, FilePath);

    private static IReadOnlyDictionary<string, double> Load() => RunValueFile.Load("calibration-held-out/errors.tsv", FilePath);
}
