using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Parallel;

/// <summary>A software's switches set one by one over its preset: in the model, in calibration files and on the command line.</summary>
public sealed class SoftwareSwitchesTests
{
    private static readonly ClusterSpec Core = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-h100-ndr400"), Software.MegatronCore);

    [Fact]
    public void Each_switch_sets_its_own_field_and_nothing_else()
    {
        ClusterSpec off = SoftwareSwitches.Apply(Core, "tp_comm_overlap=off, native_attention=OFF", "switches");
        Assert.Equal(0, off.TpCommOverlap);
        Assert.Equal(0, off.NativeAttention);
        Assert.Equal(Core with { TpCommOverlap = 0, NativeAttention = 0 }, off);
        ClusterSpec on = SoftwareSwitches.Apply(TrainingSoftware.WithSoftware(Core, Software.Megatron),
            "dp_overlap=on,flash_attention=on,cuda_graphs=on,fused_fp8_activation=on,gemm_per_expert=on,fp32_grad_reduce=off", "switches");
        Assert.Equal((1.0, 1, 1, 1, 1, 2.0), (on.DpOverlap, on.FlashAttention, on.CudaGraphs, on.FusedFp8Activation, on.GemmPerExpert, on.GradientReduceBytes));
        Assert.Equal(Core, SoftwareSwitches.Apply(Core, "", "switches"));
        Assert.Equal(Core with { PipelineSendOverlap = 0 }, SoftwareSwitches.Apply(Core, "pp_comm_overlap=off", "switches"));
        Assert.Equal(Core with { Fp8Attention = 1 }, SoftwareSwitches.Apply(Core, "fp8_attention=on", "switches"));
        // A preset resets it: every preset runs attention in BF16.
        Assert.Equal(0, TrainingSoftware.WithSoftware(Core with { Fp8Attention = 1 }, Software.MegatronCoreGraphs).Fp8Attention);
    }

    [Fact]
    public void Tensor_parallel_overlap_off_leaves_the_pipeline_sends_hidden_and_pipeline_overlap_off_exposes_them()
    {
        // Megatron-Bridge's NVFP4 recipes set tp_comm_overlap False and keep overlap_p2p_comm (on with interleaving).
        TransformerShape shape = ShapePresets.ShapeOf("llama3-70b") with { SeqLen = 8192 };
        AcceleratorSpec hw = TestData.Spec("h100-sxm5-80gb");
        var layout = new Layout { Tp = 4, Pp = 4, Dp = 4, Cp = 1, Ep = 1, MicroBatch = 1, Interleave = 5, SequenceParallel = 1, Zero = 1 };
        double Sends(string switches) => StepModel.ExposedSendSeconds(shape, layout, hw, SoftwareSwitches.Apply(Core, switches, "switches"));
        double Layer(string switches) => StepModel.LayerSeconds(shape, layout, hw, Precision.Bf16, SoftwareSwitches.Apply(Core, switches, "switches"));
        Assert.Equal(0.0, Sends(""));
        Assert.Equal(0.0, Sends("tp_comm_overlap=off"));
        Assert.True(Sends("pp_comm_overlap=off") > 0.0);
        Assert.True(Layer("tp_comm_overlap=off") > Layer(""));
        Assert.Equal(Layer(""), Layer("pp_comm_overlap=off"));
    }

