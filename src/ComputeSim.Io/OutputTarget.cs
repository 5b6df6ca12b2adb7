using ComputeSim.Model;

namespace ComputeSim.Io;

/// <summary>
/// Checks a file the run will write, before any work: a result that took hours must not be lost
/// because its target turns out to be a folder, a FIFO, a read-only file or a missing folder.
/// </summary>
public static class OutputTarget
{
    /// <summary>Refuses <paramref name="path"/> with one line starting with <paramref name="flag"/> unless a regular file can be written there.</summary>
    public static void Check(string path, string flag)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException(flag, $"'{path}' is not a usable file name ({e.Message})");
        }
        if (Path.EndsInDirectorySeparator(path))
            throw new InputException(flag, $"'{path}' is a folder; give a file name");
        FileKind kind = FileKinds.Of(full);
        switch (kind)
        {
            case FileKind.Directory:
                throw new InputException(flag, $"'{path}' is a folder; give a file name");
            case FileKind.Fifo or FileKind.Device or FileKind.Socket:
                throw new InputException(flag, $"'{path}' is not a regular file; results are written to a temporary file and renamed over it");
        }
        string? folder = Path.GetDirectoryName(full);
        string shown = Path.GetDirectoryName(path) is { Length: > 0 } given ? given : folder ?? ".";
        if (folder is not null && !Directory.Exists(folder))
            throw new InputException(flag, $"folder '{shown}' does not exist; create it first");
        if (kind == FileKind.Regular && IsReadOnly(full))
            throw new InputException(flag, $"'{path}' is read-only; make it writable or choose another name (it is never replaced silently)");
        if (folder is not null && CannotCreateIn(folder) is string why)
            throw new InputException(flag, $"no file can be created in folder '{shown}' ({why}); results are written to a temporary file there and renamed");
    }

    // The result is written to a temporary file beside the target: a folder that refuses one (no write permission, a read-only
    // or pseudo file system) is found now by creating and deleting an empty file, not after the run.
    private static string? CannotCreateIn(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".computesim-probe-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write,
                FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // The exception's own message names the probe's file, which means nothing to the user.
            return e is UnauthorizedAccessException ? "permission denied" : "its file system refused a new file";
        }
    }

    private static bool IsReadOnly(string full)
    {
        var info = new FileInfo(full);
        if (info.IsReadOnly)
            return true;
        if (OperatingSystem.IsWindows())
            return false;
        // Root may write anything; the owner's write bit is what a person means by read-only.
        return (info.UnixFileMode & UnixFileMode.UserWrite) == 0;
    }
}
