using System.Text.RegularExpressions;
using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// Every source a hardware profile, cluster profile or data file cites is findable: a key
/// <c>docs/sources.md#KEY</c> resolves to an entry of docs/sources.md, each entry names a year and a URL, a
/// table or a file of the repository, and no file cites a document the repository does not hold.
/// </summary>
public sealed partial class SourcesTests
{
    private const string SourcesPage = "docs/sources.md";
    private static readonly string Root = TestData.RepoRoot;

    /// <summary>The files whose citations must resolve: profiles and everything under data/.</summary>
    private static IEnumerable<string> CitingFiles() =>
        Directory.GetFiles(Path.Combine(Root, "hardware-profiles"), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(Root, "cluster-profiles"), "*.json"))
            .Concat(Directory.GetFiles(Path.Combine(Root, "data"), "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_cited_source_key_resolves_to_an_entry()
    {
        ISet<string> entries = DocLinks.Anchors(File.ReadAllLines(Path.Combine(Root, SourcesPage)));
        var cited = CitingFiles()
            .SelectMany(f => SourceKey().Matches(File.ReadAllText(f))
                .Select(m => (File: Path.GetRelativePath(Root, f), Key: m.Groups["key"].Value)))
            .ToList();
        Assert.True(cited.Count >= 10,
            $"only {cited.Count} citations of {SourcesPage} found: is the key pattern still right?");
        var missing = cited.Where(c => !entries.Contains(c.Key))
            .Select(c => $"{c.File}: {SourcesPage}#{c.Key}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, $"cited keys with no entry in {SourcesPage}:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void No_profile_or_data_file_cites_a_document_outside_the_repository()
    {
        var offending = CitingFiles()
            .SelectMany(f => File.ReadLines(f)
                .Select((line, i) => (File: Path.GetRelativePath(Root, f), Line: i + 1, Text: line)))
            .Where(l => Unpublished().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {Unpublished().Match(l.Text).Value}")
            .ToList();
        Assert.True(offending.Count == 0,
            $"cite the public source, or an entry of {SourcesPage}:\n{string.Join('\n', offending)}");
    }

    [Fact]
    public void Every_entry_names_a_year_and_where_to_find_it()
    {
        var entries = Entries(File.ReadAllLines(Path.Combine(Root, SourcesPage))).ToList();
        Assert.True(entries.Count >= 10, $"only {entries.Count} entries in {SourcesPage}");
        var vague = entries.Where(e => !Year().IsMatch(e.Body) || !Findable(e.Body)).Select(e => e.Key).ToList();
        Assert.True(vague.Count == 0,
            $"entries of {SourcesPage} without a year, or a URL, table or repository file: {string.Join(", ", vague)}");
    }

    [Theory]
    [InlineData("CoreWeave, price list, 2026: coreweave.com/pricing", true)]
    [InlineData("Patterson et al., arXiv:2104.10350 (2021)", true)]
    [InlineData("Hoffmann et al. 2022, Table 3", true)]
    [InlineData("every figure is in `src/ComputeSim.Cli/SeedReproduction.cs` (2023)", true)]
    [InlineData("an internal note, 2025", false)]
    [InlineData("see `src/NoSuchFile.cs` (2023)", false)]
    public void An_entry_is_findable_by_a_url_a_table_or_a_repository_file(string body, bool findable) =>
        Assert.Equal(findable, Findable(body));

    private static bool Findable(string body) =>
        Locator().IsMatch(body)
        || RepositoryPath().Matches(body).Any(m => File.Exists(Path.Combine(Root, m.Groups["path"].Value)));

    /// <summary>The level-3 sections of the sources page: each key with its text.</summary>
    private static IEnumerable<(string Key, string Body)> Entries(IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("### ", StringComparison.Ordinal))
                continue;
            var body = lines.Skip(i + 1).TakeWhile(l => !l.StartsWith('#'));
            yield return (DocLinks.Slug(lines[i][4..]), string.Join('\n', body));
        }
    }

    [GeneratedRegex(@"docs/sources\.md#(?<key>[A-Za-z0-9_-]+)")]
    private static partial Regex SourceKey();

    [GeneratedRegex(
        @"planning facts|seed (equity )?note|project seed|project's seed|pricing snapshot|internal (note|memo)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Unpublished();

    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex Year();

    [GeneratedRegex(
        @"https?://|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|dev|gov|ai|eu|edu)\b|arXiv:\d|\bTable \d|\bdoi\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Locator();

    [GeneratedRegex(@"`(?<path>[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+)`")]
    private static partial Regex RepositoryPath();
}
