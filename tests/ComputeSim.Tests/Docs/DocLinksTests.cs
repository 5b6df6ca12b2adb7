using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// Every relative link of README.md and docs/*.md reaches a file of the repository, and its anchor a heading there.
/// </summary>
public sealed class DocLinksTests
{
    private static readonly string Root = TestData.RepoRoot;

    [Fact]
    public void Every_relative_link_points_to_an_existing_file_and_anchor()
    {
        var pages = DocParser.DocFiles(Root).Select(f => DocParser.Read(Root, f)).ToList();
        int links = pages.Sum(p => DocLinks.Relative(p).Count());
        Assert.True(links > 50, $"only {links} relative links found in the docs: is the link pattern still right?");
        var problems = pages.SelectMany(p => DocLinks.Problems(Root, p)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Broken_files_anchors_and_escapes_are_named()
    {
        DocPage page = DocParser.Parse("docs/page.md",
        [
            "# A page",
            "[fine](commands.md#sweep-specs), [also fine](#a-page), [a site](https://example.com/x.md)",
            "[gone](no-such-page.md) and ![gone](images/no-such.png)",
            "[wrong anchor](commands.md#no-such-heading) and `[in code](nowhere.md)` and [here](#no-such-section)",
            "[outside](../../elsewhere/README.md)",
            "```",
            "[in a fence](nowhere.md)",
            "```",
        ]);
        var problems = DocLinks.Problems(Root, page).ToList();
        Assert.True(problems.Count == 5, string.Join('\n', problems));
        Assert.Contains(problems, p => p.Contains("docs/no-such-page.md", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("docs/images/no-such.png", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no heading or anchor 'no-such-heading'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("this page has no heading or anchor 'no-such-section'",
            StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not in the repository", StringComparison.Ordinal)
            && p.Contains("elsewhere", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Scaling laws (`--law`)", "scaling-laws---law")]
    [InlineData("L2: predicting utilisation", "l2-predicting-utilisation")]
    [InlineData("`reproduce seed`", "reproduce-seed")]
    [InlineData("Planning: failures, energy, carbon", "planning-failures-energy-carbon")]
    [InlineData("See [the model](model.md) here", "see-the-model-here")]
    public void Anchors_follow_github_headings(string heading, string anchor) =>
        Assert.Equal(anchor, DocLinks.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor()
    {
        ISet<string> anchors = DocLinks.Anchors(
            ["## Flags", "text", "## Flags", "<a id=\"custom-key\"></a>", "```", "## Not a heading", "```"]);
        Assert.Equal(["custom-key", "flags", "flags-1"], anchors.Order(StringComparer.Ordinal));
    }
}
