using System.Collections.Concurrent;
using ComputeSim.Cli;
using ComputeSim.Docs;

namespace ComputeSim.Tests.Docs;

/// <summary>Alone, because each block runs in its own folder as the process's current directory.</summary>
[CollectionDefinition(nameof(DocsCollection), DisableParallelization = true)]
public sealed class DocsCollection;

/// <summary>
/// Every console block of README.md and docs/*.md shows what its command prints now (after
/// <see cref="OutputMasks"/>), run in-process in a folder that looks like the repository root. Blocks marked
/// skip, slow or shell are reported skipped; scripts/docs/regenerate.sh --check covers the slow and shell ones.
/// </summary>
[Collection(nameof(DocsCollection))]
public sealed class ReadmeBlocksTests
{
    private static readonly string Root = TestData.RepoRoot;

    public static TheoryData<string, int, string> Blocks
    {
        get
        {
            var data = new TheoryData<string, int, string>();
            foreach (string file in DocParser.DocFiles(Root))
                foreach (ConsoleBlock block in DocParser.Read(Root, file).Blocks)
                    data.Add(file, block.Line, block.Commands[0]);
            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Blocks))]
    public void Block_shows_what_its_command_prints(string file, int line, string command)
    {
        ConsoleBlock block = DocParser.Read(Root, file).Blocks.Single(b => b.Line == line);
        Skip.If(block.Markers.SkipReason is not null, block.Markers.SkipReason);
        Skip.If(block.Markers.ScriptOnlyReason is not null, block.Markers.ScriptOnlyReason);
        List<string> rendered = BlockText.Render(block, Printed(block));
        Assert.True(BlockText.Same(block.Body, rendered),
            $"{block.Where}: `{command}` prints something else now (scripts/docs/regenerate.sh rewrites it):\n{BlockText.Diff(block.Body, rendered)}");
    }

    [Fact]
    public void Every_docs_image_of_a_plot_names_the_command_that_draws_it()
    {
        var images = DocParser.DocFiles(Root).SelectMany(f => DocParser.Read(Root, f).Images).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.True(i.Command is not null || i.Markers.SkipReason is not null, i.Where));
        Assert.All(images, i => Assert.True(File.Exists(Path.Combine(Root, i.Path)), $"{i.Where}: {i.Path} is missing"));
    }

    /// <summary>
    /// What the block's commands print, run once per distinct list of commands: the README's tour repeats
    /// commands of the docs pages (with other from/until markers), and each list runs in a fresh folder, so
    /// its output does not depend on which block asked first.
    /// </summary>
    private static List<string> Printed(ConsoleBlock block) =>
        PrintedByCommands.GetOrAdd(string.Join('\n', block.Commands), _ =>
        {
            using var sandbox = new Sandbox(Root);
            return block.Commands.Select(c => InProcess(c, sandbox.Dir)).ToList();
        });

    private static readonly ConcurrentDictionary<string, List<string>> PrintedByCommands = new(StringComparer.Ordinal);

    /// <summary>Runs one <c>computesim ...</c> line in-process with <paramref name="dir"/> as the current directory; stdout and stderr interleaved.</summary>
    private static string InProcess(string command, string dir)
    {
        string[] words = ShellWords.Split(command);
        Assert.True(words[0] == "computesim", $"`{command}` is not a computesim command: mark its block <!-- docs: skip (why) -->");
        var text = new StringWriter();
        TextWriter both = TextWriter.Synchronized(text);
        string before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = dir;
        try
        {
            int exit = CliApp.Run(words[1..], new CliContext(both, both));
            Assert.True(exit != ExitCodes.InternalError, $"`{command}` crashed:\n{text}");
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
        return text.ToString().Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
    }
}
