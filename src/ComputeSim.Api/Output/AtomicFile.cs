using System.Diagnostics;
using System.Globalization;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>
/// A file written under a temporary name in the target folder and renamed when complete, so a
/// reader never sees half a file: an interrupted write leaves the old file, or none.
/// </summary>
/// <remarks>
/// The temporary name is <c>.NAME.PID.tmp</c>. A killed process cannot delete its own; the next
/// write of the same file removes those whose process is no longer running on this machine.
/// </remarks>
public sealed class AtomicFile : IDisposable
{
    private const string TempSuffix = ".tmp";
    private readonly string _path;
    private readonly string _temp;
    private bool _committed;

    private AtomicFile(string path, string temp, FileStream stream)
    {
        _path = path;
        _temp = temp;
        Stream = stream;
    }

    /// <summary>True once renamed into place.</summary>
    public bool IsCommitted => _committed;

    /// <summary>The stream to write to.</summary>
    public FileStream Stream { get; }

    /// <summary>Opens a temporary file beside <paramref name="path"/>; errors name the flag.</summary>
    public static AtomicFile Create(string path, string flag)
    {
        // Commands check their targets before any work; this is the last guard for every writer.
        ComputeSim.Io.OutputTarget.Check(path, flag);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}{TempSuffix}");
        try
        {
            RemoveStaleTemps(dir, Path.GetFileName(full));
            return new AtomicFile(full, temp, new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(flag, $"cannot write '{path}' ({e.Message})");
        }
    }

    /// <summary>Deletes temporary files of <paramref name="name"/> left by processes that are gone (killed mid-write).</summary>
    public static void RemoveStaleTemps(string dir, string name)
    {
        string prefix = $".{name}.";
        foreach (string temp in Directory.EnumerateFiles(dir, ".*.tmp"))
        {
            string file = Path.GetFileName(temp);
            if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(TempSuffix, StringComparison.Ordinal))
                continue;
            string pidText = file[prefix.Length..^TempSuffix.Length];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && !IsRunning(pid))
                File.Delete(temp);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Flushes and renames the temporary file over the target.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_committed)
            return;
        try
        {
            // Closing flushes what is buffered, which fails again on a full disk: the file is abandoned either way.
            Stream.Dispose();
        }
        catch (IOException)
        {
        }
        try
        {
            File.Delete(_temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next write of this file to remove (RemoveStaleTemps), once this process is gone.
        }
    }
}
