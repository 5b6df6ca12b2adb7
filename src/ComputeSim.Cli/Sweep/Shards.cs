using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Sweep;

/// <summary>Runs one shard of a sweep to a partial-result file, and merges shards back into one result.</summary>
public static class Shards
{
    /// <summary>Evaluates the shard's slice and writes its partial result atomically; returns the exit code.</summary>
    public static int Run(CliContext ctx, SweepProblem problem, SweepOptions options, Shard shard, string backendName, IProgress<long>? progress)
    {
        using SweepBackend backend = ctx.OpenBackend(backendName, warning => ctx.Err.WriteLine(warning));
        if (backend is not ChunkedBackend chunked)
            throw new InputException($"--shard: the {backend.Name} backend cannot run a slice; use cpu, ilgpu-cpu, cuda or opencl");
        PartialSweep part = chunked.RunRange(problem, options, shard.Range, null, progress, ctx.Cancel);
        if (part.Done != shard.Range.Length)
        {
            ctx.Err.WriteLine($"computesim: shard {shard.Index}/{shard.Count} interrupted; nothing written to {shard.PartialPath}");
            return SweepExecution.InterruptedExitCode;
        }
        using (AtomicFile file = AtomicFile.Create(shard.PartialPath, "--partial-out"))
        {
            PartialSweepFormat.Write(file.Stream, part, problem, options);
            file.Commit();
        }
        ctx.Out.WriteLine($"shard {shard.Index}/{shard.Count}: points [{shard.Range.Start:N0}, {shard.Range.End:N0}) of {problem.Total:N0}, "
            + $"{part.Accumulator.Admissible:N0} admissible; partial result in {shard.PartialPath}");
        ctx.Out.WriteLine("combine the shards with: computesim merge <the same sweep flags> PARTIAL-FILES...");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Merges partial results of the same grid and options into the full result; every index must be
    /// covered exactly once. Exact: the reductions merge with total orders (ties by index).
    /// </summary>
    public static SweepResult Merge(SweepProblem problem, SweepOptions options, IReadOnlyList<string> files)
    {
        if (files.Count == 0)
            throw new InputException("merge: give the partial-result files of every shard");
        PartialSweep all = PartialSweep.Empty(problem, options);
        foreach (string path in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new InputException($"{path}: cannot read partial result ({e.Message})");
            }
            PartialSweep part = PartialSweepFormat.Read(bytes, path, problem, options);
            try
            {
                all.Merge(part);
            }
            catch (ArgumentException e)
            {
                throw new InputException($"{path}: {e.Message.Split(" (Parameter")[0]}: a shard is given twice, or shards of different --shard counts are mixed");
            }
        }
        if (!all.Covers(problem.Total))
        {
            IndexRange gap = all.Missing(problem.Total).First();
            throw new InputException($"merge: points [{gap.Start:N0}, {gap.End:N0}) of {problem.Total:N0} are in no partial result: a shard is missing");
        }
        return all.Accumulator.ToResult();
    }
}
