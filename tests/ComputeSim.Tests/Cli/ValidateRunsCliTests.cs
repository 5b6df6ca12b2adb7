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
        }
        finally
        {
            File.Delete(path);
        }
    }
}
