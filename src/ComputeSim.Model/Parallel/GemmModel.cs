namespace ComputeSim.Model;

/// <summary>Time of one GEMM from its shape: roofline, tile and wave quantisation, capped at the measured maximum.</summary>
/// <remarks>
/// <para>An (m×k)·(k×n) GEMM does 2mnk FLOPs (Narayanan et al. 2021, Appendix) and moves at least its
/// three operands through HBM once. Libraries (cuBLAS, hipBLASLt) cut the output into tiles
/// of <see cref="TileM"/>×<see cref="TileN"/> and run them in waves of one tile per compute unit, so a
/// partial last wave, and tiles that overhang the matrix edge, compute nothing useful
/// (NVIDIA, "Matrix Multiplication Background User's Guide", tile and wave quantisation). A batched
/// or grouped call of <c>count</c> GEMMs fills its waves with the tiles of all of them.</para>
/// <para>Each tile's main loop also pays a fixed start and drain, worth a fixed number (<see cref="L2Calibration.GemmDepthOverhead"/>)
/// elements of k: short-k GEMMs (small hidden sizes, wide tensor parallelism) run below the
/// profile's measured maximum even with full waves.</para>
/// </remarks>
public static class GemmModel
{
    /// <summary>Output rows per tile (cuBLAS and hipBLASLt large-GEMM kernels use 128 or 256).</summary>
    public const double TileM = 128;
    /// <summary>Output columns per tile.</summary>
    public const double TileN = 256;
    /// <summary>Granularity of the narrower tiles used for small matrices.</summary>
    public const double TileStep = 64;

    /// <summary>Share of the FP8 rate that MXFP8 GEMMs sustain in training, measured, not fitted to the whole set.</summary>
    /// <remarks>
    /// MXFP8 runs at the FP8 peak on paper, but each GEMM also loads and applies one scale per 32 elements of each operand, and
    /// Transformer Engine rearranges the scales into the tensor cores' layout before the GEMM. NVIDIA publishes the same model on
    /// the same system, layout and release in both recipes (Megatron-Bridge performance summary, 25.09 and 25.11: Llama 3 8B,
    /// Llama 3.1 405B, Qwen3 30B-A3B and 235B-A22B, DeepSeek-V3 on DGX-B200 and DGX-GB200; NeMo 25.07 Llama 3 8B on GB200).
    /// Over those ten pairs the MXFP8 row runs at 0.937 to 1.042 of the per-tensor FP8 row (mean 0.976; the dense pairs 0.937 to
    /// 0.980), and 0.94 of the FP8 GEMM rate makes the model's ratios match them on average. Two GB300 pairs published later
    /// (Llama 3 8B, Llama 3.1 405B) run at 0.961 and 0.927; the model gives 0.974 and 0.957 (the test <c>Mxfp8Tests</c>
    /// recomputes the pairs from the files).
    /// </remarks>
    public const double BlockScaledShare = 0.94;

    /// <summary>Share of the 4-bit (NVFP4, MXFP4) peak that the layers' GEMMs sustain in training, against the BF16-measured
    /// efficiency every precision shares; see <see cref="SustainedPeak"/>.</summary>
    /// <remarks>
    /// Measured on pairs, not fitted to the whole set: NVIDIA publishes Llama 3 70B and Llama 3.1 405B in NVFP4 and in MXFP8 on
    /// the same system, layout and release (Megatron-Bridge performance summary, 26.02 to 26.06, DGX-GB200 and DGX-GB300;
    /// <c>data/calibration/sheet/nvfp4.tsv</c>), and this share makes the model's NVFP4-over-MXFP8 ratios match the published ones
    /// on average (the test <c>Fp4Tests</c> recomputes them). The NVFP4 recipes turn tensor-parallel communication overlap off
    /// and keep the pipeline's (<c>tp_comm_overlap=off</c> in those rows); read with it on, as first, the pairs gave 0.82. A 4-bit
    /// GEMM reaches less of its peak than an 8-bit one: it does twice (Blackwell) or three times (Blackwell Ultra) the work per
    /// operand byte, so it leans harder on shared memory, on the scale factors (one per 16 elements) and on the epilogue, and
    /// Transformer Engine's recipe runs the weight gradient's inputs through a random Hadamard transform (Micikevicius et al.
    /// 2025, NVIDIA, "Pretraining Large Language Models with NVFP4"). Checked outside those pairs on MLPerf Training 5.1's and
    /// 6.0's 21 four-bit runs (<c>data/calibration/sheet/mlperf-fp4.tsv</c>).
    /// </remarks>
    public const double FourBitShare = 0.90;

