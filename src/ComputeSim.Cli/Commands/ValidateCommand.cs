using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ComputeSim.Api;
using ComputeSim.Cli.Output;
using ComputeSim.Engine.Validation;
using ComputeSim.Io;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>validate</c>: every published run the project knows, predicted, with errors per group.</summary>
internal static class ValidateCommand
{
    /// <summary>Largest runs file read (bytes): a calibration set is a few hundred lines.</summary>
    private const int MaxRunsFileBytes = 4 << 20;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var format = FormatOption.Create();
        var runsFile = new Option<string?>("--runs") { Description = "A tab-separated file of measured runs (the columns of data/calibration/*.tsv, or as few as examples/measured-runs.tsv has) to predict instead of the public set" };
        var fit = new Option<bool>("--fit") { Description = "Fit the L2 model's constants to the runs, print them, and predict with them" };
        var loso = new Option<bool>("--leave-one-source-out") { Description = "For each source (a publication with all its releases), fit on the other sources and predict it (slow: one fit per source)" };
        var searchLayouts = new Option<bool>("--search-layouts")
        {
            Description = "Predict each run with its layout searched, as an estimate without --tp, --pp, ... does, instead of the layout it "
                + "published; search_gap is how much faster the model rates the searched layout",
        };
        var command = new Command("validate", "Predict published training runs (the public calibration set in data/calibration/, or --runs FILE) "
            + "with the L2 model and print published vs predicted, and the error per source and overall.\nExample: computesim validate --fit")
            { format, runsFile, fit, loso, searchLayouts };
        command.SetAction(parse =>
        {
            IReadOnlyList<PublishedRun> runs = parse.GetValue(runsFile) is string path ? OnOwnClusters(ReadRuns(path), ctx.Err) : Validator.AllRuns;
            var calibrator = new Calibrator(name => ProfileCatalog.Get(name).Spec, name => ClusterLoader.Get(name).Spec);
            // Without --fit each run is predicted with its cluster's own constants (the shipped fit, or a calibrated profile's).
            CalibrationConstants? constants = null;
            if (parse.GetValue(fit))
            {
                constants = calibrator.Fit(runs, CalibrationConstants.Shipped);
                ctx.Err.WriteLine("fitted: " + string.Join(", ", Calibrator.ConstantNames.Select((name, i) => FormattableString.Invariant($"{name} {constants.Values[i]:G4}"))));
            }
            var rows = calibrator.Predict(runs, constants).ToList();
            // The public set with the shipped constants has its held-out errors shipped too; --leave-one-source-out recomputes them.
            bool shippedPublic = constants is null && parse.GetValue(runsFile) is null;
            var held = parse.GetValue(loso) ? calibrator.LeaveOneSourceOut(runs, constants ?? CalibrationConstants.Shipped).ToList()
                : shippedPublic ? [.. runs.Select(r => new ValidationRow(r, r.Published * (1 + HeldOutErrors.Of(r.Name)), default))]
                : null;
            double[]? gaps = null;
            if (parse.GetValue(searchLayouts))
            {
                // Each row becomes its searched prediction; the held-out errors move by the same gap.
                var searched = calibrator.Predict([.. runs.Select(SearchGaps.Searched)], constants).ToList();
                gaps = [.. rows.Select((r, i) => SearchGaps.Gap(r, searched[i]))];
                held = held?.Select((h, i) => h with { Predicted = h.Run.Published * (1 + MovedError(h, gaps[i])) }).ToList();
                rows = searched;
            }
            if (FormatOption.IsJson(parse, format))
                WriteJson(ctx.Out, rows, held, gaps);
            else
                WriteText(ctx.Out, rows, held, gaps, publicSet: parse.GetValue(runsFile) is null, fitted: constants is not null);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A held-out row's relative error in its own metric, moved by a search <paramref name="gap"/>.</summary>
    private static double MovedError(ValidationRow held, double gap) => Speed.Error(held.Run.Metric, SearchGaps.Apply(held.SpeedError, gap));

    /// <summary>Reads a runs file (bounded before reading); errors name <c>--runs</c>, the file, line and column.</summary>
    public static IReadOnlyList<PublishedRun> ReadRuns(string path) =>
        CalibrationFile.Parse(BoundedFile.ReadAllText(path, MaxRunsFileBytes, $"--runs {path}", "runs file"), path);

    /// <summary>The runs, each that names no cluster on its accelerator's reference cluster, as an estimate runs;
    /// <paramref name="err"/> says how many took it.</summary>
    private static IReadOnlyList<PublishedRun> OnOwnClusters(IReadOnlyList<PublishedRun> runs, TextWriter err)
    {
        int unnamed = runs.Count(r => r.Cluster.Length == 0);
        if (unnamed > 0)
            err.WriteLine($"note: {unnamed} of {runs.Count} runs name no cluster: each runs on its accelerator's reference cluster");
        return [.. runs.Select(r => r.Cluster.Length > 0 ? r : r with { Cluster = ClusterLoader.DefaultFor([r.Hardware], out _) })];
    }

    /// <summary>The unit a metric is published in.</summary>
    public static string Unit(ThroughputMetric m) => m switch
    {
        ThroughputMetric.HardwareTflopsPerGpu => "TFLOP/s/GPU",
        ThroughputMetric.MfuPercent => "MFU %",
        ThroughputMetric.ModelTflopsPerGpu => "model TFLOP/s/GPU",
        ThroughputMetric.TokensPerSecondPerGpu => "tokens/s/GPU",
        ThroughputMetric.TokensPerSecond => "tokens/s",
        ThroughputMetric.StepTimeSeconds => "s/step",
        _ => "days",
    };

    private static string LayoutText(in Layout l) =>
        $"t{l.Tp}{(l.Context > 1 ? $" c{l.Cp}" : "")} p{l.Pp} d{l.Dp}{(l.Expert > 1 ? $" e{l.Ep}" : "")} b{l.MicroBatch} v{l.Interleave} {LayoutJson.Short(l)}{(l.SequenceParallel != 0 ? " sp" : "")} z{l.Zero}";

    private static void WriteText(TextWriter o, List<ValidationRow> rows, List<ValidationRow>? held, double[]? gaps, bool publicSet, bool fitted)
    {
        // What the tables' errors are: held out for the public set with the shipped constants (null); in sample with constants
        // fitted to these runs (--fit); for a runs file otherwise, predicted with constants its runs did not choose.
        string? basis = publicSet && !fitted ? null : fitted ? "in sample" : "with the shipped constants, not fitted to these runs";
        var t = gaps is null ? new TextTable("group", "run", "metric", "published", "predicted", "error", "layout")
            : new TextTable("group", "run", "metric", "published", "predicted", "error", "search_gap", "searched layout");
        for (int i = 0; i < rows.Count; i++)
        {
            ValidationRow r = rows[i];
            string[] cells = [r.Run.Group, r.Run.Name, Unit(r.Run.Metric), Format.Human(r.Run.Published), Format.Human(r.Predicted),
                double.IsFinite(r.Predicted) ? Format.Percent(r.RelativeError) : "no fit"];
            string layout = r.Choice.Found != 0 ? LayoutText(r.Choice.Layout) : "-";
            if (gaps is null)
                t.Add([.. cells, layout]);
            else
                t.Add([.. cells, double.IsFinite(gaps[i]) ? Format.Percent(gaps[i]) : "-", layout]);
        }
        t.Write(o);
        o.WriteLine();
        var g = new TextTable("group", "runs", "no_fit", "mean_abs_error", "median_abs_error", "max_abs_error", "held_out_median_abs_error");
        foreach (var group in rows.GroupBy(r => r.Run.Group).Append(rows.GroupBy(_ => "all").Single()))
        {
            var errors = AbsErrors(group);
            var heldErrors = held is null ? null : AbsErrors(group.Key == "all" ? held : held.Where(r => r.Run.Group == group.Key));
            g.Add(group.Key, group.Count().ToString(CultureInfo.InvariantCulture), (group.Count() - errors.Count).ToString(CultureInfo.InvariantCulture),
                Pct(errors), Pct(Median(errors)), Pct(errors.Count == 0 ? double.NaN : errors.Max()), heldErrors is null ? "-" : Pct(Median(heldErrors)));
        }
        g.Write(o);
        o.WriteLine();
        // The public set's bands read the shipped files, as an estimate's accuracy line does; other runs their own errors.
        Func<ValidationRow, double> speedError = basis is not null ? r => r.SpeedError
            : gaps is null ? r => ModelAccuracy.HeldOutSpeedError(r.Run) : r => ModelAccuracy.SearchedHeldOutSpeedError(r.Run);
        string how = "each run predicted from a fit without its source" + (gaps is null ? "" : " and with its layout searched");
        if (basis is not null && gaps is not null)
            basis += ", layouts searched";
        WriteByAccelerator(o, rows, basis, how, speedError);
        o.WriteLine();
        WriteByArchitecture(o, rows, basis, how, speedError);
        o.WriteLine();
        if (gaps is not null)
        {
            o.WriteLine("Each run's layout was searched, as an estimate without --tp, --pp, ... searches it; search_gap is the searched layout's");
            o.WriteLine("predicted speed over the published layout's, minus one (both with the same constants), and the held-out errors move by it.");
        }
        o.WriteLine("The L2 constants (sustained GEMM share, GEMM tile overhead, fused-attention share, element-wise traffic, per-kernel costs,");
        if (publicSet)
        {
            o.WriteLine("in dense and in eager expert layers, expert imbalance, overlap slowdown) were fitted to this public set, each source");
            o.WriteLine("weighing as the square root of its runs; held_out_median_abs_error predicts each source, all its releases, from a");
            o.WriteLine("fit without it (shipped with the set; --leave-one-source-out recomputes it).");
        }
        else if (fitted)
        {
            o.WriteLine("in dense and in eager expert layers, expert imbalance, overlap slowdown) were fitted to these runs (printed above);");
            o.WriteLine("--leave-one-source-out holds each source out of that fit.");
        }
        else
        {
            o.WriteLine("in dense and in eager expert layers, expert imbalance, overlap slowdown)");
            o.WriteLine("were fitted to the public set in data/calibration/, not to these runs (a run whose cluster is a calibrated profile");
            o.WriteLine("uses that profile's); --fit fits them to these runs, --leave-one-source-out holds each source out of that fit.");
        }
    }

    // The groups an estimate's accuracy line is drawn from (ModelAccuracy), with the same statistics of the throughput error: for
    // the public set with the shipped constants, each run's error from a fit without its source, as the line reads it; else as the
    // basis says.
    private static void WriteByAccelerator(TextWriter o, List<ValidationRow> rows, string? basis, string how, Func<ValidationRow, double> speedError)
    {
        bool shippedPublic = basis is null;
        o.WriteLine(shippedPublic
            ? $"throughput error by accelerator, model kind and precision, {how} (what an\nestimate's accuracy line is drawn from):"
            : $"throughput error by accelerator, model kind and precision ({basis}):");
        var t = new TextTable("accelerator", "kind", "precision", "runs", "median_abs_error", "p90_abs_error", "median_signed_error");
        var groups = rows.Where(r => double.IsFinite(r.Predicted))
            .GroupBy(r => (r.Run.Hardware, Kind: ModelAccuracy.Kind(r.Run.Shape.IsMoe), Bits: ModelAccuracy.Bits(r.Run.Precision)))
            .OrderBy(g => g.Key.Hardware, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Bits, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            AccuracyBand b = BandOf(group, speedError);
            t.Add(group.Key.Hardware, group.Key.Kind, group.Key.Bits, b.Runs.ToString(CultureInfo.InvariantCulture),
                Pct(b.MedianAbsErrorPct / 100), Pct(b.P90AbsErrorPct / 100), b.SignedErrorText);
        }
        t.Write(o);
    }

    // The architectures with enough runs for an estimate's accuracy line to quote them (ModelAccuracy's first tiers match them).
    private static void WriteByArchitecture(TextWriter o, List<ValidationRow> rows, string? basis, string how, Func<ValidationRow, double> speedError)
    {
        bool shippedPublic = basis is null;
        o.WriteLine(shippedPublic
            ? $"throughput error by architecture ({ModelAccuracy.MinimumRuns} or more runs), {how}:"
            : $"throughput error by architecture ({ModelAccuracy.MinimumRuns} or more runs, {basis}):");
        var t = new TextTable("architecture", "runs", "accelerators", "median_abs_error", "p90_abs_error", "median_signed_error");
        var groups = rows.Where(r => double.IsFinite(r.Predicted)).GroupBy(r => ModelAccuracy.Architecture(r.Run.Shape))
            .Where(g => g.Count() >= ModelAccuracy.MinimumRuns).OrderByDescending(g => g.Count()).ToList();
        if (groups.Count == 0)
        {
            o.WriteLine($"(no architecture has {ModelAccuracy.MinimumRuns} or more runs)");
            return;
        }
        string Name(IEnumerable<ValidationRow> g) => ModelAccuracy.ArchitectureName(g.Select(r => r.Run)) is { Length: > 0 } n ? n : "(no model name)";
        // A source's cut-down runs (DGX Cloud's Grok-1 on 4 of its 64 layers) carry the full model's name: their depth tells them apart.
        var named = groups.GroupBy(Name).Where(n => n.Count() > 1).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            AccuracyBand b = BandOf(group, speedError);
            string n = Name(group);
            string name = named.Contains(n) ? $"{n} ({group.Key.Layers} layers)" : n;
            t.Add(name, b.Runs.ToString(CultureInfo.InvariantCulture), group.Select(r => r.Run.Hardware).Distinct().Count().ToString(CultureInfo.InvariantCulture),
                Pct(b.MedianAbsErrorPct / 100), Pct(b.P90AbsErrorPct / 100), b.SignedErrorText);
        }
        t.Write(o);
    }

    // The band of a table's row, from each run's speed error as the table's basis reads it.
    private static AccuracyBand BandOf(IEnumerable<ValidationRow> rows, Func<ValidationRow, double> speedError) =>
        ModelAccuracy.Band([.. rows.Select(speedError).Where(double.IsFinite)], "");

    private static List<double> AbsErrors(IEnumerable<ValidationRow> rows) =>
        [.. rows.Where(r => double.IsFinite(r.Predicted)).Select(r => Math.Abs(r.RelativeError)).Order()];

    private static string Pct(List<double> errors) => errors.Count == 0 ? "-" : Pct(errors.Average());

    private static string Pct(double fraction) => double.IsNaN(fraction) ? "-" : (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Median of sorted values.</summary>
    public static double Median(IReadOnlyList<double> sorted) => Percentiles.Interpolated(sorted, 0.5);

    private static void WriteJson(TextWriter o, List<ValidationRow> rows, List<ValidationRow>? held, double[]? gaps)
    {
        // A runs file may repeat an id; each name takes its first run's error.
        var heldOut = held?.GroupBy(r => r.Run.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => double.IsFinite(g.First().Predicted) ? g.First().RelativeError : double.NaN, StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            for (int i = 0; i < rows.Count; i++)
            {
                ValidationRow r = rows[i];
                w.WriteStartObject();
                w.WriteString("group", r.Run.Group);
                w.WriteString("family", r.Run.Family);
                w.WriteString("run", r.Run.Name);
                w.WriteString("model", r.Run.Model);
                w.WriteString("metric", Unit(r.Run.Metric));
                JsonRows.WriteValue(w, "published", r.Run.Published);
                JsonRows.WriteValue(w, "predicted", r.Predicted);
                JsonRows.WriteValue(w, "relative_error", double.IsFinite(r.Predicted) ? r.RelativeError : double.NaN);
                if (heldOut is not null)
                    JsonRows.WriteValue(w, "held_out_relative_error", heldOut[r.Run.Name]);
                if (gaps is not null)
                    JsonRows.WriteValue(w, "search_speed_gap", gaps[i]);
                w.WriteString("layout", r.Choice.Found != 0 ? LayoutText(r.Choice.Layout) : null);
                w.WriteString("hardware", r.Run.Hardware);
                w.WriteString("kind", ModelAccuracy.Kind(r.Run.Shape.IsMoe));
                w.WriteString("precision", PrecisionNames.Name(r.Run.Precision));
                w.WriteString("source", r.Run.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
