using System.Globalization;
using System.Text.Json.Nodes;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>How far the L2 model has been from the published runs most like a prediction.</summary>
/// <param name="Runs">Published runs the figures come from.</param>
/// <param name="Basis">What those runs share with the prediction, e.g. "h100-sxm5-80gb, dense, 16-bit".</param>
/// <param name="MedianAbsErrorPct">Median |predicted / published throughput − 1|, percent.</param>
/// <param name="P90AbsErrorPct">90th percentile of the same, percent.</param>
/// <param name="MedianSignedErrorPct">Median of predicted / published throughput − 1, percent: negative where the model
/// has predicted these runs slower than published.</param>
/// <param name="SameAccelerator">True where the runs are on the prediction's own accelerator, false where too few were and the
/// match took other accelerators' runs.</param>
/// <param name="SameArchitecture">True where the runs are of the prediction's own architecture (<see cref="ModelAccuracy.SameArchitecture"/>).</param>
/// <param name="LayoutSearched">True where the prediction searched its layout and the runs' errors are those of their searched
/// layouts (<see cref="SearchGaps"/>), false where they are those of the layouts the runs published.</param>
public sealed record AccuracyBand(int Runs, string Basis, double MedianAbsErrorPct, double P90AbsErrorPct, double MedianSignedErrorPct,
    bool SameAccelerator = true, bool SameArchitecture = false, bool LayoutSearched = false)
{
    /// <summary>The band in one line, for text output.</summary>
    public string Text => $"accuracy: on the {Runs} published runs most like this one ({Basis}), each predicted from a fit without its source"
        + (LayoutSearched ? " and with its layout searched, as here" : "") + ", the L2 model's throughput is off by a median of "
        + $"{Pct(MedianAbsErrorPct)} and by at most {Pct(P90AbsErrorPct)} on 9 in 10; there it errs {(MedianSignedErrorPct < 0 ? "slow" : "fast")} "
        + $"by a median of {Pct(Math.Abs(MedianSignedErrorPct))} "
        + (LayoutSearched
            ? "(the search finds layouts the model rates faster than the published ones; computesim validate --search-layouts lists them)"
            : "(computesim validate lists them by accelerator)");

    /// <summary>The band as JSON, the same object from the CLI and the web API.</summary>
    public JsonObject ToJson() => new()
    {
        ["published_runs"] = Runs,
        ["basis"] = Basis,
        ["median_abs_error_pct"] = MedianAbsErrorPct,
        ["p90_abs_error_pct"] = P90AbsErrorPct,
        ["median_signed_error_pct"] = MedianSignedErrorPct,
        ["same_accelerator"] = SameAccelerator,
        ["same_architecture"] = SameArchitecture,
        ["held_out_by_source"] = true,
        ["layout_searched"] = LayoutSearched,
    };

    /// <summary>The median signed error with its sign, e.g. "-8.5%", for tables.</summary>
    public string SignedErrorText => (MedianSignedErrorPct / 100).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Pct(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>The model's error on the public calibration set, for the runs most like a prediction.</summary>
/// <remarks>
/// A prediction is only as good as the model's record on runs like it, and that record differs by architecture, by accelerator,
/// by dense or MoE and by precision (docs/calibration.md: Megatron-Bridge's GPT-OSS runs come out a median third fast where the
/// other MoE runs are centred). The runs of the prediction's own architecture on its accelerator are matched first (in its
/// precision, then in any); where fewer than <see cref="MinimumRuns"/> match, the accelerator's runs of its kind, dense or MoE,
/// in its precision, then in either, then all the accelerator's runs; then the architecture's runs on any accelerator, then
/// dense or MoE and the precision on any accelerator, then all the runs of its kind. The runs are those of the prediction's kind:
/// the benchmark runs for a tuned step, the production runs for one priced with <c>production=on</c> (the set's eight, all
/// falling to the last tier). Each run's error is the one it has when predicted
/// from a fit without its source (<see cref="HeldOutErrors"/>, shipped as a file): what a user should expect on a run the set
/// does not hold, a little worse than the in-sample error; an estimate whose search chose its layout reads each one moved by the
/// run's search gap (<see cref="SearchGaps"/>: the search rates its own layouts faster than those published). The architecture's tiers describe a public run from the others
/// better than the accelerator's alone: the band's median signed error lies a mean 8.9% from the run's (9.3% without them)
/// with each run left out, a median 6.8% (7.7%) with its whole source left out (docs/calibration.md, part 18).
/// </remarks>
public static class ModelAccuracy
{
    /// <summary>Fewest runs a band is computed from.</summary>
    public const int MinimumRuns = 8;

    /// <summary>The band for a prediction on <paramref name="hardware"/> (a profile name) of <paramref name="shape"/> in
    /// <paramref name="precision"/>, or null where the cluster carries constants other than the shipped ones (a calibration
    /// to the user's own runs, whose residuals <c>computesim calibrate</c> reports). Where <paramref name="layoutSearched"/>, each
    /// run's held-out error is moved by its search gap (<see cref="SearchedHeldOutSpeedError"/>).</summary>
    public static AccuracyBand? For(string hardware, in TransformerShape shape, Precision precision, in ClusterSpec cluster, bool layoutSearched = false)
    {
        if (CalibrationConstants.Of(cluster) != CalibrationConstants.Shipped)
            return null;
        TransformerShape own = shape;
        bool moe = shape.IsMoe;
        string kind = Kind(moe), bits = Bits(precision);
        // A production run's estimate is measured against the production runs, a tuned step's against the benchmark runs: each run
        // was predicted with its own switches, so only runs of the estimate's kind say how far it is likely off.
        bool production = cluster.Production != 0;
        PublishedRun[] pool = [.. Validator.AllRuns.Where(r => IsProduction(r) == production)];
        PublishedRun[] sameArchitecture = [.. pool.Where(r => SameArchitecture(r.Shape, own))];
        string name = ArchitectureName(sameArchitecture) is { Length: > 0 } model ? model + "'s architecture" : "this architecture";
        (IEnumerable<PublishedRun> Runs, string Basis, bool SameAccelerator, bool SameArchitecture)[] tiers =
        [
            (sameArchitecture.Where(r => r.Hardware == hardware && Bits(r.Precision) == bits), $"{name} on {hardware}, {bits}", true, true),
            (sameArchitecture.Where(r => r.Hardware == hardware), $"{name} on {hardware}, any precision", true, true),
            (pool.Where(r => r.Hardware == hardware && r.Shape.IsMoe == moe && Bits(r.Precision) == bits), $"{hardware}, {kind}, {bits}", true, false),
            (pool.Where(r => r.Hardware == hardware && r.Shape.IsMoe == moe), $"{hardware}, {kind}, any precision", true, false),
            (pool.Where(r => r.Hardware == hardware), $"{hardware}, dense and MoE, any precision", true, false),
            (sameArchitecture, $"{name}, any accelerator and precision", false, true),
            (pool.Where(r => r.Shape.IsMoe == moe && Bits(r.Precision) == bits), $"any accelerator, {kind}, {bits}", false, false),
            (pool, production ? "the public set's production runs, as their papers report them" : "the public set's benchmark runs", false, false),
        ];
        Func<PublishedRun, double> error = layoutSearched ? SearchedHeldOutSpeedError : HeldOutSpeedError;
        for (int i = 0; i < tiers.Length; i++)
        {
            double[] errors = [.. tiers[i].Runs.Select(error).Where(double.IsFinite)];
            if (errors.Length >= MinimumRuns || i == tiers.Length - 1)
            {
                return Band(errors, tiers[i].Basis) with
                {
                    SameAccelerator = tiers[i].SameAccelerator,
                    SameArchitecture = tiers[i].SameArchitecture,
                    LayoutSearched = layoutSearched,
                };
            }
        }
        return null;
    }

    /// <summary>True where <paramref name="a"/> and <paramref name="b"/> are the same network: every layer, head, width and expert
    /// alike, whatever the sequence length, the vocabulary (a tokenizer: MLPerf trains GPT-OSS with Llama 3.1's), the
    /// multi-token-prediction modules a run adds, and the dense MLP width of a model whose every layer is an expert layer.</summary>
    public static bool SameArchitecture(in TransformerShape a, in TransformerShape b) => Architecture(a).Equals(Architecture(b));

    /// <summary><paramref name="s"/> with what <see cref="SameArchitecture"/> ignores cleared: the key that runs of one architecture share.</summary>
    public static TransformerShape Architecture(in TransformerShape s) =>
        s with { SeqLen = 0, Vocab = 0, MtpLayers = 0, Ffn = s.DenseMlpLayers > 0 ? s.Ffn : 0 };

    /// <summary>The name the <paramref name="runs"/> of one architecture most often give their model (<c>gpt-oss-120b</c>), or
    /// empty where none gives one.</summary>
    public static string ArchitectureName(IEnumerable<PublishedRun> runs) =>
        runs.Select(r => r.Model).Where(m => m.Length > 0).GroupBy(m => m, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? "";

    /// <summary>True for a public run priced as a production run (<see cref="ClusterSpec.Production"/>, its <c>production</c> switch).</summary>
    private static bool IsProduction(PublishedRun run) => run.ClusterFor(default).Production != 0;

    /// <summary>"dense" or "MoE", as a basis names it.</summary>
    public static string Kind(bool moe) => moe ? "MoE" : "dense";

    /// <summary>"8-bit" for the FP8 recipes, "4-bit" for the FP4 ones, else "16-bit", as a basis names it.</summary>
    public static string Bits(Precision precision) =>
        PrecisionNames.IsFp8(precision) ? "8-bit" : PrecisionNames.IsFp4(precision) ? "4-bit" : "16-bit";

    /// <summary>The speed error of a public run predicted from a fit without its source (<see cref="HeldOutErrors"/>): what a band
    /// is made of.</summary>
    public static double HeldOutSpeedError(PublishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Speed.Error(run.Metric, HeldOutErrors.Of(run.Name));
    }

    /// <summary>The speed error of a public run predicted from a fit without its source and with its layout searched: the held-out
    /// error (<see cref="HeldOutSpeedError"/>) moved by the run's shipped search gap (<see cref="SearchGaps"/>).</summary>
    public static double SearchedHeldOutSpeedError(PublishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return SearchGaps.Apply(HeldOutSpeedError(run), SearchGaps.Of(run.Name));
    }

    /// <summary>The band of <paramref name="speedErrors"/> (see <see cref="Speed.Error"/>).</summary>
    public static AccuracyBand Band(IReadOnlyCollection<double> speedErrors, string basis)
    {
        double[] abs = [.. speedErrors.Select(Math.Abs).Order()];
        return new AccuracyBand(speedErrors.Count, basis, 100 * Percentiles.Interpolated(abs, 0.5), 100 * Percentiles.Interpolated(abs, 0.9),
            100 * Percentiles.Interpolated([.. speedErrors.Order()], 0.5));
    }
}
