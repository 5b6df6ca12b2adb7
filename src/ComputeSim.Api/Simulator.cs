using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// The front door: each use case as a request and a result. The command line, a notebook or a web page call
/// these and format the results as they like; input errors are <see cref="InputException"/>s whose subject is
/// the request field (<see cref="Fields"/>).
/// </summary>
public static class Simulator
{
    /// <summary>One job on one accelerator: FLOPs, time, cost, energy, memory, and its plan.</summary>
    public static EstimateResult Estimate(EstimateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notes = new StringWriter();
        HardwareProfile profile = PriceSources.Select([ProfileCatalog.Get(request.Hardware)], request.PriceSource, notes)[0];
        JobSettings settings = JobSettings.Resolve(request.Job, request.Layout.SeqLen);
        RefuseUnpredicted(request.Job, settings, request.Layout);
        ParallelSettings? predicted = settings.Predict ? request.Layout.Resolve(settings.Shape, settings.Gpus, [profile.Name]) : null;
        if (request.Layouts is < 0 or > 1000)
            throw new InputException(Fields.Layouts, $"{request.Layouts} is out of range 0..1000");
        if (request.Layouts > 0 && predicted is null)
            throw new InputException(Fields.Layouts, "only when predicting (give no utilisation or achieved TFLOP/s)");
        if (predicted is ParallelSettings p)
            NoteIdleFp8Attention(p.Cluster, settings.Precision, profile, notes);
        Estimate e = Named(Estimation.Run(profile, settings, predicted), request.Layout, predicted is not null);
        if (predicted is ParallelSettings q && e.Predicted is LayoutChoice chosen)
            NoteDispatcher(q.Cluster, e.Settings.Shape!.Value, chosen.Layout, notes);
        var runnersUp = request.Layouts > 0 ? RunnersUp(e, predicted!.Value, request.Layouts) : [];
        PlanningSettings plan = Planning(request.Layout, request.Planning, settings.Assumptions, [profile.Name]);
        PlannedRun planned = PlannedRun.Of([(0, e.Row.Job, e.Row.Result, e.Profile.Spec, double.IsFinite(e.Row.Result.CostUsd))], [predicted ?? default], plan, Warn(notes))[0];
        return new EstimateResult(e, planned, plan, runnersUp, Lines(notes));
    }

    /// <summary>The same job on each accelerator, side by side.</summary>
    public static CompareResult Compare(CompareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JobSettings settings = JobSettings.Resolve(request.Job, request.Layout.SeqLen);
        RefuseUnpredicted(request.Job, settings, request.Layout);
        var notes = new StringWriter();
        IReadOnlyList<HardwareProfile> profiles = PriceSources.Select(
            request.Hardware is null ? ProfileCatalog.All : HardwareList.Resolve(string.Join(',', request.Hardware), Fields.Hardware), request.PriceSource, notes);
        IReadOnlyDictionary<string, double> named = request.PricesByName ?? new Dictionary<string, double>();
        AcceleratorPrices.CheckNames(named, profiles, Fields.PricePerGpuHourUsd);
        JobSettings For(HardwareProfile p) => named.TryGetValue(p.Name, out double usd) ? settings with { PricePerGpuHourUsd = usd } : settings;
        // Predicting needs the chip's measured GEMM efficiency; chips without it are listed, not guessed.
        var skipped = profiles.Where(p => !p.Supports(settings.Precision) || (settings.Predict && p.File.MatmulEfficiency is null)).Select(p => p.Name).ToList();
        // Each accelerator runs on its own reference cluster unless one is named.
        var chosen = profiles.Where(p => !skipped.Contains(p.Name))
            .Select(p => (Profile: p, Parallel: settings.Predict ? request.Layout.Resolve(settings.Shape, settings.Gpus, [p.Name]) : (ParallelSettings?)null))
            .ToList();
        // An accelerator on which no layout fits the job is left out and named; only if none fits is that an error.
        var noFit = new List<(string Name, InputException Why)>();
        var fitted = chosen
            .Select(c => (c.Profile, c.Parallel, Estimate: c.Parallel is ParallelSettings p
                ? Estimation.RunIfAnyFits(c.Profile, For(c.Profile), p, out InputException? why) is Estimate e ? Named(e, request.Layout, true) : Refused(c.Profile.Name, why!)
                : Estimation.Run(c.Profile, For(c.Profile) with { AchievedTflops = null, Utilization = UtilizationFor(c.Profile, settings) })))
            .ToList();
        Estimate? Refused(string name, InputException why)
        {
            noFit.Add((name, why));
            return null;
        }
        chosen = [.. fitted.Where(f => f.Estimate is not null).Select(f => (f.Profile, f.Parallel))];
        var estimates = fitted.Select(f => f.Estimate).OfType<Estimate>().ToList();
        if (estimates.Count == 0 && noFit.Count > 0)
            throw noFit[0].Why;
        if (noFit.Count > 0)
            notes.WriteLine($"note: no layout fits the job on {Format.Human(settings.Gpus)} GPUs of these, so they are not compared (add GPUs): {string.Join(", ", noFit.Select(n => n.Name))}");
        if (estimates.Count == 0)
            throw new InputException(Fields.Precision, $"none of the chosen hardware supports {PrecisionNames.Name(settings.Precision)}");
        PlanningSettings plan = Planning(request.Layout, request.Planning, settings.Assumptions, [.. estimates.Select(e => e.Profile.Name)]);
        // Each accelerator is planned with the settings of its own cluster, in one Monte Carlo run.
        PlannedRun[] plans = [.. PlannedRun.Of([.. estimates.Select((e, i) => ((long)i, e.Row.Job, e.Row.Result, e.Profile.Spec, double.IsFinite(e.Row.Result.CostUsd)))],
            [.. chosen.Select(c => c.Parallel ?? default)], plan, Warn(notes))];
        estimates = estimates.Select(e => e with { Row = e.Row.Planned(e.Profile.Spec, plan.Assumptions) }).ToList();
        PriceSources.WarnIfMixed(estimates.Where(e => double.IsFinite(e.Row.Result.CostUsd))
            .Select(e => (e.Profile, e.Settings.PricePerGpuHourUsd is not null)), notes);
        return new CompareResult(settings, estimates, plans, plan, skipped, Lines(notes));
    }

