using System.Diagnostics;

namespace ComputeSim.Docs;

/// <summary>Reruns every console block and plot image of the docs and writes back what changed (or, checking, reports it).</summary>
public sealed class Regenerator(string repoRoot, CommandRunner runner, bool check, TextWriter log)
{
    private const double SlowSeconds = 60;

    public int Changed { get; private set; }
    public int Unchanged { get; private set; }
    public int Skipped { get; private set; }

    /// <summary>Regenerates one docs file (checking, only reports what differs).</summary>
    public void Run(string file)
    {
        DocPage page = DocParser.Read(repoRoot, file);
        var lines = page.Lines.ToList();
        // From the end, so that a block's new length does not move the blocks still to do.
        foreach (ConsoleBlock block in page.Blocks.Reverse())
        {
            if (Skip(block.Where, block.Commands[0], block.Markers))
                continue;
            List<string> rendered = BlockText.Render(block, Printed(block));
            if (BlockText.Same(block.Body, rendered))
            {
                Unchanged++;
                continue;
            }
            Changed++;
            log.WriteLine($"{block.Where}: differs\n{BlockText.Diff(block.Body, rendered)}");
            lines.RemoveRange(block.Open + 1, block.Close - block.Open - 1);
            lines.InsertRange(block.Open + 1, rendered);
        }
        foreach (PlotImage image in page.Images)
            if (!Skip(image.Where, image.Command ?? image.Path, image.Markers))
                Draw(image);
        if (!check && !lines.SequenceEqual(page.Lines))
            File.WriteAllText(Path.Combine(repoRoot, file), string.Join('\n', lines));
    }

    private bool Skip(string where, string what, BlockMarkers markers)
    {
        if (markers.SkipReason is null)
            return false;
        Skipped++;
        log.WriteLine($"{where}: skipped ({markers.SkipReason}): {what}");
        return true;
    }

    private List<string> Printed(ConsoleBlock block)
    {
        using var sandbox = new Sandbox(repoRoot);
        var printed = new List<string>();
        foreach (string command in block.Commands)
        {
            var clock = Stopwatch.StartNew();
            printed.Add(runner.Run(command, sandbox.Dir, block.Where));
            if (clock.Elapsed.TotalSeconds > SlowSeconds && block.Markers.ScriptOnlyReason is null)
                log.WriteLine($"{block.Where}: took {clock.Elapsed.TotalSeconds:F0} s; mark it <!-- docs: slow (why) --> so the tests leave it out");
        }
        return printed;
    }

    private void Draw(PlotImage image)
    {
        using var sandbox = new Sandbox(repoRoot);
        runner.Run(image.Command!, sandbox.Dir, image.Where);
        var plots = sandbox.Written().Where(f => Path.GetExtension(f) == Path.GetExtension(image.Path)).ToList();
        if (plots.Count != 1)
            throw new DocsException($"{image.Where}: `{image.Command}` wrote {plots.Count} {Path.GetExtension(image.Path)} files, not the one image {image.Path}");
        string target = Path.Combine(repoRoot, image.Path);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(plots[0])))
        {
            Unchanged++;
            return;
        }
        Changed++;
        log.WriteLine($"{image.Where}: {image.Path} {(check ? "differs from what" : "redrawn by")} `{image.Command}`{(check ? " draws" : "")}");
        if (!check)
            File.Copy(plots[0], target, overwrite: true);
    }
}
