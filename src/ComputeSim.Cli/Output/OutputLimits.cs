using ComputeSim.Model;

namespace ComputeSim.Cli.Output;

/// <summary>Checks made before a large file is written, so that a sweep is refused up front rather than failing part-way.</summary>
internal static class OutputLimits
{
    private const double BytesPerMb = 1e6;

    /// <summary>
    /// Refuses a file of up to <paramref name="mb"/> MB when the disk holding <paramref name="path"/> has less free
    /// space (the estimate is an upper bound, and the temporary file needs the room before it replaces an old one).
    /// </summary>
    public static void CheckFreeSpace(string path, double mb, string flag)
    {
        long? free = FreeBytes(path);
        if (free is long bytes && mb * BytesPerMb > bytes)
        {
            throw new InputException($"{flag}: the file may need up to {Show(mb)} MB but only {Show(bytes / BytesPerMb)} MB are free on the disk holding '{path}'; "
                + "shorten an axis, or drop --out and use --top/--pareto");
        }
    }

    /// <summary>Free bytes on the disk holding <paramref name="path"/>'s folder, or null if that cannot be told.</summary>
    public static long? FreeBytes(string path)
    {
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            return dir is null || !Directory.Exists(dir) ? null : new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A folder that is missing or unreadable is reported when the file is opened, naming the flag.
            return null;
        }
    }

    private static string Show(double mb) => Format.Human(Math.Round(mb));
}
