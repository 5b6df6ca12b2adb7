using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// The README stays a front door: small, the two set-up commands first, and a link to every docs page.
/// </summary>
public sealed class ReadmeTests
{
    /// <summary>
    /// About 12 KB: what it is, the two commands, install, a short tour and links; the rest lives in docs/.
    /// </summary>
    private const int MaxReadmeBytes = 12 * 1024;

    private static readonly string Root = TestData.RepoRoot;

    [Fact]
    public void Readme_is_at_most_12_KB()
    {
        long bytes = new FileInfo(Path.Combine(Root, "README.md")).Length;
        Assert.True(bytes <= MaxReadmeBytes, $"README.md is {bytes:N0} bytes, over {MaxReadmeBytes:N0}: move detail "
            + "into docs/ or cut a tour block short with <!-- docs: until \"REGEX\" -->");
    }

    [Fact]
    public void Readme_opens_with_the_two_set_up_commands()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        Assert.Equal(
            ["# ComputeSim", "", "```sh",
             "dotnet run --project src/ComputeSim.Cli -c Release -- reproduce seed",
             "dotnet test tests/ComputeSim.Tests -c Release",
             "```"],
            lines.Take(6));
    }

    [Fact]
    public void Readme_links_every_docs_page()
    {
        DocPage readme = DocParser.Read(Root, "README.md");
        var linked = DocLinks.Relative(readme).Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var unlinked = DocParser.DocFiles(Root).Where(f => f != "README.md" && !linked.Contains(f)).ToList();
        Assert.True(unlinked.Count == 0, $"docs pages the README does not link: {string.Join(", ", unlinked)}");
    }
}
