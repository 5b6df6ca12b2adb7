using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>
/// Which model size, tokens, accelerator and cluster: the lowest predicted loss within a budget, deadline and GPU
/// cap, or the cheapest (fastest) way to a target loss: <see cref="Simulator.Plan"/>.
/// </summary>
public sealed record PlanRequest
{
    /// <summary>Budget for training, USD, or null.</summary>
    public double? MaxCostUsd { get; init; }
    /// <summary>Deadline, wall-clock days, or null.</summary>
    public double? MaxDays { get; init; }
    /// <summary>Largest cluster allowed, or null.</summary>
    public double? MaxGpus { get; init; }
    /// <summary>Profile names or .json files to choose from, or null for every profile with a public price.</summary>
    public IReadOnlyList<string>? Hardware { get; init; }
    /// <summary>A price axis for every accelerator, USD per GPU-hour, or null.</summary>
    public IReadOnlyList<double>? PriceAxis { get; init; }
    /// <summary>Prices per accelerator name (the others keep their profile's), or null.</summary>
    public IReadOnlyDictionary<string, double>? PricesByName { get; init; }
    /// <summary>Scaling law name (<see cref="ScalingLaws.All"/>).</summary>
    public string Law { get; init; } = ScalingLaws.DefaultName;
    /// <summary>Reach this predicted loss at the lowest cost (or time) instead of minimising loss, or null.</summary>
    public double? TargetLoss { get; init; }
    /// <summary>With a target loss: minimise cost or time.</summary>
    public ObjectiveKind Objective { get; init; } = ObjectiveKind.Cost;
    /// <summary>Tokens the model will serve (a target loss and the cost objective minimise training + inference cost).</summary>
    public double InferenceTokens { get; init; }
    /// <summary>Candidate parameter counts.</summary>
    public IReadOnlyList<double> Params { get; init; } = GridDefaults.Axis(GridDefaults.PlanParams);
    /// <summary>Candidate training tokens per parameter.</summary>
    public IReadOnlyList<double> TokensPerParam { get; init; } = GridDefaults.Axis(GridDefaults.PlanTokensPerParam);
    /// <summary>Candidate cluster sizes.</summary>
    public IReadOnlyList<double> Gpus { get; init; } = GridDefaults.Axis(GridDefaults.PlanGpus, wholeNumbers: true);
    /// <summary>Matrix precision.</summary>
    public Precision Precision { get; init; } = Defaults.PlanPrecision;
    /// <summary>Utilisation axis at L0 (unused when predicting).</summary>
    public IReadOnlyList<double> Utilizations { get; init; } = [Defaults.Utilization.Value];
    /// <summary>Predict utilisation with the L2 model at every point.</summary>
    public bool Predict { get; init; }
    /// <summary>PUE, bytes per parameter, energy scope.</summary>
    public AssumptionsRequest Assumptions { get; init; } = new();
    /// <summary>The L2 inputs, when predicting.</summary>
    public LayoutRequest Layout { get; init; } = new();
    /// <summary>Failures, energy, carbon, money and the Monte Carlo of the reported plans.</summary>
    public PlanningRequest Planning { get; init; } = new();
    /// <summary>Where the plan's sweep runs (<see cref="DevicePolicy"/> for auto).</summary>
    public BackendKind Backend { get; init; } = BackendKind.Auto;
    /// <summary>Runner-up configurations to report, 0..1000.</summary>
    public int Top { get; init; } = 5;

