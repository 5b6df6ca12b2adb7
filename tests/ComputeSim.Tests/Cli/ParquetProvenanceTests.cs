using System.Text.Json;
using ComputeSim.Cli.Output;
using Parquet;

namespace ComputeSim.Tests.Cli;

/// <summary>A Parquet file says which tool version and which command line made it.</summary>
public sealed class ParquetProvenanceTests : IDisposable
{
    private readonly TempFolder _temp = new("provenance");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_sweep_s_parquet_carries_the_version_and_the_command_line()
    {
        string path = _temp["points.parquet"];
        string[] args = ["sweep", "--params", "1e9,1e10", "--gpus", "64", "--hardware", "mi300x", "--out", path];
        CliRun run = CliRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Err);
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(RunProvenance.Version, reader.CustomMetadata["computesim.version"]);
        Assert.Equal(args, JsonSerializer.Deserialize<string[]>(reader.CustomMetadata["computesim.spec"]));
    }
}
