namespace ComputeSim.Tests.Cli;

/// <summary><c>validate --runs FILE</c>: a user's own measured runs, read bounded and checked cell by cell.</summary>
public class ValidateRunsCliTests
{
    private static string PublicFile => Path.Combine(TestData.RepoRoot, "data/calibration/published-runs-2020-2023.tsv");

    [Fact]
    public void A_users_runs_file_is_predicted_row_by_row()
    {
        string[] lines = File.ReadAllLines(PublicFile);
        string path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(path, lines.Take(4));
        try
        {
            CliRun run = CliRun.Of("validate", "--runs", path, "--format", "json");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(3, System.Text.Json.JsonDocument.Parse(run.Out).RootElement.GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_runs_files_tables_say_the_constants_were_not_fitted_to_it_unless_fit_is_given()
    {
        // The outside-the-set NVFP4 rows: predicted with the shipped constants, which no row chose; with --fit, in sample.
        string path = Path.Combine(TestData.RepoRoot, "data", "calibration", "sheet", "nvfp4.tsv");
        string shipped = CliRun.Of("validate", "--runs", path).Out;
        Assert.Contains("precision (with the shipped constants, not fitted to these runs):", shipped, StringComparison.Ordinal);
        Assert.Contains("were fitted to the public set in data/calibration/, not to these runs", shipped, StringComparison.Ordinal);
        Assert.DoesNotContain("in sample", shipped, StringComparison.Ordinal);
        string publicSet = CliRun.Of("validate").Out;
        Assert.Contains("each run predicted from a fit without its source", publicSet, StringComparison.Ordinal);
        Assert.Contains("were fitted to this public set", publicSet, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_or_a_bad_cell_is_one_line_exit_2()
    {
        CliRun dir = CliRun.Of("validate", "--runs", Path.GetTempPath());
        Assert.Equal(2, dir.ExitCode);
        Assert.Contains("--runs", dir.Err, StringComparison.Ordinal);
        Assert.Single(dir.Err.Trim().Split('\n'));

        string[] lines = File.ReadAllLines(PublicFile);
        string path = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.tsv");
        File.WriteAllLines(path, [lines[0], lines[1].Replace("\tbf16\t", "\tbf17\t", StringComparison.Ordinal)]);
        try
        {
            CliRun bad = CliRun.Of("validate", "--runs", path);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("line 2: precision 'bf17'", bad.Err, StringComparison.Ordinal);

            // Megatron-Core's module name is not a mode: the line names the cell and every mode.
            string[] header = lines[0].Split('\t'), cells = lines[1].Split('\t');
            cells[Array.IndexOf(header, "recompute")] = "moe";
            File.WriteAllLines(path, [lines[0], string.Join('\t', cells)]);
            CliRun module = CliRun.Of("validate", "--runs", path);
            Assert.Equal(2, module.ExitCode);
            Assert.Contains("line 2: recompute 'moe' is not one of none, selective, full, partial, mlp", module.Err, StringComparison.Ordinal);
            Assert.Single(module.Err.Trim().Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
