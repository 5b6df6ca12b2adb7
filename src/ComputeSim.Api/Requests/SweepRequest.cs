using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Api;

/// <summary>
/// A grid of jobs (parameters × tokens × GPUs × accelerator × precision × utilisation × price), reduced to the best
/// points, the best per accelerator and the Pareto front: <see cref="Simulator.Sweep"/>. Axes default to the
/// command line's (<see cref="GridDefaults"/>).
/// </summary>
public sealed record SweepRequest
{
    /// <summary>Parameter counts.</summary>
    public IReadOnlyList<double> Params { get; init; } = GridDefaults.Axis(GridDefaults.SweepParams);
    /// <summary>Training tokens, or multiples of the parameters with <see cref="TokensPerParam"/>.</summary>
    public IReadOnlyList<double> Tokens { get; init; } = [GridDefaults.SweepTokensPerParam];
    /// <summary>True when <see cref="Tokens"/> are multiples of each point's parameters.</summary>
    public bool TokensPerParam { get; init; } = true;
    /// <summary>Cluster sizes.</summary>
    public IReadOnlyList<double> Gpus { get; init; } = GridDefaults.Axis(GridDefaults.SweepGpus, wholeNumbers: true);
    /// <summary>Largest cluster allowed (drops larger values of <see cref="Gpus"/>), or null.</summary>
    public double? MaxGpus { get; init; }
    /// <summary>Profile names or .json files, or null for every profile with a public price.</summary>
    public IReadOnlyList<string>? Hardware { get; init; }
    /// <summary>Precisions.</summary>
    public IReadOnlyList<Precision> Precisions { get; init; } = [Defaults.JobPrecision];
    /// <summary>Utilisation axis; when predicting, leave it at its default (another value is refused).</summary>
    public IReadOnlyList<double> Utilizations { get; init; } = [Defaults.Utilization.Value];
    /// <summary>A price axis for every accelerator, USD per GPU-hour, or null.</summary>
    public IReadOnlyList<double>? PriceAxis { get; init; }
    /// <summary>Prices per accelerator name (the others keep their profile's), or null.</summary>
    public IReadOnlyDictionary<string, double>? PricesByName { get; init; }
    /// <summary>Use only profile prices of this class, or null for any.</summary>
    public string? PriceSource { get; init; }
    /// <summary>PUE, bytes per parameter, energy scope.</summary>
    public AssumptionsRequest Assumptions { get; init; } = new();
    /// <summary>What to minimise: cost, time or energy.</summary>
    public ObjectiveKind Objective { get; init; } = ObjectiveKind.Cost;
    /// <summary>Deadline, wall-clock days, or null.</summary>
    public double? MaxDays { get; init; }
    /// <summary>Budget, USD, or null.</summary>
    public double? MaxCostUsd { get; init; }
    /// <summary>Keep only points whose training state fits in the cluster's memory (refused when predicting: every priced point fits).</summary>
    public bool MustFit { get; init; }
    /// <summary>How many best points to keep, 0..100,000.</summary>
    public int Top { get; init; } = 10;
    /// <summary>Also keep the Pareto front of wall-clock days against cost.</summary>
    public bool Pareto { get; init; }
    /// <summary>Predict each point's utilisation with the L2 model (shapes derived from the parameters).</summary>
    public bool Predict { get; init; }
    /// <summary>The L2 inputs, when predicting.</summary>
    public LayoutRequest Layout { get; init; } = new();
    /// <summary>Failures, energy, carbon, money and the Monte Carlo of the kept points.</summary>
    public PlanningRequest Planning { get; init; } = new();
    /// <summary>Where the sweep runs; <see cref="BackendKind.Auto"/> tries CUDA, then OpenCL, then the CPU (<see cref="DevicePolicy"/>).</summary>
    public BackendKind Backend { get; init; } = BackendKind.Auto;

