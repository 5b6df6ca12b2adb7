using ComputeSim.Cli.Commands;
using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Parallel;

/// <summary>NVFP4 and MXFP4 (4-bit values with block scales): half-byte operands, GEMMs at <see cref="GemmModel.FourBitShare"/>
/// of the 4-bit peak, only on accelerators whose tensor cores have it, checked against NVIDIA's NVFP4 recipes.</summary>
public class Fp4Tests
{
    private static readonly AcceleratorSpec B200 = TestData.Spec("b200-sxm-192gb");

    // Megatron-Bridge's NVFP4 rows of Llama 3 70B and Llama 3.1 405B (26.02 to 26.06, DGX-GB200 and DGX-GB300), kept out of the set.
    private static IReadOnlyList<PublishedRun> Sheet() => TestData.Sheet("nvfp4.tsv");

    [Fact]
    public void The_four_bit_share_reproduces_NVIDIAs_paired_recipes()
    {
        // data/calibration/sheet/nvfp4.tsv: eleven NVFP4 rows whose table has an MXFP8 row of the same layout in the set. The
        // published NVFP4 runs are 1.19x to 1.56x their MXFP8 siblings; with the share the model's ratios match them on average to
        // within 2% (measured −0.1%, the share was chosen on these pairs, read with the recipes' tensor-parallel overlap off).
        // Pricing NVFP4 as MXFP8 misses the gain by more than a third (measured −35.7%, the mean log ratio), so the test fails if
        // 4-bit points lose their peak.
        var pairs = RecipePairs.Of(Sheet(), Precision.Nvfp4, Precision.Mxfp8);
        Assert.Equal(11, pairs.Count);
        Assert.InRange(RecipePairs.MeanRatioError(pairs), -0.02, 0.02);
        Assert.True(RecipePairs.MeanRatioError(pairs, priceRunAs: Precision.Mxfp8) < -0.25);
    }

    [Fact]
    public void NVIDIAs_NVFP4_runs_outside_the_set_are_predicted_within_15_percent()
    {
        // The 18 rows (Megatron-Bridge 26.02 to 26.06; docs/calibration.md, parts 19, 20 and 23): median |error| 4.5%, signed +4.5%,
        // largest +13.3% (Llama 3 70B on GB200, 26.02); 3.1%, +1.7% and +10.2% before part 23 priced a dense layer's kernels apart
        // from an expert layer's. Tolerance: median within 8%, every row within 15%.
        var runs = Sheet();
        Assert.Equal(18, runs.Count);
        Assert.DoesNotContain(runs, r => Validator.AllRuns.Any(p => p.Name == r.Name));
        Assert.All(runs.Where(r => r.Space.Tp > 1), r => Assert.Equal("tp_comm_overlap=off", r.Switches));
        double[] errors = AbsoluteErrors(runs);
        Assert.All(errors, e => Assert.InRange(e, 0.0, 0.15));
        Assert.InRange(ValidateCommand.Median(errors), 0.0, 0.08);
    }

    [Fact]
    public void MLPerfs_4_bit_runs_which_chose_nothing_are_predicted_within_a_median_of_6_percent()
    {
        // data/calibration/sheet/mlperf-fp4.tsv: the 4-bit runs of MLPerf Training 5.1 and 6.0 read from their logs (NVIDIA's
        // Llama 3.1 405B on 512 to 5,120 GB200 and GB300 and CoreWeave's on 4,096 GB300; Llama 3.1 8B from NVIDIA, HPE, Cisco, Lambda
        // and Nebius in NVFP4 and from AMD and Oracle on MI355X in MXFP4); no constant was chosen on them. Measured (part 23): median
        // |error| 4.3% (3.1% before part 23 priced a dense layer's kernels apart from an expert layer's; 8.3% before the eleven 8B runs
        // with FP8 attention said so: Fp8AttentionTests), the 405B on GB200 −1.3% to +7.4%, on GB300 +15.0% to +29.7% (TP 2, CP 2;
        // growing with scale), the NVFP4 8B −2.3% to +5.2%, the MXFP4 8B on MI355X −9.6% and −12.7%.
        // Tolerance: median within 6%, every row within 30%, GB200's 405B runs within 10%.
        var runs = TestData.Sheet("mlperf-fp4.tsv");
        Assert.Equal(21, runs.Count);
        Assert.All(runs, r => Assert.True(PrecisionNames.IsFp4(r.Precision), r.Name));
        Assert.DoesNotContain(runs, r => Validator.AllRuns.Any(p => p.Name == r.Name));
        double[] errors = AbsoluteErrors(runs);
        Assert.All(errors, e => Assert.InRange(e, 0.0, 0.30));
        Assert.InRange(ValidateCommand.Median(errors), 0.0, 0.06);
        Assert.All(AbsoluteErrors([.. runs.Where(r => r.Hardware == "gb200-186gb" && r.Shape.Layers == 126)]), e => Assert.InRange(e, 0.0, 0.10));
    }

