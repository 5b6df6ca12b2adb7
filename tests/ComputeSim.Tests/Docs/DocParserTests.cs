using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>How console blocks, markers and plot images are found, cut and compared (without running anything).</summary>
public sealed class DocParserTests
{
    private static readonly string[] Page =
    [
        "# Title",
        "<!-- docs: until \"^plan \" -->",
        "`computesim estimate --model gpt3-175b`",
        "",
        "```",
        "old output",
        "```",
        "",
        "```sh",
        "dotnet test",
        "```",
        "",
        "<!-- docs: skip (installs a tool) -->",
        "```",
        "$ dotnet tool install computesim",
        "installed",
        "$ computesim --version",
        "0.1.0+abc",
        "```",
        "",
        "`--plot FILE` draws them: `computesim compare --plot compare.png`",
        "",
        "![compare](docs/images/compare.png)",
    ];

    [Fact]
    public void Finds_command_blocks_and_dollar_blocks_but_not_code()
    {
        DocPage page = DocParser.Parse("README.md", Page);
        Assert.Equal(2, page.Blocks.Count);
        ConsoleBlock estimate = page.Blocks[0], install = page.Blocks[1];
        Assert.Equal((3, false, "computesim estimate --model gpt3-175b"), (estimate.Line, estimate.IsSession, estimate.Commands[0]));
        Assert.Equal(["old output"], estimate.Body);
        Assert.NotNull(estimate.Markers.Until);
        Assert.Null(estimate.Markers.SkipReason);
        Assert.Equal(["dotnet tool install computesim", "computesim --version"], install.Commands);
        Assert.Equal("installs a tool", install.Markers.SkipReason);
    }

    [Fact]
    public void An_image_is_drawn_by_the_last_command_on_the_line_above_it()
    {
        PlotImage image = Assert.Single(DocParser.Parse("README.md", Page).Images);
        Assert.Equal(("docs/images/compare.png", "computesim compare --plot compare.png"), (image.Path, image.Command));
    }

    [Theory]
    [InlineData("<!-- docs: skip -->", "reason")]
    [InlineData("<!-- docs: maybe (why) -->", "unknown docs marker")]
    [InlineData("<!-- docs: from ^plan -->", "quoted")]
    public void A_bad_marker_is_refused_with_its_line(string marker, string expected)
    {
        string[] page = ["text", marker, "`computesim reproduce seed`", "", "```", "x", "```"];
        var e = Assert.Throws<DocsException>(() => DocParser.Parse("README.md", page));
        Assert.Contains("README.md:2", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_marker_above_nothing_and_an_image_without_a_command_are_refused()
    {
        Assert.Contains("directly above", Assert.Throws<DocsException>(() =>
            DocParser.Parse("a.md", ["<!-- docs: slow -->", "", "prose"])).Message);
        Assert.Contains("no `computesim ...` command", Assert.Throws<DocsException>(() =>
            DocParser.Parse("a.md", ["a diagram", "", "![x](images/x.png)"])).Message);
        Assert.Equal("drawn by hand", Assert.Single(DocParser.Parse("a.md", ["<!-- docs: skip (drawn by hand) -->", "![x](images/x.png)"]).Images).Markers.SkipReason);
    }

    [Fact]
    public void Until_and_from_cut_each_output_and_mark_the_cut()
    {
        ConsoleBlock estimate = DocParser.Parse("README.md", Page).Blocks[0];
        Assert.Equal(["table", "", "..."], BlockText.Render(estimate, ["table  \n\nplan  x\nmore\n"]));
        Assert.Throws<DocsException>(() => BlockText.Render(estimate, ["no such line\n"]));
        ConsoleBlock from = DocParser.Parse("a.md", ["<!-- docs: from \"^b\" -->", "```", "$ computesim x", "```"]).Blocks[0];
        Assert.Equal(["$ computesim x", "...", "", "b", "c"], BlockText.Render(from, ["a\nb\nc\n"]));
    }

    [Fact]
    public void Masks_hide_each_example_and_nothing_that_is_a_result()
    {
        foreach (var (pattern, _, example) in OutputMasks.All)
            Assert.Matches(pattern, example);
        Assert.True(BlockText.Same(["backend: cpu (plain C#, 2 threads); 96 points in 0.76 s (1.264e-4 M points/s)"],
            ["backend: cuda (NVIDIA H100, 132 SMs); 96 points in 12.5 s (7.7e-6 M points/s)"]));
        Assert.True(BlockText.Same(["backend: cpu (plain C#, 2 threads); 0.446 s; 382,761 points"], ["backend: cpu (plain C#, 16 threads); 1.2 s; 382,761 points"]));
        Assert.False(BlockText.Same(["admissible: 38 points meet the constraints"], ["admissible: 61 points meet the constraints"]));
        Assert.False(BlockText.Same(["wall_clock_days 15.1229"], ["wall_clock_days 17.2459"]));
        Assert.False(BlockText.Same(["backend: cpu (plain C#, 2 threads); 0.446 s; 382,761 points"], ["backend: cpu (plain C#, 2 threads); 0.446 s; 382,762 points"]));
        Assert.False(BlockText.Same(["checkpoint_write_s  22.3617 s"], ["checkpoint_write_s  22.4 s"]));
    }

    [Fact]
    public void The_diff_names_the_first_differing_line()
    {
        string diff = BlockText.Diff(["a", "b", "c"], ["a", "B", "c"]);
        Assert.StartsWith("block line 2: 1 line(s) shown, 1 printed", diff);
        Assert.Contains("- b", diff);
        Assert.Contains("+ B", diff);
    }

    [Theory]
    [InlineData("computesim sweep --spec bad.yaml", new[] { "computesim", "sweep", "--spec", "bad.yaml" })]
    [InlineData("computesim \"[suggest:33]\" 'computesim compare'", new[] { "computesim", "[suggest:33]", "computesim compare" })]
    public void Shell_words_split_like_bash(string line, string[] expected) => Assert.Equal(expected, ShellWords.Split(line));

    [Theory]
    [InlineData("computesim merge part-*.json")]
    [InlineData("for i in 0 1; do computesim x; done")]
    public void Shell_words_refuse_what_needs_a_shell(string line) => Assert.Throws<ArgumentException>(() => ShellWords.Split(line));
}
