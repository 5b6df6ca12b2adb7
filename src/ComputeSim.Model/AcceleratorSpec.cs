namespace ComputeSim.Model;

/// <summary>One accelerator in SI units, as the formulas and kernels see it.</summary>
/// <remarks>
/// A dense peak of 0 means the chip does not support that precision (profiles say so with
/// <c>null</c>; the loader converts). Prices of 0 mean "not public": the CLI checks before
/// a formula ever multiplies by one.
/// </remarks>
public readonly struct AcceleratorSpec
{
    /// <summary>Dense peak FP64, FLOP/s.</summary>
    public double PeakFp64 { get; init; }
    /// <summary>Dense peak FP32, FLOP/s.</summary>
    public double PeakFp32 { get; init; }
    /// <summary>Dense peak TF32, FLOP/s.</summary>
    public double PeakTf32 { get; init; }
    /// <summary>Dense peak FP16, FLOP/s.</summary>
    public double PeakFp16 { get; init; }
    /// <summary>Dense peak BF16, FLOP/s.</summary>
    public double PeakBf16 { get; init; }
    /// <summary>Dense peak FP8, FLOP/s.</summary>
    public double PeakFp8 { get; init; }
    /// <summary>Device memory, bytes.</summary>
    public double MemoryBytes { get; init; }
    /// <summary>Device memory bandwidth, bytes/s.</summary>
    public double MemoryBandwidthBytesPerSecond { get; init; }
    /// <summary>Scale-up link bandwidth per GPU (bidirectional), bytes/s.</summary>
    public double LinkBandwidthBytesPerSecond { get; init; }
    /// <summary>Board power (TDP), W.</summary>
    public double BoardPowerWatts { get; init; }
    /// <summary>Cloud price per GPU-hour, USD; 0 if not public.</summary>
    public double PricePerGpuHourUsd { get; init; }
    /// <summary>Purchase price per GPU, USD; 0 if not public.</summary>
    public double PurchasePriceUsd { get; init; }
    /// <summary>Achievable fraction of the dense peak in large GEMMs (measured); 0 if unknown.</summary>
    public double MatmulEfficiency { get; init; }
    /// <summary>Measured ring bus bandwidth of collectives inside a node, bytes/s; 0 if unknown.</summary>
    public double ScaleUpBusBytesPerSecond { get; init; }

    /// <summary>Streaming multiprocessors (NVIDIA) or compute units (AMD): how many GEMM tiles run at once.</summary>
    public double ComputeUnits { get; init; }

    /// <summary>FlashAttention-2's speed on this accelerator over its native fused-attention kernel (cuDNN, FlashAttention-3);
    /// 0 where FlashAttention-2 is the native kernel or does not run, so software gets the native speed.</summary>
    public double FlashAttention2Speed { get; init; }

    /// <summary>Dense peak MXFP8 (block-scaled FP8), FLOP/s; 0 where the tensor cores cannot apply block scales. Last, so grids without
    /// MXFP8 keep the identity they had before it (<c>GridIdentity</c>).</summary>
    public double PeakMxfp8 { get; init; }

    /// <summary>Dense peak NVFP4 (4-bit, a scale per 16), FLOP/s; 0 where the tensor cores lack it. After <see cref="PeakMxfp8"/> for
    /// the same reason.</summary>
    public double PeakNvfp4 { get; init; }

    /// <summary>Dense peak MXFP4 (4-bit, a scale per 32), FLOP/s; 0 where the tensor cores lack it.</summary>
    public double PeakMxfp4 { get; init; }

    /// <summary>The fused-attention kernel's speed in FP8 over its speed in BF16, forward and backward together, measured at a causal
    /// Llama 3.1 shape at sequence 8,192 (shorter sequences gain less: <see cref="LayerModel.Fp8AttentionSpeed"/>); 0 where no
    /// measurement exists, so FP8 attention is priced at the BF16 rate.</summary>
    public double Fp8AttentionSpeed { get; init; }

    /// <summary>Dense peak for a precision, FLOP/s; 0 if unsupported.</summary>
    public double PeakFlops(Precision precision) => precision switch
    {
        Precision.Fp64 => PeakFp64,
        Precision.Fp32 => PeakFp32,
        Precision.Tf32 => PeakTf32,
        Precision.Fp16 => PeakFp16,
        Precision.Bf16 => PeakBf16,
        Precision.Fp8 => PeakFp8,
        Precision.Mxfp8 => PeakMxfp8,
        Precision.Nvfp4 => PeakNvfp4,
        Precision.Mxfp4 => PeakMxfp4,
        _ => 0.0,
    };
}