    // |error| of each run, sorted.
    private static double[] AbsoluteErrors(IReadOnlyList<PublishedRun> runs) =>
        [.. new Calibrator(TestData.Spec, TestData.Cluster).Predict(runs, null).Select(r => Math.Abs(r.RelativeError)).Order()];

    [Fact]
    public void A_compute_bound_GEMM_runs_at_the_four_bit_share_of_the_FP4_rate()
    {
        ClusterSpec cluster = TestData.Cluster("dgx-b200-ndr400");
        double Seconds(Precision p) => GemmModel.Seconds(8192, 8192, 8192, 1, B200, GemmModel.SustainedPeak(B200, p, cluster),
            GemmModel.OperandBytes(p), cluster.GemmDepthOverhead);
        double fp4OverFp8Peak = B200.PeakFlops(Precision.Nvfp4) / B200.PeakFlops(Precision.Fp8);
        Assert.Equal(1.0 / (fp4OverFp8Peak * GemmModel.FourBitShare), Seconds(Precision.Nvfp4) / Seconds(Precision.Fp8), 12);
        Assert.Equal(Seconds(Precision.Nvfp4), Seconds(Precision.Mxfp4), 12);
        Assert.Equal(0.5 + 1.0 / 16.0, GemmModel.OperandBytes(Precision.Nvfp4));
        Assert.Equal(0.5 + 1.0 / 32.0, GemmModel.OperandBytes(Precision.Mxfp4));
        Assert.Equal(Precision.Bf16, GemmModel.OutsideLayers(Precision.Nvfp4));
        Assert.Equal(0.5, PrecisionNames.PayloadBytes(Precision.Mxfp4));
        Assert.Equal(1.0, PrecisionNames.PayloadBytes(Precision.Mxfp8));
    }

    [Fact]
    public void A_step_in_NVFP4_holds_the_same_FLOPs_as_in_FP8_and_is_faster_by_less_than_its_GEMMs()
    {
        // Attention, element-wise work, the logits and communication run as in FP8, so the step gains less than the GEMMs
        // (measured 0.774 of FP8's step, where the GEMMs alone, at B200's 2x peak and the 4-bit share, would give 0.556).
        double gemmRatio = B200.PeakFlops(Precision.Fp8) / (B200.PeakFlops(Precision.Nvfp4) * GemmModel.FourBitShare);
        Assert.InRange(RecipePairs.Llama70bStepOverFp8OnB200(Precision.Nvfp4), gemmRatio + 0.05, 0.95);
    }

    [Fact]
    public void Only_profiles_with_4_bit_tensor_cores_have_a_4_bit_peak_and_others_refuse_it_in_one_line()
    {
        Assert.Equal(2.0 * B200.PeakFlops(Precision.Fp8), B200.PeakFlops(Precision.Nvfp4));
        Assert.Equal(B200.PeakFlops(Precision.Nvfp4), B200.PeakFlops(Precision.Mxfp4));
        // Blackwell Ultra raised dense FP4 1.5x over Blackwell; BF16 and FP8 stayed.
        Assert.Equal(1.5, TestData.Spec("gb300-279gb").PeakFlops(Precision.Nvfp4) / TestData.Spec("gb200-186gb").PeakFlops(Precision.Nvfp4), 9);
        AcceleratorSpec mi355x = TestData.Spec("mi355x");
        Assert.Equal(0.0, mi355x.PeakFlops(Precision.Nvfp4));
        Assert.Equal(2.0, mi355x.PeakFlops(Precision.Mxfp4) / mi355x.PeakFlops(Precision.Fp8), 3);
        Assert.Equal(0.0, TestData.Spec("h100-sxm5-80gb").PeakFlops(Precision.Nvfp4));

        CliRun run = CliRun.Of("estimate", "--model", "llama3-8b", "--precision", "nvfp4", "--hardware", "h100-sxm5-80gb", "--gpus", "8");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--precision: h100-sxm5-80gb has no nvfp4 peak", run.Err);
        Assert.Single(run.Err.Trim().Split('\n'));
    }
}