    [Theory]
    [InlineData("tp_overlap=off", "'tp_overlap' is not a switch")]
    [InlineData("cuda_graphs=yes", "give cuda_graphs=on or cuda_graphs=off")]
    [InlineData("cuda_graphs", "give cuda_graphs=on or cuda_graphs=off")]
    [InlineData("cuda_graphs=on,cuda_graphs=off", "cuda_graphs is given twice")]
    public void A_bad_switch_is_one_line_naming_the_field(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => SoftwareSwitches.Apply(Core, text, "--switches"));
        Assert.StartsWith("--switches: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runs_file_may_set_switches_per_run_and_a_bad_one_names_its_line_and_column()
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "data/calibration/published-runs-2020-2023.tsv"));
        int column = Array.IndexOf(lines[0].Split('\t'), "switches");
        string Row(string switches) => lines[0] + "\n" + string.Join('\t', lines[1].Split('\t').Select((cell, i) => i == column ? switches : cell));
        PublishedRun plain = CalibrationFile.Parse(Row(""), "runs.tsv")[0];
        PublishedRun unfused = CalibrationFile.Parse(Row("flash_attention=on,dp_overlap=on"), "runs.tsv")[0];
        Assert.Equal("", plain.Switches);
        ClusterSpec profile = TestData.Cluster(plain.Cluster);
        Assert.Equal(1, unfused.ClusterFor(profile).FlashAttention);
        Assert.Equal(plain.ClusterFor(profile) with { FlashAttention = 1, DpOverlap = 1 }, unfused.ClusterFor(profile));
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        Assert.NotEqual(calibrator.Predict([plain], null)[0].Predicted, calibrator.Predict([unfused], null)[0].Predicted);

        var e = Assert.Throws<InputException>(() => CalibrationFile.Parse(Row("flash=on"), "runs.tsv"));
        Assert.StartsWith("runs.tsv line 2, column 'switches': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recipes_carry_their_switches()
    {
        // grok1/configure.sh (v24.11, v25.04) and nemotron/configure.sh's 340B branch (v24.11) set NVTE_FUSED_ATTN=0.
        PublishedRun[] unfused = Carrying("native_attention");
        Assert.Equal(46, unfused.Length);
        Assert.All(unfused, r => Assert.Equal("native_attention=off", r.Switches));
        Assert.All(unfused, r => Assert.Matches("^dgxc(2411|2504)-grok1-314b-h100|^dgxc2411-nemotron4-340b-h100", r.Name));
        // The full-iteration MXFP8 recipes of Qwen3, GPT-OSS 120B and DeepSeek-V3 on GB300 set fp8_dot_product_attention; DeepSeek-V3's
        // on GB200 do not.
        PublishedRun[] fp8 = Carrying("fp8_attention");
        Assert.Equal(21, fp8.Length);
        Assert.All(fp8, r => Assert.Equal("fp8_attention=on", r.Switches));
        Assert.All(fp8, r => Assert.Equal((Software.MegatronCoreGraphs, Precision.Mxfp8), (r.Software, r.Precision)));
        Assert.All(fp8, r => Assert.Matches("^mb260[68](01)?-(qwen3-|gptoss-120b-gb[23]00|dsv3-gb300)", r.Name));
        Assert.Equal(fp8.Length, Validator.AllRuns.Count(r => r.Software == Software.MegatronCoreGraphs && r.Group.StartsWith("mbridge", StringComparison.Ordinal)
            && !(r.Name.Contains("dsv3", StringComparison.Ordinal) && r.Hardware != "gb300-279gb")));
        // DeepEP and HybridEP (dedup_dispatch): the Megatron-Bridge recipes that name them at their release's tag, DeepSeek's own run,
        // and the rows whose notes name DeepEP.
        PublishedRun[] dedup = Carrying("dedup_dispatch");
        Assert.Equal(13, dedup.Length);
        Assert.All(dedup, r => Assert.Matches("^dedup_dispatch=on(,bf16_states=on|,production=on)?$", r.Switches));
        Assert.All(dedup, r => Assert.Matches("^(mb2509-dsv3-h100|mb260401-dsv3-b200|mb260?4(01)?-qwen3-30b-a3b-h100|mb2606-qwen3-30b-a3b-h100|dsv3report-|automodel-|amdprimus-dsv2lite-)", r.Name));
        // Production runs as their papers report them: the Llama 3 paper's three, DeepSeek-V3's own, MT-NLG's three and BLOOM's.
        PublishedRun[] production = Carrying("production");
        Assert.Equal(8, production.Length);
        Assert.All(production, r => Assert.Matches("^(llama3paper-|dsv3report-|mtnlg-530b-|bloom-176b-)", r.Name));
        // BF16 parameter states (bf16_states): NeMo AutoModel's rows, all of them, and no other.
        PublishedRun[] bf16 = Carrying("bf16_states");
        Assert.Equal(7, bf16.Length);
        Assert.All(bf16, r => Assert.StartsWith("automodel-", r.Name));
        Assert.All(bf16, r => Assert.EndsWith("bf16_states=on", r.Switches, StringComparison.Ordinal));
        Assert.Equal(bf16.Length, Validator.AllRuns.Count(r => r.Group.StartsWith("nemo-automodel", StringComparison.Ordinal)));
        // No other row sets a switch.
        Assert.Equal(unfused.Concat(fp8).Concat(dedup).Concat(bf16).Concat(production).Distinct().Count(), Validator.AllRuns.Count(r => r.Switches.Length > 0));
    }

    private static PublishedRun[] Carrying(string name) => [.. Validator.AllRuns.Where(r => r.Switches.Contains(name, StringComparison.Ordinal))];

    [Fact]
    public void Dedup_dispatch_that_cannot_act_is_noted()
    {
        string[] job = ["estimate", "--model", "qwen3-235b-a22b", "--hardware", "h100-sxm5-80gb", "--gpus", "256", "--global-batch", "2048",
            "--seq-len", "4096", "--tp", "2", "--pp", "8", "--interleave", "4", "--micro-batch", "1", "--switches", "dedup_dispatch=on"];
        CliRun inNode = CliRun.Of([.. job, "--ep", "8"]);
        Assert.Contains("note: dedup_dispatch=on has no effect: the expert group (8 GPUs) fits in one node of 8", inNode.Err);
        CliRun across = CliRun.Of([.. job, "--ep", "32"]);
        Assert.DoesNotContain("dedup_dispatch=on has no effect", across.Err);
        Assert.DoesNotContain("priced with NCCL's all-to-all", across.Err);
        Assert.Contains("switches set by --switches: dedup_dispatch on", across.Out);
        // Without the switch, an expert group across nodes says which dispatcher it is priced with.
        CliRun allToAll = CliRun.Of([.. job[..^2], "--ep", "32"]);
        Assert.Contains("note: the expert group (32 GPUs) spans nodes of 8 and is priced with NCCL's all-to-all; for DeepEP or HybridEP, "
            + "which send a token once per node, add --switches dedup_dispatch=on", allToAll.Err);
        Assert.DoesNotContain("priced with NCCL's all-to-all", CliRun.Of([.. job[..^2], "--ep", "8"]).Err);
        CliRun dense = CliRun.Of(["estimate", "--model", "llama3-8b", "--gpus", "8", "--global-batch", "16", "--switches", "dedup_dispatch=on"]);
        Assert.Contains("note: dedup_dispatch=on has no effect: the model has no experts to dispatch to", dense.Err);
    }

    [Fact]
    public void Fp8_attention_that_cannot_act_is_noted()
    {
        string[] job = ["estimate", "--model", "llama3-8b", "--gpus", "8", "--seq-len", "8192", "--global-batch", "16", "--switches", "fp8_attention=on"];
        CliRun bf16 = CliRun.Of([.. job, "--hardware", "gb300-279gb", "--precision", "bf16"]);
        Assert.Contains("note: fp8_attention=on has no effect: attention runs in FP8 only with an 8- or 4-bit recipe, and this one is bf16", bf16.Err);
        CliRun amd = CliRun.Of([.. job, "--hardware", "mi300x", "--precision", "fp8"]);
        Assert.Contains("note: fp8_attention=on has no effect: mi300x has no measured FP8 attention speed", amd.Err);
        CliRun acting = CliRun.Of([.. job, "--hardware", "gb300-279gb", "--precision", "nvfp4"]);
        Assert.DoesNotContain("fp8_attention=on has no effect", acting.Err);
        Assert.Contains("switches set by --switches: fp8_attention on", acting.Out);
    }

    [Fact]
    public void The_command_line_sets_switches_and_says_so()
    {
        string[] job = ["estimate", "--model", "llama3-70b", "--hardware", "h100-sxm5-80gb", "--gpus", "64", "--tp", "4", "--pp", "2"];
        double overlapped = CliRun.Json(job).GetProperty("mfu").GetDouble();
        double exposed = CliRun.Json([.. job, "--switches", "tp_comm_overlap=off"]).GetProperty("mfu").GetDouble();
        Assert.True(exposed < overlapped, $"{exposed} vs {overlapped}");
        Assert.Contains("switches set by --switches: tp_comm_overlap off", CliRun.Of([.. job, "--switches", "tp_comm_overlap=off"]).Out);

        CliRun bad = CliRun.Of([.. job, "--switches", "overlap=off"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("computesim: error: --switches: 'overlap' is not a switch", bad.Err, StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of([.. job, "--utilization", "0.4", "--switches", "cuda_graphs=on"]).ExitCode);
    }
}
