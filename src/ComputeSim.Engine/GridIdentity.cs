using System.Runtime.CompilerServices;
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
    private const string Scheme = "computesim-grid/5";

    /// <summary>The identity as lower-case hex SHA-256.</summary>
    public static string Of(SweepProblem problem, SweepOptions options)
    {
        using var hash = new Hasher();
        void Bytes(ReadOnlySpan<byte> b) => hash.Bytes(b);
        void Long(long v) => hash.Long(v);
        void Double(double v) => hash.Double(v);
        void Text(string s) => hash.Text(s);

        Text(Scheme);
        GridSpec spec = problem.Spec;
        foreach (Axis axis in Enum.GetValues<Axis>())
            Long(spec.Shape.Length(axis));
        Long(spec.TokensPerParam);
        Long(spec.PriceFromProfile);
        Double(spec.Assumptions.ActiveFraction);
        Double(spec.Assumptions.Pue);
        Long(spec.Assumptions.EnergyScope);
        Double(spec.Assumptions.GpuPowerFraction);
        Double(spec.Assumptions.ServerOverhead);
        Double(spec.Assumptions.WeightBytesPerParam);
        Double(spec.Assumptions.StateBytesPerParam);
        Bytes(MemoryMarshal.AsBytes(problem.AxisValues.AsSpan()));
        // AcceleratorSpec holds only doubles (no padding), so its bytes are its values: a field added later is hashed too. Its last
        // five fields came later (2026-12) and are hashed only where they can change the answer, so older grids keep their identity:
        // FlashAttention2Speed, which only the L2 model reads, the block-scaled peaks (PeakMxfp8, PeakNvfp4, PeakMxfp4), which only a
        // point in that precision reads, and Fp8AttentionSpeed, which only software with FP8 attention reads.
        int specBytes = Unsafe.SizeOf<AcceleratorSpec>() - 4 * sizeof(double) - (spec.Parallel.Enabled == 0 ? sizeof(double) : 0);
        bool fp8Attention = spec.Parallel.Enabled != 0 && problem.Clusters.Any(c => c.Fp8Attention != 0);
        bool mxfp8 = Has(problem, Precision.Mxfp8), nvfp4 = Has(problem, Precision.Nvfp4), mxfp4 = Has(problem, Precision.Mxfp4);
        foreach (AcceleratorSpec hw in problem.Hardware)
        {
            Bytes(MemoryMarshal.AsBytes(new ReadOnlySpan<AcceleratorSpec>(in hw))[..specBytes]);
            if (mxfp8)
                Double(hw.PeakMxfp8);
            if (nvfp4)
                Double(hw.PeakNvfp4);
            if (mxfp4)
                Double(hw.PeakMxfp4);
            if (fp8Attention)
                Double(hw.Fp8AttentionSpeed);
        }
        foreach (string name in problem.HardwareNames)
            Text(name);
        Selection s = problem.Selection;
        Long((long)s.Objective);
        Double(s.MaxDays);
        Double(s.MaxCostUsd);
        Long(s.MustFit);
        Double(s.MaxLoss);
        HashParallel(spec.Parallel, Long, Double);
        // Accelerators on clusters of their own (2026-12): each one's settings, hashed only where the clusters differ, so grids
        // on one cluster keep their identity.
        if (spec.Parallel.Enabled != 0 && problem.MixesClusters)
        {
            for (int h = 0; h < problem.Clusters.Length; h++)
                HashParallel(spec.ParallelAt(h, problem.Data), Long, Double);
        }
        HashScaling(spec.Scaling, Long, Double);
        // Each reduction adds its settings (top-k its k, the front whether it is kept: the bytes of scheme 5).
        foreach (IReduction r in options.Reductions.Create(problem, options))
            r.Identify(hash);
        return hash.Hex();
    }

    private static bool Has(SweepProblem problem, Precision precision)
    {
        GridShape shape = problem.Spec.Shape;
        return problem.AxisValues.AsSpan(shape.Offset(Axis.Precision), shape.Length(Axis.Precision)).Contains((double)precision);
    }

    /// <summary>What a reduction adds its settings to (<see cref="IReduction.Identify"/>).</summary>
    public sealed class Hasher : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        /// <summary>Adds raw bytes.</summary>
        public void Bytes(ReadOnlySpan<byte> b) => _hash.AppendData(b);

        /// <summary>Adds an integer (little-endian).</summary>
        public void Long(long v) => Bytes(BitConverter.GetBytes(v));

        /// <summary>Adds a double's IEEE bits.</summary>
        public void Double(double v) => Long(BitConverter.DoubleToInt64Bits(v));

        /// <summary>Adds a string, length first.</summary>
        public void Text(string s)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            Long(utf8.Length);
            Bytes(utf8);
        }

        internal string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        /// <inheritdoc />
        public void Dispose() => _hash.Dispose();
    }

    // The L3 settings decide each point's predicted loss and inference cost, which a planning grid ranks and admits by.
    private static void HashScaling(in ScalingSettings s, Action<long> integer, Action<double> real)
    {
        integer(s.Enabled);
        integer((long)s.Law.Form);
        foreach (double v in new[] { s.Law.E, s.Law.A, s.Law.B, s.Law.Alpha, s.Law.Beta, s.InferenceTokens })
            real(v);
    }

    // The L2 settings decide every predicted point: shape, batch, cluster, software and the layout space.
    private static void HashParallel(in ParallelSettings p, Action<long> integer, Action<double> real)
    {
        integer(p.Enabled);
        TransformerShape sh = p.Shape;
        foreach (long v in new long[] { sh.Layers, sh.Hidden, sh.Heads, sh.KvHeads, sh.SeqLen, sh.Vocab, sh.Ffn, (long)sh.Style, p.SeqLen, p.Vocab })
            integer(v);
        real(p.GlobalBatch);
        ClusterSpec c = p.Cluster;
        integer(c.GpusPerNode);
        integer(c.FlashAttention);
        foreach (double v in new[] { c.ScaleOutBytesPerSecond, c.ScaleUpLatencySeconds, c.ScaleOutLatencySeconds, c.FrameworkEfficiency, c.KernelOverheadSeconds, c.DpOverlap, c.GradientReduceBytes })
            real(v);
        LayoutSpace l = p.Space;
        foreach (long v in new long[] { l.Tp, l.Pp, l.MicroBatch, l.Interleave, l.Recompute, l.SequenceParallel, l.Zero })
            integer(v);
        // The per-operation model's inputs (2026-12); L0 grids hash as before, so their checkpoints still resume.
        if (p.Enabled == 0)
            return;
        foreach (long v in new long[] { (long)sh.Mlp, sh.HeadDim, sh.Experts, sh.TopK, sh.ExpertFfn, sh.SharedExperts, sh.DenseLayers, c.TpCommOverlap, c.GemmPerExpert, c.NativeAttention, c.FusedFp8Activation, l.Cp, l.Ep })
            integer(v);
        foreach (long v in new long[] { sh.KvLoraRank, sh.QLoraRank, sh.RopeHeadDim, sh.VHeadDim, sh.MtpLayers })
            integer(v);
        foreach (double v in new[] { c.GemmDepthOverhead, c.AttentionShare, c.ElementwiseTraffic, c.ExpertImbalance, c.OverlapSlowdown })
            real(v);
        // CUDA graphs (2026-12): hashed only where on, so grids from before keep their identity.
        if (c.CudaGraphs != 0)
            integer(c.CudaGraphs);
        // Tied embeddings (2026-12): hashed only where set, likewise.
        if (sh.TiedEmbeddings != 0)
            integer(sh.TiedEmbeddings);
        // Sliding-window attention (2026-12): hashed only where set, likewise.
        if (sh.SlidingWindow != 0 || sh.SlidingLayers != 0)
        {
            integer(sh.SlidingWindow);
            integer(sh.SlidingLayers);
        }
        // Hybrid Mamba-2 layers (2026-12): hashed only where any is set, likewise.
        long[] hybrid = [sh.MambaLayers, sh.AttentionLayers, sh.MambaHeads, sh.MambaHeadDim, sh.MambaStateDim, sh.MambaGroups];
        if (hybrid.Any(v => v != 0))
        {
            foreach (long v in hybrid)
                integer(v);
        }
        // Latent experts (2026-12): hashed only where set, likewise.
        if (sh.MoeLatentDim != 0)
            integer(sh.MoeLatentDim);
        // Pipeline-send overlap (2026-12), part of TpCommOverlap before: hashed only where the two differ, likewise.
        if (c.PipelineSendOverlap != c.TpCommOverlap)
            integer(c.PipelineSendOverlap);
        // FP8 attention (2026-12): hashed only where on, likewise.
        if (c.Fp8Attention != 0)
            integer(c.Fp8Attention);
        // Deduplicated expert dispatch (2026-12): hashed only where on, likewise.
        if (c.DedupDispatch != 0)
            integer(c.DedupDispatch);
        // BF16 parameter states (2026-12): hashed only where on, likewise.
        if (c.Bf16States != 0)
            integer(c.Bf16States);
        // Production runs (2026-12): hashed only where on, likewise.
        if (c.Production != 0)
            integer(c.Production);
        // A dense layer's kernel cost (2026-12), fitted apart from the eager expert layer's: every L2 grid depends on it.
        real(c.DenseKernelSeconds);
    }
}
