using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Cli.Sweep;

/// <summary>Runs one shard of a sweep to a partial-result file, and merges shards back into one result.</summary>
internal static class Shards
{
    /// <summary>
    /// Evaluates the shard's slice (resuming its checkpoint if asked) and writes its partial result
    /// atomically; returns the exit code.
    /// </summary>
    public static int Run(CliContext ctx, SweepProblem problem, SweepOptions options, SweepRunSettings settings, IProgress<long>? progress)
    {
        Shard shard = settings.Shard ?? throw new ArgumentException("a shard to run", nameof(settings));
        SweepOutcome outcome = SweepExecution.Run(problem, options, settings, ctx.Hooks(progress));
        if (outcome.Partial is not PartialSweep part)
            return outcome.Interrupted(ctx);
        try
        {
            using AtomicFile file = AtomicFile.Create(shard.PartialPath, "--partial-out");
            PartialSweepFormat.Write(file.Stream, part, shard.Slice, problem, options);
            file.Commit();
        }
        catch (IOException e)
        {
            throw new InputException($"--partial-out: writing '{shard.PartialPath}' failed ({e.Message}); nothing was written");
        }
        ctx.Out.WriteLine($"shard {shard.Slice}: points [{shard.Range.Start:N0}, {shard.Range.End:N0}) of {problem.Total:N0}, "
            + $"{part.Accumulator.Admissible:N0} admissible; partial result in {shard.PartialPath}");
        ctx.Out.WriteLine("combine the shards with: computesim merge <the same sweep flags> PARTIAL-FILES...");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Merges the finished partial results of every shard of one sweep (same grid, options and shard
    /// count, each shard once) into the reductions of the whole grid. Exact: the reductions merge with
    /// total orders (ties by index).
    /// </summary>
    public static PartialSweep Merge(SweepProblem problem, SweepOptions options, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
            throw new InputException("merge: give the partial-result files of every shard");
        PartialSweep all = PartialSweep.Empty(problem, options);
        var given = new Dictionary<int, string>();
        (string Path, ShardSlice Slice)? first = null;
        foreach (string path in files)
        {
            PartialFile part = PartialSweepFormat.Read(ReadAll(path), path, problem, options);
            first ??= (path, part.Slice);
            if (part.Slice.Count != first.Value.Slice.Count)
                throw new InputException($"{path}: shard {part.Slice}, but {first.Value.Path} is shard {first.Value.Slice}: shards of different --shard counts are mixed");
            if (given.TryGetValue(part.Slice.Index, out string? other))
                throw new InputException($"{path}: shard {part.Slice} is given twice (also as {other})");
            given[part.Slice.Index] = path;
            long slice = part.Slice.RangeOf(problem.Total).Length;
            if (part.Partial.Done != slice)
            {
                throw new InputException($"{path}: shard {part.Slice} is unfinished: it covers {part.Partial.Done:N0} of the {slice:N0} points of its slice "
                    + "(a checkpoint? resume it to the end first)");
            }
            // Distinct slices of one count are disjoint, and each file lies inside its own: no overlap is possible.
            all.Merge(part.Partial);
        }
        int count = first!.Value.Slice.Count;
        for (int i = 0; i < count; i++)
        {
            if (given.ContainsKey(i))
                continue;
            IndexRange gap = new ShardSlice(i, count).RangeOf(problem.Total);
            throw new InputException($"merge: shard {i}/{count} (points [{gap.Start:N0}, {gap.End:N0}) of {problem.Total:N0}) is in no partial result: a shard is missing");
        }
        return all;
    }

    /// <summary>Largest shard file read (bytes): the checkpoint's bound.</summary>
    public const int MaxPartialFileBytes = CheckpointStore.MaxPartialFileBytes;

    private static byte[] ReadAll(string path) => BoundedFile.ReadAllBytes(path, MaxPartialFileBytes, path, "partial result");
}
