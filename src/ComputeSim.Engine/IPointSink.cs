using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>Receives every evaluated point, in index order, block by block.</summary>
public interface IPointSink
{
    /// <summary>Points <c>[start, start + results.Length)</c>.</summary>
    void Write(long start, ReadOnlySpan<PointResult> results);
}
