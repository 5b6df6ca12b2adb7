using ComputeSim.Engine.Validation;
using ComputeSim.Model;
using ComputeSim.Tests.Cli;

namespace ComputeSim.Tests.Parallel;

/// <summary>The shipped file of held-out errors (data/calibration/held-out/errors.tsv) that the accuracy band reads.</summary>
public class HeldOutErrorsTests
{
    /// <summary>The file is what <c>validate --leave-one-source-out</c> gives now: every public run, each error within 1e-9 of a
    /// fresh fit without the run's source. A change to the model, its constants or the set that leaves the file stale fails here;
    /// scripts/calibration/held-out-errors.sh rewrites it.</summary>
    [Fact]
    public void The_shipped_file_is_a_fresh_leave_one_source_out_run()
    {
        var runs = Validator.AllRuns;
        Assert.Equal(runs.Select(r => r.Name).Order(StringComparer.Ordinal), HeldOutErrors.All.Keys.Order(StringComparer.Ordinal));
        var held = new Calibrator(TestData.Spec, TestData.Cluster).LeaveOneSourceOut(runs, CalibrationConstants.Shipped);
        var stale = held.Where(r => !(double.IsFinite(r.Predicted)
                ? Math.Abs(r.RelativeError - HeldOutErrors.Of(r.Run.Name)) <= 1e-9
                : double.IsNaN(HeldOutErrors.Of(r.Run.Name))))
            .Select(r => $"{r.Run.Name}: file {HeldOutErrors.Of(r.Run.Name):G6}, now {r.RelativeError:G6}").ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} stale (run scripts/calibration/held-out-errors.sh): {string.Join("; ", stale.Take(3))}");
    }

    private static IReadOnlyList<PublishedRun> MlperfSix() => TestData.Sheet("mlperf-v6.0.tsv");

    /// <summary>MLPerf Training 6.0's runs, kept out of the set (data/calibration/RESEARCH-NOTES.md), have the calibration files'
    /// columns, as docs/calibration.md (part 16) says, so <c>validate --runs</c> predicts every one of them.</summary>
    [Fact]
    public void The_mlperf_6_sheet_is_a_runs_file_outside_the_set()
    {
        var runs = MlperfSix();
        Assert.Equal(40, runs.Count);
        Assert.DoesNotContain(runs, r => Validator.AllRuns.Any(p => p.Name == r.Name));
        Assert.All(new Calibrator(TestData.Spec, TestData.Cluster).Predict(runs, null), r => Assert.True(double.IsFinite(r.Predicted), r.Run.Name));
    }

    /// <summary>MLPerf Training 6.0 (mlcommons/training_results_v6.0), DeepSeek-V3 671B in MXFP8 on GB300 with whole-iteration CUDA
    /// graphs: NVIDIA's 256 and 512 GPUs and CoreWeave's 2,048, 4,096 and 8,192, runs no fit has seen. Measured −13.3% to −0.9% (−11.9% to +4.4% before part 31)
    /// (docs/calibration.md, parts 16, 17 and 23); tolerance 15%, the issue's bound. The whole sheet's median |error| is held near its
    /// measured 8.1% (40 runs; 12.0% before part 32 priced a sliding window's attention at the speed cuDNN measures for it, 11.1%
    /// before part 31, 11.3% before part 23) so that a change that moves it is seen.</summary>
    [Fact]
    public void Mlperf_6s_deepseek_v3_on_gb300_is_predicted_within_15_percent()
    {
        var rows = new Calibrator(TestData.Spec, TestData.Cluster).Predict(MlperfSix(), null);
        var gb300 = rows.Where(r => r.Run.Name.Contains("dsv3", StringComparison.Ordinal) && r.Run.Hardware == "gb300-279gb").ToList();
        Assert.Equal(5, gb300.Count);
        Assert.All(gb300, r => Assert.InRange(r.RelativeError, -0.15, 0.15));
        double median = Percentiles.Interpolated([.. rows.Select(r => Math.Abs(r.RelativeError)).Order()], 0.5);
        Assert.InRange(median, 0.06, 0.14);
    }

    /// <summary>MLPerf Training 6.0's GPT-OSS 20B on one node or a few, data parallel only, in MXFP8 with whole-iteration CUDA graphs:
    /// on Blackwell Ultra (ASUSTeK, Inventec, HPE, Nebius, GigaComputing and Dell's two systems on 8 B300, Dell on 16, NVIDIA on 8
    /// GB300, HPE on 16 and 32) measured +4.1% to +7.9%, tolerance 12%; on Blackwell (Lambda, Supermicro and Dell on 8 B200,
    /// NVIDIA on 8 GB200) +18.9% to +23.8%, held between 12% and 35% fast so that the gap between the two generations is seen
    /// (docs/calibration.md, part 18; +8.1% to +12.0% and +23.2% to +28.1% after part 31's refit, before part 32 priced their
    /// sliding-window layers' attention at the speed cuDNN measures for it).</summary>
    [Fact]
    public void Mlperf_6s_data_parallel_gpt_oss_runs_are_within_12_percent_on_blackwell_ultra_and_fast_on_blackwell()
    {
        var rows = new Calibrator(TestData.Spec, TestData.Cluster).Predict(MlperfSix(), null)
            .Where(r => r.Run.Name.Contains("gptoss", StringComparison.Ordinal) && r.Choice.Layout.Expert == 1 && r.Choice.Layout.Context == 1
                && r.Choice.Layout.Tp == 1 && r.Run.Software == Software.MegatronCoreGraphs).ToList();
        var ultra = rows.Where(r => r.Run.Hardware is "b300-sxm-288gb" or "gb300-279gb").ToList();
        var blackwell = rows.Where(r => r.Run.Hardware is "b200-sxm-192gb" or "gb200-186gb").ToList();
        Assert.Equal(11, ultra.Count);
        Assert.Equal(4, blackwell.Count);
        Assert.All(ultra, r => Assert.InRange(r.RelativeError, -0.12, 0.12));
        Assert.All(blackwell, r => Assert.InRange(r.RelativeError, 0.12, 0.35));
    }

    /// <summary>AMD Instinct runs kept out of the set (data/calibration/sheet/amd-instinct.tsv): MLPerf Training 5.1's Llama 3.1 8B
    /// on 8 MI355X from three partners running AMD's recipe, and Primus's one-node MI325X Llama 3.1 rows. The model is slow on
    /// every one, as on AMD's own MI355X run in the set (measured −11.3% to −20.1%); held between −25% and −5% so that a change
    /// that moves AMD's record is seen (docs/calibration.md, part 18).</summary>
    [Fact]
    public void Amds_runs_outside_the_set_are_predicted_slow()
    {
        var runs = TestData.Sheet("amd-instinct.tsv");
        Assert.Equal(5, runs.Count);
        Assert.DoesNotContain(runs, r => Validator.AllRuns.Any(p => p.Name == r.Name));
        Assert.All(new Calibrator(TestData.Spec, TestData.Cluster).Predict(runs, null), r => Assert.InRange(r.RelativeError, -0.25, -0.05));
    }

    [Fact]
    public void Held_out_the_set_errs_more_than_in_sample_but_within_the_issues_10_percent()
    {
        double[] held = [.. HeldOutErrors.All.Values.Where(double.IsFinite).Select(Math.Abs).Order()];
        var rows = new Calibrator(TestData.Spec, TestData.Cluster).Predict(Validator.AllRuns, null);
        double[] inSample = [.. rows.Where(r => double.IsFinite(r.Predicted)).Select(r => Math.Abs(r.RelativeError)).Order()];
        double heldMedian = Percentiles.Interpolated(held, 0.5), inSampleMedian = Percentiles.Interpolated(inSample, 0.5);
        // Measured 7.4% held out by source family against 6.7% in sample.
        Assert.InRange(heldMedian, inSampleMedian, 0.10);
    }

    [Fact]
    public void Validate_shows_the_shipped_held_out_errors_without_refitting()
    {
        var rows = CliRun.Json("validate").EnumerateArray().ToList();
        Assert.Equal(Validator.AllRuns.Count, rows.Count);
        // Within 1e-12 (JSON keeps the value to its last bit or two; rounding both to 12 places can split a tie).
        Assert.All(rows, r => Assert.Equal(HeldOutErrors.Of(r.GetProperty("run").GetString()!), r.GetProperty("held_out_relative_error").GetDouble(), 1e-12));
        double[] held = [.. HeldOutErrors.All.Values.Where(double.IsFinite).Select(Math.Abs).Order()];
        string all = CliRun.Of("validate").Out.Split('\n').Single(l => l.StartsWith("all ", StringComparison.Ordinal));
        Assert.EndsWith((100 * Percentiles.Interpolated(held, 0.5)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", all.TrimEnd());
    }

    [Theory]
    [InlineData("run_id\theld_out_relative_error\nrun-a\t0.1\textra\n", "3 cells")]
    [InlineData("run_id\theld_out_relative_error\nrun-a\tfast\n", "'fast' is not a number")]
    public void A_malformed_file_is_refused_naming_the_line(string text, string expected)
    {
        var e = Assert.Throws<InputException>(() => HeldOutErrors.Parse(text));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
