using System.CommandLine;
using ComputeSim.Cli.Output;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>calibrate</c>: fits a cluster's efficiency constants to its measured runs and writes a calibrated cluster profile.</summary>
internal static class CalibrateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var runsFile = new Option<string>("--runs") { Description = "A tab-separated file of measured runs (the columns of data/calibration/*.tsv, or as few as examples/measured-runs.tsv has)", Required = true };
        var cluster = new Option<string>("--cluster") { Description = "The cluster the runs ran on: a profile name (cluster-profiles/) or a .json file", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Write the calibrated cluster profile here (NAME.json; NAME becomes its name, for --cluster NAME.json)" };
        var format = FormatOption.Create();
        var evaluations = new Option<int>("--evaluations") { Description = "Model evaluations per fit (one fit, plus one per run for the leave-one-out error)", DefaultValueFactory = _ => Calibrator.Evaluations };
        var command = new Command("calibrate", "Fit the L2 model's efficiency constants (sustained GEMM share, per-kernel cost, attention share, ...) to your own "
            + "measured runs on one cluster; print the residuals before and after and the leave-one-out error, and write a cluster profile that carries the fit.\n"
            + "Example: computesim calibrate --runs my-runs.tsv --cluster dgx-h100-ndr400 --out my-cluster.json") { runsFile, cluster, outFile, evaluations, format };
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
            var elsewhere = runs.Select(r => r.Cluster).Where(c => c.Length > 0 && !string.Equals(c, profile.Name, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
            if (elsewhere.Count > 0)
                ctx.Err.WriteLine($"note: the runs name cluster {string.Join(", ", elsewhere)}; all are predicted on --cluster {profile.Name}");
            var report = new CalibrationReport(profile.Name, ClusterCalibration.Fit(runs, profile.Spec, n => ProfileCatalog.Get(n).Spec, budget));
            if (outPath is not null)
            {
                string source = $"computesim calibrate on {runs.Count} runs of {Path.GetFileName(runsPath)} ({DateTime.UtcNow:yyyy-MM-dd}): {report.Summary}";
                ClusterProfileWriter.Write(outPath, name!, profile.File, report.Fit.Fitted, source);
                ClusterLoader.Get(outPath);  // what was written reads back
            }
            if (FormatOption.IsJson(parse, format))
            {
                report.WriteJson(ctx.Out, outPath);
                return ExitCodes.Ok;
            }
            report.WriteText(ctx.Out);
            ctx.Out.WriteLine(outPath is not null
                ? $"wrote {outPath}: cluster profile '{name}'; use it with --cluster {outPath}"
                : "not written: give --out NAME.json to keep the fit as a cluster profile");
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
}
