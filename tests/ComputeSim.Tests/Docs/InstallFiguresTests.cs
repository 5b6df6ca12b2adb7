using System.Globalization;
using System.Text.RegularExpressions;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// The sizes docs/install.md states are those of a fresh <c>scripts/publish.sh</c>. Publishing takes minutes, so the
/// test checks the files a publish left in artifacts/ and is skipped on a clone that has not published.
/// </summary>
public sealed partial class InstallFiguresTests
{
    private const double Tolerance = 0.05;

    private static string Install => File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "install.md"));

    [SkippableFact]
    public void The_single_files_size_is_what_a_fresh_publish_makes()
    {
        string file = Path.Combine(TestData.RepoRoot, "artifacts", "publish", "linux-x64", "computesim");
        Skip.IfNot(File.Exists(file), "no publish in artifacts/ (scripts/publish.sh)");
        double mib = new FileInfo(file).Length / 1048576.0;
        double megabytes = new FileInfo(file).Length / 1e6;
        // The script prints du -h's size (MiB, as "161M"); the prose gives MB.
        Assert.InRange(Stated(SingleFileMib(), Install), mib * (1 - Tolerance), mib * (1 + Tolerance));
        Assert.InRange(Stated(SingleFileMb(), Install), megabytes * (1 - Tolerance), megabytes * (1 + Tolerance));
    }

    [SkippableFact]
    public void The_tool_packages_size_is_what_a_fresh_publish_makes()
    {
        string folder = Path.Combine(TestData.RepoRoot, "artifacts", "nupkg");
        string? package = Directory.Exists(folder) ? Directory.GetFiles(folder, "computesim.linux-x64.*.nupkg").FirstOrDefault() : null;
        Skip.If(package is null, "no tool package in artifacts/ (scripts/publish.sh)");
        double megabytes = new FileInfo(package!).Length / 1e6;
        Assert.InRange(Stated(PackageMb(), Install), megabytes * (1 - Tolerance), megabytes * (1 + Tolerance));
    }

    private static double Stated(Regex pattern, string text)
    {
        Match m = pattern.Match(text);
        Assert.True(m.Success, $"docs/install.md no longer states a figure matching {pattern}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"linux-x64/computesim \((\d+(?:\.\d+)?)M\)")]
    private static partial Regex SingleFileMib();

    [GeneratedRegex(@"linux-x64, about (\d+(?:\.\d+)?) MB")]
    private static partial Regex SingleFileMb();

    [GeneratedRegex(@"~(\d+(?:\.\d+)?) MB `computesim\.linux-x64`")]
    private static partial Regex PackageMb();
}