    /// <summary>The validated grid and goal, and the law.</summary>
    public (PlanGrid Grid, NamedLaw Law) Resolve(TextWriter notes)
    {
        NamedLaw law = ScalingLaws.Find(Law) ?? throw new InputException("law", $"unknown law '{Law}'; known: {string.Join(", ", ScalingLaws.All.Select(l => l.Name))}");
        double[] gpus = GridDefaults.CapGpus(Gpus, MaxGpus);
        Check.Distinct(PriceAxis ?? [], Fields.PricePerGpuHourUsd);
        var (hardware, specs, prices, _) = PriceSources.Grid(Hardware, PriceAxis, PricesByName, null, notes);
        string[] names = [.. hardware.Select(h => h.Name)];
        // As a sweep's: refused rather than ignored (the cluster stays without prediction: it plans failures and checkpoints).
        Layout.CheckSoftware();
        if (Predict)
        {
            JobSettings.RefuseForDerivedShapes(Assumptions.ActiveFraction);
            Check.NoUtilizationWhenPredicting(Utilizations);
            Layout.NoteClusters(names, notes);
        }
        else
        {
            Layout.RefuseUnpredicted(null, "add predict, or drop it");
        }
        var grid = new PlanGrid
        {
            Hardware = specs,
            HardwareNames = names,
            Parameters = [.. Check.Distinct(Params, Fields.Parameters).Select(v => Check.InRange(v, Fields.Parameters, 0, Check.MaxParams))],
            TokensPerParam = [.. Check.Distinct(TokensPerParam, Fields.TokensPerParam).Select(v => Check.InRange(v, Fields.TokensPerParam, 0, 1e6))],
            Gpus = gpus,
            Precision = Precision,
            Utilizations = Predict ? [1.0] : [.. Check.Distinct(Utilizations, Fields.Utilization).Select(v => Check.InRange(v, Fields.Utilization, 0, 1))],
            Prices = prices,
            Assumptions = Assumptions.Resolve(null),
            Parallel = Predict ? Layout.Resolve(null, gpus.Length == 1 ? gpus[0] : double.NaN, names) : default,
            Clusters = Predict ? Layout.ClusterSpecs(names) : null,
            Law = law.Law,
        };
        return (WithGoal(grid, law), law);
    }

    private PlanGrid WithGoal(PlanGrid grid, NamedLaw law)
    {
        double maxCost = MaxCostUsd is double c ? Check.InRange(c, "max_cost_usd", 0, double.MaxValue) : double.PositiveInfinity;
        double maxDays = MaxDays is double d ? Check.InRange(d, "max_days", 0, double.MaxValue) : double.PositiveInfinity;
        double targetLoss = TargetLoss is double t ? Check.InRange(t, "target_loss", 0, 100) : 0.0;
        double inference = Check.InRange(InferenceTokens, "inference_tokens", 0, Check.MaxTokens, minInclusive: true);
        if (Objective is not (ObjectiveKind.Cost or ObjectiveKind.Time))
            throw new InputException("objective", $"'{Objective}' is not cost or time");
        bool time = Objective == ObjectiveKind.Time;
        double floor = ComputeOptimal.IrreducibleLoss(law.Law);
        if (targetLoss > 0.0 && targetLoss <= floor)
            throw new InputException("target_loss", $"{Format.Human(targetLoss)} is at or below the irreducible loss of the law {law.Name} ({Format.Human(floor)}); no model reaches it");
        if (targetLoss <= 0.0 && double.IsPositiveInfinity(maxCost) && double.IsPositiveInfinity(maxDays))
            throw new InputException("max_cost_usd", "give a budget, a deadline (max_days) or a target loss (target_loss); without one the lowest loss is unbounded");
        if (inference > 0.0 && (targetLoss <= 0.0 || time))
            throw new InputException("inference_tokens", "needs a target loss and the cost objective (training + inference cost at a fixed loss)");
        if (Top is < 0 or > 1000)
            throw new InputException("top", $"{Top} is out of range; expected 0..1000");
        return grid with
        {
            MaxCostUsd = maxCost,
            MaxDays = maxDays,
            TargetLoss = targetLoss,
            TargetObjective = time ? ObjectiveKind.Time : ObjectiveKind.Cost,
            InferenceTokens = inference,
            RunnerUps = Top,
        };
    }
}

/// <summary>A plan: the best configuration, runners-up and the best per accelerator, each planned.</summary>
/// <param name="Grid">The grid and goal as validated.</param>
/// <param name="Law">The scaling law.</param>
/// <param name="Problem">The sweep the plan ran.</param>
/// <param name="Answer">Best, runners-up, best per accelerator.</param>
/// <param name="Backend">What ran it.</param>
/// <param name="Planning">The planning assumptions used.</param>
/// <param name="Plans">The plan of every reported configuration, by grid index.</param>
/// <param name="Notes">Notes about prices, one line each.</param>
public sealed record PlanOutcome(PlanGrid Grid, NamedLaw Law, SweepProblem Problem, PlanAnswer Answer, string Backend, PlanningSettings Planning,
    IReadOnlyDictionary<long, PlannedRun> Plans, IReadOnlyList<string> Notes);