    /// <summary>A grid of jobs, reduced to the best points, the best per accelerator and the Pareto front, with the kept points planned.</summary>
    /// <param name="request">The grid.</param>
    /// <param name="progress">Receives the points done, or null.</param>
    /// <param name="cancel">Stops the sweep; an interrupted sweep is an <see cref="OperationCanceledException"/>.</param>
    public static SweepReport Sweep(SweepRequest request, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notes = new StringWriter();
        SweepProblem problem = request.Problem(notes, out (HardwareProfile Profile, bool Given)[] pricing);
        PlanningSettings planning = Planning(request.Layout, request.Planning, problem.Spec.Assumptions, problem.HardwareNames);
        PlannedRun.CheckDraws(planning, problem.Spec.Parallel.Enabled != 0);
        var run = SweepRunSettings.Plain(request.Backend);
        SweepOutcome outcome = SweepExecution.Run(problem, new SweepOptions(request.Top, request.Pareto), run,
            new SweepHooks(Warn(notes), progress, cancel));
        if (outcome.Result is not SweepResult result)
            throw new OperationCanceledException($"the sweep was cancelled after {outcome.Done:N0} of {outcome.Total:N0} points", cancel);
        PriceSources.WarnIfMixed(result.Top.Concat(result.Pareto).Concat(result.BestPerHardware.OfType<RankedPoint>())
            .Select(p => pricing[problem.HardwareOf(p.Index)]), notes);
        return new SweepReport(problem, result, outcome.Backend, planning, SweepPlans.For(problem, result, planning, Warn(notes)), Lines(notes));
    }

    /// <summary>The model size, tokens, accelerator and cluster that answer a planning question, each reported configuration planned.</summary>
    /// <param name="request">The question.</param>
    /// <param name="progress">Receives the points done, or null.</param>
    /// <param name="cancel">Stops the plan's sweep; then an <see cref="OperationCanceledException"/>.</param>
    public static PlanOutcome Plan(PlanRequest request, IProgress<long>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notes = new StringWriter();
        (PlanGrid grid, NamedLaw law) = request.Resolve(notes);
        SweepProblem problem = Planner.Problem(grid);
        // Planning is checked before the sweep: bad input should not wait for a long predicted run.
        PlanningSettings planning = Planning(request.Layout, request.Planning, problem.Spec.Assumptions, problem.HardwareNames);
        PlannedRun.CheckDraws(planning, problem.Spec.Parallel.Enabled != 0);
        var run = SweepRunSettings.Plain(request.Backend);
        SweepOutcome outcome = SweepExecution.Run(problem, Planner.Options(problem, grid.RunnerUps), run, new SweepHooks(Warn(notes), progress, cancel));
        if (outcome.Result is not SweepResult result)
            throw new OperationCanceledException($"the plan was cancelled after {outcome.Done:N0} of {outcome.Total:N0} points", cancel);
        PlanAnswer answer = Planner.Summarise(problem, result, grid.RunnerUps);
        return new PlanOutcome(grid, law, problem, answer, outcome.Backend, planning, PlanRuns(planning, problem, answer, Warn(notes)), Lines(notes));
    }

    /// <summary>The reported configurations planned with failures, energy, carbon, price tiers and any Monte Carlo, by grid index.</summary>
    /// <param name="settings">The planning settings.</param>
    /// <param name="problem">The plan's grid.</param>
    /// <param name="answer">The plan's answer.</param>
    /// <param name="warn">Told why a GPU the Monte Carlo's auto backend saw could not be used.</param>
    public static IReadOnlyDictionary<long, PlannedRun> PlanRuns(PlanningSettings settings, SweepProblem problem, PlanAnswer answer, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(answer);
        List<PlanPoint> points = [.. new[] { answer.Best }.Concat(answer.RunnerUps).Concat(answer.BestPerHardware).OfType<PlanPoint>().DistinctBy(p => p.Index)];
        IReadOnlyList<PlannedRun> runs = PlannedRun.Of(
            [.. points.Select(p => (p.Index, p.Job, p.Result, problem.Hardware[p.Job.Hardware], double.IsFinite(p.Result.CostUsd)))],
            SweepPlans.Settings(problem, points.Select(p => p.Job.Hardware)), settings, warn);
        return points.Select((p, i) => (p.Index, runs[i])).ToDictionary(x => x.Index, x => x.Item2);
    }

