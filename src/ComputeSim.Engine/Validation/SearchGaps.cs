using ComputeSim.Model;

namespace ComputeSim.Engine.Validation;

/// <summary>How much faster than its published layout the layout search rates each public run: the gap between what an estimate
/// without a layout predicts and what the model predicts for the layout the run used.</summary>
/// <remarks>
/// <para>Without <c>--tp</c>, <c>--pp</c> and the rest, an estimate predicts the fastest layout that fits; the published runs used
/// the layouts their sources chose. The search's layout is faster in the model, by a median 7.4% on NVIDIA's dense recipes and
/// 22.5% on its MoE ones (docs/calibration.md, parts 22 and 23): the search may pick micro-batches, expert-parallel groups and ZeRO stages that a
/// recipe could not run or did not try, and what the model does not price rates them too well. An estimate with its layout
/// searched quotes its accuracy with these gaps applied to the held-out errors (the accuracy band).</para>
/// <para>Each gap is the run's predicted speed with its layout searched (<see cref="Searched"/>) over its predicted speed with its
/// published layout, minus one, both with the shipped constants. They take a search per run, so they ship as a file,
/// data/calibration/held-out/search-gaps.tsv, written by scripts/calibration/held-out-errors.sh from
/// <c>computesim validate --search-layouts --format json</c>; a test recomputes them.</para>
/// </remarks>
public static class SearchGaps
{
    /// <summary>Where the file lives in the repository.</summary>
    public const string FilePath = "data/calibration/held-out/search-gaps.tsv";

    private static readonly Lazy<IReadOnlyDictionary<string, double>> Shipped =
        new(() => RunValueFile.Load("calibration-held-out/search-gaps.tsv", FilePath));

    /// <summary>The shipped gap of the public run named <paramref name="run"/>, or NaN if the file has none (no layout fits, or a
    /// run the file does not know).</summary>
    public static double Of(string run) => Shipped.Value.TryGetValue(run, out double g) ? g : double.NaN;

    /// <summary>Every run the file holds, by name.</summary>
    public static IReadOnlyDictionary<string, double> All => Shipped.Value;

    /// <summary>Parses the file's text: a header line, then <c>run_id</c> and <c>search_speed_gap</c> per line.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text) => RunValueFile.Parse(text, FilePath);

    /// <summary><paramref name="run"/> with every layout choice open, as an estimate without layout options searches them.</summary>
    public static PublishedRun Searched(PublishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with { Space = LayoutSpace.Open };
    }

    /// <summary>The searched prediction's speed over the published layout's, minus one; NaN where either finds no fit.</summary>
    public static double Gap(ValidationRow published, ValidationRow searched)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(searched);
        return double.IsFinite(published.Predicted) && double.IsFinite(searched.Predicted)
            ? (1.0 + searched.SpeedError) / (1.0 + published.SpeedError) - 1.0
            : double.NaN;
    }

    /// <summary>A held-out speed error (<paramref name="heldOutSpeedError"/>) moved by a search's <paramref name="gap"/>: what the
    /// run's prediction would have erred with its layout searched.</summary>
    public static double Apply(double heldOutSpeedError, double gap) => (1.0 + heldOutSpeedError) * (1.0 + gap) - 1.0;
}
