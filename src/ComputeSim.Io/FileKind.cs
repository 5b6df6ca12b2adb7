using System.Runtime.InteropServices;

namespace ComputeSim.Io;

/// <summary>What a path names, found without opening it.</summary>
public enum FileKind
{
    /// <summary>Nothing (or nothing this process may look at).</summary>
    Missing,
    /// <summary>A regular file: the only kind read as input.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A named pipe: opening it waits for a writer, reading it may never end.</summary>
    Fifo,
    /// <summary>A character or block device (<c>/dev/zero</c>, a tty, a disk).</summary>
    Device,
    /// <summary>A socket.</summary>
    Socket,
    /// <summary>The platform cannot tell; only the size and the directory check apply.</summary>
    Unknown,
}

/// <summary>
/// Finds a path's <see cref="FileKind"/> with statx(2), following links. .NET has no public API for
/// the file type, and opening a FIFO to ask would block; statx's layout, unlike struct stat's, is
/// the same on every Linux architecture. Elsewhere the answer is <see cref="FileKind.Unknown"/>.
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxBytes = 256;
    private const int ModeOffset = 28; // __u16 stx_mode after stx_mask, stx_blksize, stx_attributes, stx_nlink, stx_uid, stx_gid
    private const int TypeMask = 0xF000;

    /// <summary>The kind of file at <paramref name="path"/>.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Unknown : FileKind.Missing;
        var buffer = new byte[StatxBytes];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
                return FileKind.Missing;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without statx (glibc before 2.28, musl before 1.2.5).
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Unknown : FileKind.Missing;
        }
        return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 or 0x6000 => FileKind.Device,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);
}
