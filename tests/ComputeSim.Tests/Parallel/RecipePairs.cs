using ComputeSim.Engine.Validation;
using ComputeSim.Model;

namespace ComputeSim.Tests.Parallel;

/// <summary>Runs NVIDIA publishes in two precisions with everything else equal (system, model, GPUs, layout, batch and release),
/// and how far the model's ratio between the two is from the published one.</summary>
internal static class RecipePairs
{
    /// <summary>Each run of <paramref name="runs"/> in <paramref name="precision"/> with the public set's run of the same table in
    /// <paramref name="partner"/>.</summary>
    public static List<(PublishedRun Run, PublishedRun Partner)> Of(IEnumerable<PublishedRun> runs, Precision precision, Precision partner) =>
        [.. from run in runs
            where run.Precision == precision
            from other in Validator.AllRuns
            where other.Precision == partner && other.Group == run.Group && other.Hardware == run.Hardware && other.Gpus == run.Gpus
                  && other.GlobalBatch == run.GlobalBatch && other.Shape.Equals(run.Shape) && other.Space.Equals(run.Space)
            select (run, other)];

    /// <summary>Mean over the pairs of ln(model's run/partner ratio) − ln(published ratio), the run priced in
    /// <paramref name="priceRunAs"/> where given.</summary>
    public static double MeanRatioError(List<(PublishedRun Run, PublishedRun Partner)> pairs, Precision? priceRunAs = null)
    {
        var calibrator = new Calibrator(TestData.Spec, TestData.Cluster);
        var runs = calibrator.Predict([.. pairs.Select(p => priceRunAs is Precision other ? p.Run with { Precision = other } : p.Run)], null);
        var partners = calibrator.Predict([.. pairs.Select(p => p.Partner)], null);
        return pairs.Select((p, i) => Math.Log(runs[i].Predicted / partners[i].Predicted) - Math.Log(p.Run.Published / p.Partner.Published)).Average();
    }

    /// <summary>A step of Llama 3 70B on 64 B200 (TP 2, PP 4, interleaved 5, Megatron-Core) in <paramref name="precision"/> over
    /// the same step in FP8: the layout both the MXFP8 and the 4-bit tests price against FP8. Asserts that the step is valid and
    /// holds FP8's FLOPs and memory (the recipes change how fast the GEMMs run, not what is computed or stored).</summary>
    public static double Llama70bStepOverFp8OnB200(Precision precision)
    {
        StepResult fp8 = Llama70bStepOnB200(Precision.Fp8), step = Llama70bStepOnB200(precision);
        Assert.Equal(1, step.Valid);
        Assert.Equal(fp8.ModelFlopsPerStep, step.ModelFlopsPerStep);
        Assert.Equal(fp8.Memory.TotalBytes, step.Memory.TotalBytes);
        return step.StepTimeSeconds / fp8.StepTimeSeconds;
    }

    private static StepResult Llama70bStepOnB200(Precision precision)
    {
        TransformerShape shape = ModernPresets.All.Single(p => p.Name == "llama3-70b").Shape;
        ClusterSpec cluster = TrainingSoftware.WithSoftware(TestData.Cluster("dgx-b200-ndr400"), Software.MegatronCore);
        var layout = new Layout { Tp = 2, Pp = 4, Dp = 8, MicroBatch = 1, Interleave = 5, SequenceParallel = 1, Zero = 1 };
        return StepModel.Evaluate(shape, layout, 128, TestData.Spec("b200-sxm-192gb"), precision, cluster);
    }
}
