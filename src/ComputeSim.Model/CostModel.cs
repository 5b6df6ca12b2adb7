namespace ComputeSim.Model;

/// <summary>Evaluates one configuration with the L0 formulas of <see cref="TrainingCost"/>.</summary>
/// <remarks>Kernel-safe: value types only, no allocation, no exceptions, no NaN sentinels.</remarks>
public static class CostModel
{
    /// <summary>Prices one job on one accelerator.</summary>
    public static PointResult Evaluate(in TrainingJob job, in AcceleratorSpec hardware, in Assumptions assumptions) =>
        L0Row.Of(job, hardware, assumptions).At(job.Gpus);

    /// <summary>
    /// Prices one job at level L2: searches the layouts for the fastest that fits, and turns its step
    /// time into wall-clock time, GPU-hours, cost and energy with the same L0 formulas.
    /// </summary>
    public static PointResult EvaluatePredicted(in TrainingJob job, in AcceleratorSpec hardware, in Assumptions assumptions, in ParallelSettings parallel) =>
        EvaluatePredicted(job, hardware, assumptions, parallel, SearchLayout(job, hardware, parallel));

    /// <summary>
    /// The layout search of <see cref="EvaluatePredicted(in TrainingJob, in AcceleratorSpec, in Assumptions, in ParallelSettings)"/>:
    /// it depends on the job's parameters, GPUs and precision and the accelerator, not on its tokens, utilisation or price,
    /// so points that differ only in those may share one search.
    /// </summary>
    public static LayoutChoice SearchLayout(in TrainingJob job, in AcceleratorSpec hardware, in ParallelSettings parallel) =>
        SearchLayout(job, hardware, parallel, default);

    /// <summary><see cref="SearchLayout(in TrainingJob, in AcceleratorSpec, in ParallelSettings)"/> with a layout likely to be fast
    /// (<see cref="LayoutSearch.Fastest(in TransformerShape, int, double, in AcceleratorSpec, Precision, in ClusterSpec, in LayoutSpace, in Layout)"/>):
    /// the same result, sooner.</summary>
    public static LayoutChoice SearchLayout(in TrainingJob job, in AcceleratorSpec hardware, in ParallelSettings parallel, in Layout hint)
    {
        if (!CanPredict(hardware, job.Precision))
            return new LayoutChoice();
        TransformerShape shape = parallel.ShapeFor(job.Parameters);
        return LayoutSearch.Fastest(shape, (int)job.Gpus, parallel.BatchFor(job.Gpus, shape), hardware, job.Precision, parallel.Cluster, parallel.Space, hint);
    }

    /// <summary>True if the accelerator has the precision and a measured matmul efficiency to predict with: else no layout is searched.</summary>
    public static bool CanPredict(in AcceleratorSpec hardware, Precision precision) =>
        hardware.PeakFlops(precision) > 0.0 && hardware.MatmulEfficiency > 0.0;

    /// <summary>Prices one job at level L2 with the <paramref name="choice"/> that <see cref="SearchLayout"/> returned for it.</summary>
    public static PointResult EvaluatePredicted(in TrainingJob job, in AcceleratorSpec hardware, in Assumptions assumptions, in ParallelSettings parallel,
        in LayoutChoice choice)
    {
        TransformerShape shape = parallel.ShapeFor(job.Parameters);
        double peak = hardware.PeakFlops(job.Precision);
        var r = new PointResult();
        if (peak <= 0.0)
            r.Status |= PointStatus.PrecisionUnsupported;
        if (hardware.MatmulEfficiency <= 0.0)
            r.Status |= PointStatus.ModelInputMissing;
        double batch = parallel.BatchFor(job.Gpus, shape);
        if (choice.Found == 0)
            r.Status |= PointStatus.DoesNotFit;

        double steps = parallel.Steps(job.Tokens, job.Gpus, shape);
        // A point with no layout keeps +Infinity time, so no objective can pick it.
        double stepSeconds = choice.Found != 0 ? choice.Step.StepTimeSeconds : double.PositiveInfinity;
        double seconds = steps * stepSeconds;
        double flops = steps * shape.ModelFlopsPerSequence * batch;
        double gpuHours = TrainingCost.GpuHours(seconds, job.Gpus);
        r.TotalFlops = flops;
        r.AchievedFlopsPerGpu = flops / seconds / job.Gpus;
        r.WallClockDays = seconds / TrainingCost.SecondsPerDay;
        r.GpuHours = gpuHours;
        r.CostUsd = TrainingCost.CostUsd(gpuHours, job.PricePerGpuHourUsd);
        r.EnergyMwh = TrainingCost.EnergyMwh(hardware.BoardPowerWatts * assumptions.WattsPerBoardWatt, job.Gpus, seconds, 1.0);
        r.MinGpusForTrainingState = TrainingCost.MinDevices(TrainingCost.MemoryBytes(shape.Parameters, assumptions.StateBytesPerParam), hardware.MemoryBytes);
        r.Mfu = peak > 0.0 ? r.AchievedFlopsPerGpu / peak : 0.0;
        r.StepTimeSeconds = stepSeconds;
        r.MemoryPerGpuBytes = choice.Step.Memory.TotalBytes;
        r.Layout = choice.Layout;
        if (choice.Found != 0 && !(IsFinite(flops) && IsFinite(seconds) && IsFinite(r.CostUsd) && IsFinite(r.EnergyMwh)))
            r.Status |= PointStatus.Overflow;
        return r;
    }

    private static bool IsFinite(double x) => L0Row.IsFinite(x);
}
