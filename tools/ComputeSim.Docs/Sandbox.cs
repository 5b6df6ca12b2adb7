namespace ComputeSim.Docs;

/// <summary>
/// A temporary folder that looks like the repository root to a command run in it: every top-level entry is
/// linked there, and the files of docs/fixtures/ (inputs the docs name, such as a broken spec) are copied in.
/// Files the command writes (--out, --plot, --checkpoint, a spec's plot) land in it and go with it.
/// </summary>
public sealed class Sandbox : IDisposable
{
    /// <summary>Inputs that docs commands name in the folder they run in.</summary>
    public const string FixturesFolder = "docs/fixtures";

    private static readonly string[] NotLinked = ["bin", "obj", "artifacts", "TestResults"];
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);

    public Sandbox(string repoRoot)
    {
        Dir = Directory.CreateTempSubdirectory("computesim-docs-").FullName;
        foreach (string entry in Directory.EnumerateFileSystemEntries(repoRoot))
        {
            string name = Path.GetFileName(entry);
            if (name.StartsWith('.') || NotLinked.Contains(name))
                continue;
            if (Directory.Exists(entry))
                Directory.CreateSymbolicLink(Path.Combine(Dir, name), entry);
            else
                File.CreateSymbolicLink(Path.Combine(Dir, name), entry);
            _given.Add(name);
        }
        string fixtures = Path.Combine(repoRoot, FixturesFolder);
        if (Directory.Exists(fixtures))
            foreach (string file in Directory.GetFiles(fixtures))
            {
                File.Copy(file, Path.Combine(Dir, Path.GetFileName(file)));
                _given.Add(Path.GetFileName(file));
            }
    }

    public string Dir { get; }

    /// <summary>The files a command wrote at the top of the folder, by name.</summary>
    public IReadOnlyList<string> Written() =>
        Directory.GetFiles(Dir).Where(f => !_given.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        // Links first, so that deleting the folder can never reach through one into the repository.
        foreach (string entry in Directory.EnumerateFileSystemEntries(Dir))
            if (new FileInfo(entry).LinkTarget is not null)
                File.Delete(entry);
        Directory.Delete(Dir, recursive: true);
    }
}