    /// <summary>Bytes per GEMM operand: FP8 GEMMs read one byte (MXFP8 one more per 32 for the scales), FP4 ones half a byte and
    /// their scales, every other training precision two.</summary>
    public static double OperandBytes(Precision precision) => precision switch
    {
        Precision.Fp8 => 1.0,
        Precision.Mxfp8 => 1.0 + 1.0 / 32.0,
        // Half a byte a value, and a one-byte scale per 16 (NVFP4) or per 32 (MXFP4).
        Precision.Nvfp4 => 0.5 + 1.0 / 16.0,
        Precision.Mxfp4 => 0.5 + 1.0 / 32.0,
        _ => 2.0,
    };

    /// <summary>The precision of the GEMMs outside the layers' linear modules (the output layer): FP8 and FP4 recipes keep them in
    /// BF16.</summary>
    public static Precision OutsideLayers(Precision precision) => PrecisionNames.IsNarrow(precision) ? Precision.Bf16 : precision;

    /// <summary>The peak a cluster's GEMMs in <paramref name="precision"/> are timed against: dense peak × sustained share (× the
    /// block-scaled share for MXFP8, × the 4-bit share for NVFP4 and MXFP4).</summary>
    public static double SustainedPeak(in AcceleratorSpec hw, Precision precision, in ClusterSpec cluster) =>
        hw.PeakFlops(precision) * cluster.FrameworkEfficiency * PrecisionShare(precision);

    /// <summary>What a precision's GEMMs sustain of its peak beyond the share every precision has: <see cref="BlockScaledShare"/>
    /// for MXFP8, <see cref="FourBitShare"/> for the 4-bit formats, else 1.</summary>
    public static double PrecisionShare(Precision precision) =>
        precision == Precision.Mxfp8 ? BlockScaledShare : PrecisionNames.IsFp4(precision) ? FourBitShare : 1.0;

    /// <summary>Seconds for <paramref name="count"/> GEMMs of m×n×k at <paramref name="peakFlops"/> with operands of <paramref name="elementBytes"/>;
    /// <paramref name="depthOverhead"/> is the tile's fixed cost in elements of k.</summary>
    public static double Seconds(double m, double n, double k, double count, in AcceleratorSpec hw, double peakFlops, double elementBytes,
        double depthOverhead)
    {
        if (m <= 0 || n <= 0 || k <= 0 || count <= 0)
            return 0.0;
        // Libraries pick narrower tiles for narrow matrices, in steps of TileStep.
        double tileM = Math.Min(TileM, Math.Ceiling(m / TileStep) * TileStep);
        double tileN = Math.Min(TileN, Math.Ceiling(n / TileStep) * TileStep);
        // A batched or grouped GEMM (attention heads, experts) schedules the tiles of all its members in one grid.
        double tiles = count * Math.Ceiling(m / tileM) * Math.Ceiling(n / tileN);
        double units = hw.ComputeUnits;
        // Useful share of the tile slots the GEMMs occupy: the last wave and the edges run partly empty.
        // A spec built in code without compute units (0) leaves quantisation out.
        double occupancy = units > 0 ? count * m * n / (Math.Ceiling(tiles / units) * units * tileM * tileN) : 1.0;
        double depth = k / (k + depthOverhead);
        double compute = 2.0 * m * n * k / (peakFlops * hw.MatmulEfficiency * occupancy * depth);
        double memory = elementBytes * (m * k + k * n + m * n) / hw.MemoryBandwidthBytesPerSecond;
        return count * Math.Max(compute, memory);
    }
}
