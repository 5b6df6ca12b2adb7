using ComputeSim.Engine;

namespace ComputeSim.Api;

/// <summary>Which slice of a grid this process evaluates, and where its partial result goes.</summary>
/// <param name="Index">Shard index, 0-based.</param>
/// <param name="Count">Number of shards.</param>
/// <param name="Range">The grid indices of this shard.</param>
/// <param name="PartialPath">The partial-result file.</param>
public sealed record Shard(int Index, int Count, IndexRange Range, string PartialPath)
{
    /// <summary>The slice, as partial-result files record it.</summary>
    public ShardSlice Slice => new(Index, Count);
}

