using System.CommandLine;
using System.Globalization;
using ComputeSim.Cli.Output;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>calibrate</c>: fits a cluster's efficiency constants to its measured runs and writes a calibrated cluster profile.</summary>
public static class CalibrateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var runsFile = new Option<string>("--runs") { Description = "A tab-separated file of measured runs (the columns of data/calibration/*.tsv)", Required = true };
        var cluster = new Option<string>("--cluster") { Description = "The cluster the runs ran on: a profile name (cluster-profiles/) or a .json file", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Write the calibrated cluster profile here (NAME.json; NAME becomes its name, for --cluster NAME.json)" };
        var evaluations = new Option<int>("--evaluations") { Description = "Model evaluations per fit (one fit, plus one per run for the leave-one-out error)", DefaultValueFactory = _ => Calibrator.Evaluations };
        var command = new Command("calibrate", "Fit the L2 model's efficiency constants (sustained GEMM share, per-kernel cost, attention share, ...) to your own "
            + "measured runs on one cluster; print the residuals before and after and the leave-one-out error, and write a cluster profile that carries the fit.\n"
            + "Example: computesim calibrate --runs my-runs.tsv --cluster dgx-h100-ndr400 --out my-cluster.json") { runsFile, cluster, outFile, evaluations };
        command.SetAction(parse =>
        {
            string? outPath = parse.GetValue(outFile);
            string? name = outPath is null ? null : ProfileName(outPath);
            int budget = parse.GetValue(evaluations);
            if (budget is < 10 or > 100_000)
                throw new InputException($"--evaluations: {budget} is out of range 10..100000");
            ClusterProfile profile = ClusterLoader.Get(parse.GetValue(cluster)!);
            string runsPath = parse.GetValue(runsFile)!;
            IReadOnlyList<PublishedRun> runs = ValidateCommand.ReadRuns(runsPath);
            var elsewhere = runs.Select(r => r.Cluster).Where(c => !string.Equals(c, profile.Name, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
            if (elsewhere.Count > 0)
                ctx.Err.WriteLine($"note: the runs name cluster {string.Join(", ", elsewhere)}; all are predicted on --cluster {profile.Name}");
            ClusterCalibrationResult fit = ClusterCalibration.Fit(runs, profile.Spec, n => ProfileCatalog.Get(n).Spec, budget);
            WriteReport(ctx.Out, profile.Name, fit);
            if (outPath is not null)
            {
                string source = $"computesim calibrate on {runs.Count} runs of {Path.GetFileName(runsPath)} ({DateTime.UtcNow:yyyy-MM-dd}): mean |error| "
                    + $"{Pct(ClusterCalibration.MeanAbsError(fit.Before))} before, {Pct(ClusterCalibration.MeanAbsError(fit.After))} after, "
                    + $"{Pct(ClusterCalibration.MeanAbsError(fit.LeaveOneOut))} leave-one-out";
                ClusterProfileWriter.Write(outPath, name!, profile.File, fit.Fitted, source);
                ClusterProfile written = ClusterLoader.Get(outPath);
                ctx.Out.WriteLine($"wrote {outPath}: cluster profile '{written.Name}'; use it with --cluster {outPath}");
            }
            else
            {
                ctx.Out.WriteLine("not written: give --out NAME.json to keep the fit as a cluster profile");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // The profile's name is the file stem, so the file reads back by its path.
    private static string ProfileName(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !ProfileLoader.NameRegex().IsMatch(stem))
            throw new InputException($"--out: '{Path.GetFileName(path)}' must be NAME.json with NAME of lower-case letters, digits and dashes (it becomes the profile's name)");
        return stem;
    }

    private static void WriteReport(TextWriter o, string cluster, ClusterCalibrationResult fit)
    {
        o.WriteLine($"calibrating cluster {cluster} on {fit.After.Count} runs; fitted: {string.Join(", ", fit.Free.Select(i => Calibrator.ConstantNames[i]))}");
        o.WriteLine();
        var c = new TextTable("constant", "before", "after", "fitted");
        for (int i = 0; i < Calibrator.ConstantNames.Count; i++)
            c.Add(Calibrator.ConstantNames[i], Num(fit.Start.Values[i]), Num(fit.Fitted.Values[i]), fit.Free.Contains(i) ? "yes" : "no (kept)");
        c.Write(o);
        o.WriteLine();
        var t = new TextTable("run", "metric", "measured", "before", "after", "error_before", "error_after", "leave_one_out_error");
        for (int i = 0; i < fit.After.Count; i++)
        {
            ValidationRow before = fit.Before[i], after = fit.After[i];
            ValidationRow? held = fit.LeaveOneOut.Count > i ? fit.LeaveOneOut[i] : null;
            t.Add(after.Run.Name, ValidateCommand.Unit(after.Run.Metric), Format.Human(after.Run.Published), Format.Human(before.Predicted), Format.Human(after.Predicted),
                Error(before), Error(after), held is null ? "-" : Error(held));
        }
        t.Write(o);
        o.WriteLine();
        o.WriteLine($"mean |error|: {Pct(ClusterCalibration.MeanAbsError(fit.Before))} before, {Pct(ClusterCalibration.MeanAbsError(fit.After))} after, "
            + $"{Pct(ClusterCalibration.MeanAbsError(fit.LeaveOneOut))} leave-one-out (each run predicted by a fit to the others)");
    }

    private static string Error(ValidationRow r) => double.IsFinite(r.Predicted) ? Format.Percent(r.RelativeError) : "no fit";

    private static string Pct(double f) => double.IsNaN(f) ? "-" : (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
