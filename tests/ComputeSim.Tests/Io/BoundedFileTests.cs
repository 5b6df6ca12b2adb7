using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Tests.Io;

/// <summary>The one bounded reader of input files: the limit is exact, and the kind of file is known before opening it.</summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly TempFolder _dir = new("computesim-io-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_limit_is_exact_for_files_and_links_to_them()
    {
        File.WriteAllBytes(_dir["ten"], new byte[10]);
        File.WriteAllBytes(_dir["eleven"], new byte[11]);
        File.CreateSymbolicLink(_dir["link"], _dir["eleven"]);
        Assert.Equal(10, BoundedFile.ReadAllBytes(_dir["ten"], 10, "ten", "test").Length);
        Assert.StartsWith("eleven: larger than the 10-byte limit for a test (11 bytes)",
            Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes(_dir["eleven"], 10, "eleven", "test")).Message);
        Assert.Contains("(11 bytes)", Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes(_dir["link"], 10, "link", "test")).Message);
        Assert.DoesNotContain(BoundedFile.ReadAllBytes(_dir["ten"], 10, "ten", "test"), b => b != 0);
    }

    [Fact]
    public void A_missing_file_is_one_line_naming_it() =>
        Assert.StartsWith("nope: cannot read the test (", Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes(_dir["nope"], 10, "nope", "test")).Message);

    [Fact]
    public void File_kinds_are_told_apart_without_opening()
    {
        File.WriteAllText(_dir["plain"], "x");
        Assert.Equal(OperatingSystem.IsLinux() ? FileKind.Regular : FileKind.Unknown, FileKinds.Of(_dir["plain"]));
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir.Dir));
        Assert.Equal(FileKind.Missing, FileKinds.Of(_dir["nope"]));
        if (OperatingSystem.IsLinux())
            Assert.Equal(FileKind.Device, FileKinds.Of("/dev/zero"));
    }
}
