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
        if (folder is not null && !Directory.Exists(folder))
            throw new InputException(flag, $"folder '{(Path.GetDirectoryName(path) is { Length: > 0 } given ? given : folder)}' does not exist; create it first");
        if (kind == FileKind.Regular && IsReadOnly(full))
            throw new InputException(flag, $"'{path}' is read-only; make it writable or choose another name (it is never replaced silently)");
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