    /// <summary>The validated grid; notes about prices go to <paramref name="notes"/>.</summary>
    /// <param name="notes">Receives notes (profiles whose prices were set aside).</param>
    /// <param name="pricing">Each accelerator's profile, and whether its price was given by hand.</param>
    public SweepProblem Problem(TextWriter notes, out (HardwareProfile Profile, bool Given)[] pricing)
    {
        double[] parameters = [.. Check.Distinct(Params, Fields.Parameters).Select(v => Check.InRange(v, Fields.Parameters, 0, Check.MaxParams))];
        double maxTokens = TokensPerParam ? 1e6 : Check.MaxTokens;
        foreach (double t in Check.Distinct(Tokens, Fields.Tokens))
            Check.InRange(t, Fields.Tokens, 0, maxTokens);
        Check.Distinct(Precisions, Fields.Precision, PrecisionNames.Name);
        Check.Distinct(Utilizations, Fields.Utilization);
        Check.Distinct(PriceAxis ?? [], Fields.PricePerGpuHourUsd);
        double[] gpus = GridDefaults.CapGpus(Gpus, MaxGpus);
        if (Predict)
        {
            JobSettings.RefuseForDerivedShapes(Assumptions.ActiveFraction);
            Check.NoUtilizationWhenPredicting(Utilizations);
            if (MustFit)
                throw new InputException("must_fit", "with predict every priced point already has a layout that fits; drop it");
        }
        // A bad software name is refused as such; a good one, like any L2 input, only with predict (never silently ignored).
        Layout.CheckSoftware();
        if (!Predict && Layout.FirstGiven() is string l2)
            throw new InputException(l2, $"applies only with predict (the L2 model); add predict, or drop {l2}");
        // At L2 the utilisation axis is unused: one placeholder value keeps the grid's shape.
        double[] utilization = Predict ? [1.0] : [.. Utilizations.Select(v => Check.InRange(v, Fields.Utilization, 0, 1))];
        if (Top is < 0 or > 100_000)
            throw new InputException("top", $"{Top} is out of range; expected 0..100000");
        if (Objective is not (ObjectiveKind.Cost or ObjectiveKind.Time or ObjectiveKind.Energy))
            throw new InputException("objective", $"'{Objective}' is not cost, time or energy");
        var (hardware, specs, prices, byHand) = PriceSources.Grid(Hardware, PriceAxis, PricesByName, PriceSource, notes);
        pricing = [.. hardware.Select(h => (h, byHand.Contains(h.Name)))];
        var selection = new Selection
        {
            Objective = Objective,
            MaxDays = MaxDays is double d ? Check.InRange(d, "max_days", 0, double.MaxValue) : double.PositiveInfinity,
            MaxCostUsd = MaxCostUsd is double c ? Check.InRange(c, "max_cost_usd", 0, double.MaxValue) : double.PositiveInfinity,
            MustFit = MustFit ? 1 : 0,
        };
        string[] names = [.. hardware.Select(h => h.Name)];
        if (Predict)
            Layout.NoteClusters(names, notes);
        return new SweepProblem(
            [.. specs], names, Precisions, utilization, prices,
            parameters, Tokens, TokensPerParam, gpus, Assumptions.Resolve(null), selection,
            Predict ? Layout.Resolve(null, gpus.Length == 1 ? gpus[0] : double.NaN, names) : default,
            clusters: Predict ? Layout.ClusterSpecs(names) : null);
    }
}

/// <summary>The sweep of a <see cref="SweepRequest"/>, with its kept points planned.</summary>
/// <param name="Problem">The grid as validated.</param>
/// <param name="Result">Best points, best per accelerator, Pareto front.</param>
/// <param name="Backend">What ran it.</param>
/// <param name="Planning">The planning assumptions used.</param>
/// <param name="Plans">The plan of every kept point, by grid index.</param>
/// <param name="Notes">Notes and warnings about prices, one line each.</param>
public sealed record SweepReport(SweepProblem Problem, SweepResult Result, string Backend, PlanningSettings Planning,
    IReadOnlyDictionary<long, PlannedRun> Plans, IReadOnlyList<string> Notes);

/// <summary>Default axes of grids, as the command line writes them, and the checks axes share.</summary>
public static class GridDefaults
{
    /// <summary>Parameter axis of a sweep.</summary>
    public const string SweepParams = "1e9..1e12:log:16";
    /// <summary>Tokens per parameter of a sweep: Chinchilla's 20 (Hoffmann et al. 2022).</summary>
    public const double SweepTokensPerParam = 20;
    /// <summary>GPU axis of a sweep.</summary>
    public const string SweepGpus = "8..16384:pow2";
    /// <summary>Parameter axis of a plan.</summary>
    public const string PlanParams = "1e8..1e13:log:201";
    /// <summary>Tokens-per-parameter axis of a plan.</summary>
    public const string PlanTokensPerParam = "1..1000:log:121";
    /// <summary>GPU axis of a plan.</summary>
    public const string PlanGpus = "8..65536:pow2";

    /// <summary>The values of an axis written as the command line writes it.</summary>
    public static double[] Axis(string text, bool wholeNumbers = false) => [.. AxisParser.Parse(text, "axis", wholeNumbers: wholeNumbers).Values];

    /// <summary>The GPU axis checked, less the values above <paramref name="maxGpus"/> when it is given.</summary>
    public static double[] CapGpus(IReadOnlyList<double> gpus, double? maxGpus)
    {
        double[] all = [.. Check.Distinct(gpus, Fields.Gpus).Select(v => Check.Gpus(v, Fields.Gpus))];
        if (maxGpus is not double max)
            return all;
        Check.InRange(max, "max_gpus", 0, Check.MaxGpus);
        double[] kept = [.. all.Where(g => g <= max)];
        return kept.Length > 0 ? kept : throw new InputException("max_gpus", $"no value of the GPU axis is <= {max}");
    }
}
