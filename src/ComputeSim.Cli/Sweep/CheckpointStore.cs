using ComputeSim.Cli.Output;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Sweep;

/// <summary>
/// A sweep's checkpoint folder: one file, <see cref="FileName"/>, in the partial-sweep format,
/// rewritten atomically after each segment, so a kill leaves the previous checkpoint or the new one.
/// </summary>
public sealed class CheckpointStore
{
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
            throw new InputException($"--checkpoint: '{dir}' is not a usable folder name ({e.Message})");
        }
        if (File.Exists(store.Dir))
            throw new InputException($"--checkpoint: '{dir}' is a file; give a folder");
        bool exists = File.Exists(store.FilePath);
        if (resume && !exists)
            throw new InputException($"--resume: '{dir}' holds no checkpoint ({FileName}); run without --resume to start one");
        if (!resume && exists)
            throw new InputException($"--checkpoint: '{dir}' already holds a checkpoint; add --resume to continue it, or give an empty folder");
        try
        {
            Directory.CreateDirectory(store.Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--checkpoint: cannot create '{dir}' ({e.Message})");
        }
        return store;
    }

    /// <summary>The saved progress, checked against this grid, or null if there is none yet.</summary>
    public PartialSweep? Load(SweepProblem problem, SweepOptions options)
    {
        if (!File.Exists(FilePath))
            return null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--resume: cannot read '{FilePath}' ({e.Message})");
        }
        return PartialSweepFormat.Read(bytes, $"--resume: {FilePath}", problem, options);
    }

    /// <summary>Replaces the checkpoint with <paramref name="partial"/>, atomically.</summary>
    public void Save(PartialSweep partial, SweepProblem problem, SweepOptions options)
    {
        try
        {
            using AtomicFile file = AtomicFile.Create(FilePath, "--checkpoint");
            PartialSweepFormat.Write(file.Stream, partial, problem, options);
            file.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--checkpoint: cannot save progress in '{Shown}' ({e.Message})");
        }
    }
}
