namespace ComputeSim.Model;

/// <summary>Arithmetic precision of the matrix multiplies that dominate training.</summary>
/// <remarks>Stored as an int on the device; the numbering is part of the grid encoding.</remarks>
public enum Precision
{
    /// <summary>Vector FP64.</summary>
    Fp64 = 0,
    /// <summary>Vector FP32 (no tensor cores).</summary>
    Fp32 = 1,
    /// <summary>TF32 on tensor/matrix cores.</summary>
    Tf32 = 2,
    /// <summary>FP16 on tensor/matrix cores (mixed precision).</summary>
    Fp16 = 3,
    /// <summary>BF16 on tensor/matrix cores (mixed precision).</summary>
    Bf16 = 4,
    /// <summary>FP8 on tensor/matrix cores, one scale per tensor (Transformer Engine's delayed or current scaling, torchao's tensorwise).</summary>
    Fp8 = 5,
    /// <summary>MXFP8 (OCP Microscaling): FP8 values with one power-of-two scale per block of 32, on tensor cores that apply the
    /// scales themselves (NVIDIA Blackwell, AMD CDNA 4).</summary>
    Mxfp8 = 6,
    /// <summary>NVFP4: 4-bit E2M1 values with one FP8 (E4M3) scale per block of 16 and one FP32 scale per tensor, on tensor cores
    /// that apply the scales themselves (NVIDIA Blackwell; Transformer Engine's NVFP4BlockScaling recipe).</summary>
    Nvfp4 = 7,
    /// <summary>MXFP4 (OCP Microscaling): 4-bit E2M1 values with one power-of-two scale per block of 32 (NVIDIA Blackwell, AMD
    /// CDNA 4).</summary>
    Mxfp4 = 8,
}

/// <summary>Names used on the command line and in files.</summary>
public static class PrecisionNames
{
    /// <summary>Every precision, in enum order.</summary>
    public static readonly Precision[] All = [Precision.Fp64, Precision.Fp32, Precision.Tf32, Precision.Fp16, Precision.Bf16, Precision.Fp8, Precision.Mxfp8, Precision.Nvfp4, Precision.Mxfp4];

    // Made once: every output row names its precision.
    private static readonly string[] Names = [.. All.Select(p => p.ToString().ToLowerInvariant())];

    /// <summary>True for the 8-bit formats: the layers' GEMMs read one-byte operands and the rest stays in 16 bits.</summary>
    public static bool IsFp8(Precision p) => p == Precision.Fp8 || p == Precision.Mxfp8;

    /// <summary>True for the 4-bit formats: the layers' GEMMs read half-byte operands (and their block scales), the rest stays in
    /// 16 bits.</summary>
    public static bool IsFp4(Precision p) => p == Precision.Nvfp4 || p == Precision.Mxfp4;

    /// <summary>True for the 8- and 4-bit formats, whose recipes cast the layers' GEMM inputs and keep the rest in 16 bits.</summary>
    public static bool IsNarrow(Precision p) => IsFp8(p) || IsFp4(p);

    /// <summary>Bytes of one cast element's value, scales aside: 1 for the 8-bit formats, 0.5 for the 4-bit ones, else 2.</summary>
    public static double PayloadBytes(Precision p) => IsFp8(p) ? 1.0 : IsFp4(p) ? 0.5 : 2.0;

    /// <summary>Lower-case name, e.g. <c>bf16</c>.</summary>
    public static string Name(Precision p) => (uint)p < (uint)Names.Length ? Names[(int)p] : p.ToString().ToLowerInvariant();

    /// <summary>Parses a lower- or upper-case name; false if unknown.</summary>
    public static bool TryParse(string text, out Precision precision)
    {
        foreach (var p in All)
        {
            if (string.Equals(Name(p), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                precision = p;
                return true;
            }
        }
        precision = default;
        return false;
    }

    /// <summary>Parses a name; an <see cref="InputException"/> on <paramref name="subject"/> listing every name if unknown.</summary>
    public static Precision Parse(string text, string subject) =>
        TryParse(text, out Precision p)
            ? p
            : throw new InputException(subject, $"unknown precision '{text.Trim()}'; expected one of {string.Join(", ", All.Select(Name))}");
}
