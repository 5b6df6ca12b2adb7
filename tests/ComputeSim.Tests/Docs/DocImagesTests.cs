using ComputeSim.Cli.Plots;
using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// The docs show every kind of plot the command draws, each image drawn by the command written above it
/// (scripts/docs/regenerate.sh redraws them), and docs/images holds no image that no page shows.
/// </summary>
public sealed class DocImagesTests
{
    private static readonly string Root = TestData.RepoRoot;

    private static List<PlotImage> Images() =>
        DocParser.DocFiles(Root).SelectMany(f => DocParser.Read(Root, f).Images).ToList();

    [Fact]
    public void Every_plot_kind_is_drawn_in_the_docs()
    {
        var commands = Images().Where(i => i.Command is not null).Select(i => ShellWords.Split(i.Command!)).ToList();
        var sweepKinds = commands
            .Where(w => w.Length > 1 && w[1] is "sweep" or "merge")
            .Select(w => Array.IndexOf(w, "--plot-kind") is int at && at > 0 && at + 1 < w.Length ? w[at + 1] : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var missing = SweepPlots.KindNames.Where(k => !sweepKinds.Contains(k)).ToList();
        Assert.True(missing.Count == 0,
            $"no docs image drawn with --plot-kind {string.Join(", ", missing)} (name it in the image's command)");
        Assert.Contains(commands, w => w.Length > 1 && w[1] == "compare" && w.Contains("--plot"));
    }

    [Fact]
    public void Every_image_in_docs_images_is_shown_by_a_page()
    {
        var shown = Images().Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
        var unshown = Directory.GetFiles(Path.Combine(Root, "docs", "images"))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !shown.Contains(f))
            .ToList();
        Assert.True(unshown.Count == 0,
            $"images no page shows (so nothing redraws them): {string.Join(", ", unshown)}");
    }

    [Fact]
    public void No_two_images_share_a_file()
    {
        var shared = Images().GroupBy(i => i.Path).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(i => i.Where))}")
            .ToList();
        Assert.True(shared.Count == 0, $"one file drawn by two commands:\n{string.Join('\n', shared)}");
    }
}
