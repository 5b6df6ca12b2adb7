using System.Text.Json;
using ComputeSim.Engine;

namespace ComputeSim.Tests.Robustness;

/// <summary>Helpers shared by the checkpoint and partial-sweep tests.</summary>
public static class Sweeps
{
    /// <summary>A partial sweep in its file format.</summary>
    public static byte[] Serialize(PartialSweep p, SweepProblem problem, SweepOptions options)
    {
        using var stream = new MemoryStream();
        PartialSweepFormat.Write(stream, p, problem, options);
        return stream.ToArray();
    }

    /// <summary>The answer in a <c>sweep --format json</c> summary: counts and kept points, without timings or the backend line.</summary>
    public static string Answer(string json)
    {
        JsonElement j = JsonDocument.Parse(json).RootElement;
        return string.Join("|", new[] { "grid_points", "admissible_points", "top", "best_per_hardware", "pareto" }.Select(k => j.GetProperty(k).GetRawText()));
    }

    /// <summary>Same counts, same kept points in the same order.</summary>
    public static void AssertSameResult(SweepResult expected, SweepResult actual)
    {
        Assert.Equal(expected.Evaluated, actual.Evaluated);
        Assert.Equal(expected.Admissible, actual.Admissible);
        Assert.Equal(expected.Top.Select(p => (p.Index, p.Score)), actual.Top.Select(p => (p.Index, p.Score)));
        Assert.Equal(expected.BestPerHardware.Select(p => p?.Index), actual.BestPerHardware.Select(p => p?.Index));
        Assert.Equal(expected.Pareto.Select(p => p.Index), actual.Pareto.Select(p => p.Index));
    }
}
