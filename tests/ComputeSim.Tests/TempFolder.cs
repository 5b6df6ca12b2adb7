namespace ComputeSim.Tests;

/// <summary>A fresh temporary folder for one test class, deleted with everything in it.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    /// <summary>The folder.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>A path inside the folder.</summary>
    public string this[string name] => Path.Combine(Dir, name);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
