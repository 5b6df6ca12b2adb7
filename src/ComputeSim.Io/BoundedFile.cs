using ComputeSim.Model;

namespace ComputeSim.Io;

/// <summary>
/// Reads an input file only when it is a regular file no larger than a stated limit, checked before
/// reading: a directory, a FIFO or a device (<c>/dev/zero</c>) is refused unopened, and a file too
/// large is refused from its size, so a wrong path costs neither memory nor time. Every refusal is
/// an <see cref="InputException"/> that begins with the caller's name for the input.
/// </summary>
public static class BoundedFile
{
    /// <summary>Default limit for the project's text inputs (specs, profiles, response files): about 1,000 times a real one.</summary>
    public const int DefaultMaxBytes = 1 << 20;

    /// <summary>
    /// The bytes of <paramref name="path"/>, at most <paramref name="maxBytes"/> of them; errors start with
    /// <paramref name="culprit"/> (e.g. <c>--spec run.yaml</c>) and call the file a <paramref name="what"/> (e.g. <c>spec</c>).
    /// </summary>
    public static byte[] ReadAllBytes(string path, int maxBytes, string culprit, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileKind kind = FileKinds.Of(path);
        if (kind is not (FileKind.Regular or FileKind.Unknown or FileKind.Missing))
            throw new InputException(culprit, $"{Describe(kind)}; a {what} must be a regular file");
        try
        {
            // The size of what a link points to, not of the link.
            var info = new FileInfo(path);
            long length = (info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info).Length;
            if (length > maxBytes)
                throw TooLarge(culprit, what, maxBytes, $"{length:N0} bytes");
            // Where the kind is unknown, a FIFO or device reports length 0: an empty file needs no open, which could block.
            if (length == 0 && kind == FileKind.Unknown)
                return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            // Read one byte past the limit, whatever the size said: the file may have grown since.
            var content = new MemoryStream((int)length);
            var chunk = new byte[Math.Min(maxBytes + 1, 1 << 16)];
            int read;
            while (content.Length <= maxBytes && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - content.Length))) > 0)
                content.Write(chunk, 0, read);
            if (content.Length > maxBytes)
                throw TooLarge(culprit, what, maxBytes, "more");
            return content.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException(culprit, $"cannot read the {what} ({e.Message})");
        }
    }

    /// <summary>The text of <paramref name="path"/> (UTF-8, or the encoding its byte-order mark names), bounded as <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, int maxBytes, string culprit, string what)
    {
        byte[] bytes = ReadAllBytes(path, maxBytes, culprit, what);
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static InputException TooLarge(string culprit, string what, int maxBytes, string size) =>
        new($"{culprit}: larger than the {maxBytes:N0}-byte limit for a {what} ({size}); is it the right file?");

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Device => "a device",
        FileKind.Socket => "a socket",
        _ => "not readable",
    };
}
