using ComputeSim.Engine;
using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>
/// A sweep's checkpoint folder: one file, <see cref="FileName"/>, in the partial-sweep format,
/// rewritten atomically after each segment, so a kill leaves the previous checkpoint or the new one.
/// </summary>
/// <remarks>
/// A save that fails (a full disk, a vanished folder) is a warning, not an error: hours of sweep are
/// worth more than one checkpoint, the previous checkpoint stays as it was, and the next interval tries again.
/// </remarks>
public sealed class CheckpointStore
{
    /// <summary>Largest shard or checkpoint file read (bytes): a top-k of 100,000 points and a wide Pareto front fit many times over.</summary>
    public const int MaxPartialFileBytes = 256 << 20;

    /// <summary>The checkpoint file inside the folder.</summary>
    public const string FileName = "checkpoint.json";

    private CheckpointStore(string dir, string shown)
    {
        Dir = dir;
        Shown = shown;
        FilePath = Path.Combine(dir, FileName);
    }

    /// <summary>The folder, as a full path.</summary>
    public string Dir { get; }

    /// <summary>The folder as the user gave it, for messages.</summary>
    public string Shown { get; }

    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; }

    /// <summary>Points in the checkpoint on disk: where a resume would start.</summary>
    public long Saved { get; private set; }

    // True from a failed save to the next one that works: one warning per run of failures, not one per interval.
    private bool _failing;

    /// <summary>
    /// Opens (and if needed creates) the folder. A fresh run refuses a folder that already holds a
    /// checkpoint, so that one sweep never overwrites another's progress; <c>--resume</c> needs one.
    /// </summary>
    public static CheckpointStore Open(string dir, bool resume)
    {
        CheckpointStore store;
        try
        {
            store = new CheckpointStore(Path.GetFullPath(dir), dir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException("checkpoint", $"'{dir}' is not a usable folder name ({e.Message})");
        }
        if (File.Exists(store.Dir))
            throw new InputException("checkpoint", $"'{dir}' is a file; give a folder");
        bool exists = File.Exists(store.FilePath);
        if (resume && !exists)
            throw new InputException("resume", $"'{dir}' holds no checkpoint ({FileName}); run without --resume to start one");
        if (!resume && exists)
            throw new InputException("checkpoint", $"'{dir}' already holds a checkpoint; add --resume to continue it, or give an empty folder");
        try
        {
            Directory.CreateDirectory(store.Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("checkpoint", $"cannot create '{dir}' ({e.Message})");
        }
        return store;
    }

    /// <summary>The saved progress, checked against this grid and shard, or null if there is none yet.</summary>
    public PartialSweep? Load(SweepProblem problem, SweepOptions options, ShardSlice slice)
    {
        if (!File.Exists(FilePath))
            return null;
        byte[] bytes = BoundedFile.ReadAllBytes(FilePath, MaxPartialFileBytes, $"--resume: {FilePath}", "checkpoint");
        PartialFile file = PartialSweepFormat.Read(bytes, $"--resume: {FilePath}", problem, options);
        if (file.Slice != slice)
        {
            string run = slice == ShardSlice.Whole ? "this run is not sharded" : $"this run is shard {slice}";
            throw new InputException("resume", $"{FilePath}: a checkpoint of shard {file.Slice}, but {run}; give each shard its own --checkpoint folder");
        }
        Saved = file.Partial.Done;
        return file.Partial;
    }

    /// <summary>Replaces the checkpoint with <paramref name="partial"/>, atomically; a failure goes to <paramref name="warn"/>.</summary>
    public void Save(PartialSweep partial, ShardSlice slice, SweepProblem problem, SweepOptions options, Action<string> warn)
    {
        try
        {
            using AtomicFile file = AtomicFile.Create(FilePath, "--checkpoint");
            PartialSweepFormat.Write(file.Stream, partial, slice, problem, options);
            file.Commit();
            Saved = partial.Done;
            _failing = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputException)
        {
            if (!_failing)
            {
                warn($"warning: --checkpoint: could not save progress in '{Shown}' ({InputException.OneLine(e.Message)}); "
                    + "the sweep goes on and tries again at the next checkpoint");
            }
            _failing = true;
        }
    }
}