    /// <summary>The planning settings for a job's assumptions on the request's cluster for <paramref name="hardware"/>
    /// (<see cref="LayoutRequest.ClusterOf"/>).</summary>
    public static PlanningSettings Planning(LayoutRequest layout, PlanningRequest planning, in Assumptions assumptions, IReadOnlyCollection<string> hardware)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(planning);
        (ClusterProfile cluster, int gpusPerNode) = layout.ClusterOf(hardware);
        return planning.Resolve(cluster, gpusPerNode, assumptions);
    }

    // A bad software name or switch is refused at any level; the other L2 inputs, where the utilisation is not predicted, are refused
    // rather than ignored (the cluster stays: it plans failures and checkpoints).
    private static void RefuseUnpredicted(JobRequest job, JobSettings settings, LayoutRequest layout)
    {
        layout.CheckSoftware();
        if (settings.Predict)
            return;
        layout.RefuseUnpredicted(job.Shape, job.Utilization is not null || job.AchievedTflops is not null
            ? "drop it, or drop the utilisation (or achieved TFLOP/s) given"
            : $"{settings.ModelName} is not a decoder it predicts; drop it");
    }

    // A prediction names the cluster it ran on.
    private static Estimate Named(Estimate e, LayoutRequest layout, bool predicted) =>
        predicted ? e with { Cluster = layout.ClusterName([e.Profile.Name], out _) } : e;

    private static Action<string> Warn(StringWriter notes) => line => notes.WriteLine(line);

    // fp8_attention only acts with an 8- or 4-bit recipe on a chip whose FP8 attention kernel is measured; say so where it cannot.
    private static void NoteIdleFp8Attention(in ClusterSpec cluster, Precision precision, HardwareProfile profile, StringWriter notes)
    {
        if (cluster.Fp8Attention == 0 || LayerModel.RunsFp8Attention(precision, profile.Spec, cluster))
            return;
        string why = PrecisionNames.IsNarrow(precision)
            ? $"{profile.Name} has no measured FP8 attention speed (fp8_attention_speed), so attention is priced in BF16"
            : $"attention runs in FP8 only with an 8- or 4-bit recipe, and this one is {PrecisionNames.Name(precision)}";
        notes.WriteLine($"note: fp8_attention=on has no effect: {why}");
    }

    // dedup_dispatch only acts where the expert group spans nodes; say so where the chosen layout keeps it in one, and where the
    // group spans nodes without it, say which dispatcher is priced (DeepEP or HybridEP change the answer by tens of percent).
    private static void NoteDispatcher(in ClusterSpec cluster, in TransformerShape shape, in Layout layout, StringWriter notes)
    {
        bool spans = shape.IsMoe && LayerModel.ExpertGroupSpansNodes(layout, cluster);
        if (cluster.DedupDispatch == 0 && spans)
            notes.WriteLine($"note: the expert group ({layout.Ep} GPUs) spans nodes of {cluster.GpusPerNode} and is priced with NCCL's "
                + "all-to-all; for DeepEP or HybridEP, which send a token once per node, add --switches dedup_dispatch=on");
        if (cluster.DedupDispatch == 0 || spans)
            return;
        string why = shape.IsMoe
            ? $"the expert group ({layout.Ep} GPUs) fits in one node of {cluster.GpusPerNode}"
            : "the model has no experts to dispatch to";
        notes.WriteLine($"note: dedup_dispatch=on has no effect: {why}");
    }

    // With an achieved TFLOP/s the same throughput cannot hold on every chip; it is capped at each chip's peak.
    private static double UtilizationFor(HardwareProfile p, JobSettings s) =>
        s.Utilization ?? Math.Min(1.0, s.AchievedTflops!.Value * TrainingCost.FlopsPerTflop / p.Spec.PeakFlops(s.Precision));

    // The k fastest layouts that fit, each with where its step's seconds go.
    private static IReadOnlyList<(Layout Layout, StepResult Step, StepParts Parts)> RunnersUp(Estimate e, ParallelSettings p, int k)
    {
        var top = new TopLayouts();
        TransformerShape shape = e.Settings.Shape!.Value;
        double batch = p.BatchFor(e.Settings.Gpus, shape);
        LayoutSearch.Search(shape, (int)e.Settings.Gpus, batch, e.Profile.Spec, e.Settings.Precision, p.Cluster, p.Space, ref top);
        return [.. top.Fastest(k).Select(x => (x.Layout, x.Step, StepBreakdown.Of(shape, x.Layout, batch, e.Profile.Spec, e.Settings.Precision, p.Cluster)))];
    }

    private static string[] Lines(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
