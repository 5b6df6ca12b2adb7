using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ComputeSim.Model;

namespace ComputeSim.Engine;

/// <summary>
/// A hash of everything that decides a sweep's answer: axis values, hardware specs and names,
/// assumptions, the selection and the sweep options. Two runs with the same identity compute the
/// same result on any backend, so their partial results may be merged; any other pair may not.
/// </summary>
/// <remarks>
/// What does not change the answer (backend, output format, progress) is left out, so a sweep
/// interrupted on one backend can be finished on another. Doubles enter as their IEEE bits
/// (little-endian), so the hash is the same on every machine ComputeSim runs on.
/// </remarks>
public static class GridIdentity
{
    /// <summary>Bump when the hashed content or its encoding changes.</summary>
    private const string Scheme = "computesim-grid/1";

    /// <summary>The identity as lower-case hex SHA-256.</summary>
    public static string Of(SweepProblem problem, SweepOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Bytes(ReadOnlySpan<byte> b) => hash.AppendData(b);
        void Long(long v) => Bytes(BitConverter.GetBytes(v));
        void Double(double v) => Long(BitConverter.DoubleToInt64Bits(v));
        void Text(string s)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            Long(utf8.Length);
            Bytes(utf8);
        }

        Text(Scheme);
        GridSpec spec = problem.Spec;
        foreach (Axis axis in Enum.GetValues<Axis>())
            Long(spec.Shape.Length(axis));
        Long(spec.TokensPerParam);
        Long(spec.PriceFromProfile);
        Double(spec.Assumptions.ActiveFraction);
        Double(spec.Assumptions.Pue);
        Double(spec.Assumptions.WeightBytesPerParam);
        Double(spec.Assumptions.StateBytesPerParam);
        Bytes(MemoryMarshal.AsBytes(problem.AxisValues.AsSpan()));
        // AcceleratorSpec holds only doubles (no padding), so its bytes are its values: a field added later is hashed too.
        Bytes(MemoryMarshal.AsBytes(problem.Hardware.AsSpan()));
        foreach (string name in problem.HardwareNames)
            Text(name);
        Selection s = problem.Selection;
        Long((long)s.Objective);
        Double(s.MaxDays);
        Double(s.MaxCostUsd);
        Long(s.MustFit);
        Long(options.TopK);
        Long(options.Pareto ? 1 : 0);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
