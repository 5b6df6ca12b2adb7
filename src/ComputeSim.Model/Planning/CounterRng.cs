namespace ComputeSim.Model;

/// <summary>
/// A counter-based random generator: each number is a hash of (seed, key, sample, stream), so any
/// executor — a kernel thread, a cpu worker, the reference loop — draws the same number for the same
/// counters, in any order.
/// </summary>
/// <remarks>
/// The finaliser is SplitMix64's (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number
/// generators"; the mixing constants are from java.util.SplittableRandom). Counters are combined by
/// mixing one at a time, so nearby counters give unrelated outputs. Integer arithmetic only: bit-identical
/// on every backend.
/// </remarks>
public static class CounterRng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mix1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Mix2 = 0x94D049BB133111EBUL;
    /// <summary>2^-53: maps the top 53 bits to [0, 1).</summary>
    private const double UnitScale = 1.0 / 9007199254740992.0;

    /// <summary>SplitMix64's finaliser of <paramref name="z"/> + the golden-ratio increment.</summary>
    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }

    /// <summary>64 random bits for the counters.</summary>
    public static ulong Bits(ulong seed, long key, int sample, int stream) =>
        Mix(Mix(Mix(Mix(seed) ^ (ulong)key) ^ (ulong)(uint)sample) ^ (ulong)(uint)stream);

    /// <summary>A uniform double in (0, 1]: never 0, so a logarithm of it is finite.</summary>
    public static double Uniform(ulong seed, long key, int sample, int stream) =>
        ((Bits(seed, key, sample, stream) >> 11) + 1UL) * UnitScale;
}
