using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>One job on one accelerator: <see cref="Simulator.Estimate"/>.</summary>
public sealed record EstimateRequest
{
    /// <summary>Hardware profile name (see <see cref="Profiles.ProfileCatalog"/>) or a .json profile file.</summary>
    public string Hardware { get; init; } = Defaults.Hardware;
    /// <summary>The job.</summary>
    public JobRequest Job { get; init; } = new();
    /// <summary>The L2 inputs (used when the utilisation is predicted).</summary>
    public LayoutRequest Layout { get; init; } = new();
    /// <summary>Failures, energy, carbon, money and the Monte Carlo.</summary>
    public PlanningRequest Planning { get; init; } = new();
    /// <summary>Use only profile prices of this class (<see cref="Profiles.PriceClasses.All"/>), or null for any.</summary>
    public string? PriceSource { get; init; }
    /// <summary>Runner-up layouts to list when predicting, 0..1000.</summary>
    public int Layouts { get; init; }
}

/// <summary>An estimate and its plan.</summary>
/// <param name="Estimate">The priced job, with the L2 layout when predicted.</param>
/// <param name="Plan">Failures, energy, carbon, price tiers, buying, and any Monte-Carlo bands.</param>
/// <param name="Planning">The planning assumptions used, with their notes.</param>
/// <param name="RunnersUp">The next-fastest layouts that fit, when asked for, each with its step's parts.</param>
/// <param name="Notes">Notes about the input (prices set aside, and the like), one line each.</param>
public sealed record EstimateResult(Estimate Estimate, PlannedRun Plan, PlanningSettings Planning,
    IReadOnlyList<(Layout Layout, StepResult Step, StepParts Parts)> RunnersUp, IReadOnlyList<string> Notes);

/// <summary>The same job on each accelerator: <see cref="Simulator.Compare"/>.</summary>
public sealed record CompareRequest
{
    /// <summary>Profile names or .json files, or null for every profile.</summary>
    public IReadOnlyList<string>? Hardware { get; init; }
    /// <summary>The job; its price, when given, applies to every accelerator.</summary>
    public JobRequest Job { get; init; } = new();
    /// <summary>Prices per accelerator name, USD per GPU-hour (the others keep their profile's), or null.</summary>
    public IReadOnlyDictionary<string, double>? PricesByName { get; init; }
    /// <summary>The L2 inputs (used when the utilisation is predicted).</summary>
    public LayoutRequest Layout { get; init; } = new();
    /// <summary>Failures, energy, carbon, money and the Monte Carlo.</summary>
    public PlanningRequest Planning { get; init; } = new();
    /// <summary>Use only profile prices of this class, or null for any.</summary>
    public string? PriceSource { get; init; }
}

/// <summary>The job on each accelerator that can run it.</summary>
/// <param name="Settings">The job as resolved.</param>
/// <param name="Estimates">One per accelerator shown, in profile order, with the plan's columns filled.</param>
/// <param name="Plans">The plan of each estimate, same order.</param>
/// <param name="Planning">The planning assumptions used.</param>
/// <param name="Skipped">Accelerators left out: no peak at the precision, or (predicting) no measured GEMM efficiency.</param>
/// <param name="Notes">Notes and warnings about the input and the prices, one line each.</param>
public sealed record CompareResult(JobSettings Settings, IReadOnlyList<Estimate> Estimates, IReadOnlyList<PlannedRun> Plans,
    PlanningSettings Planning, IReadOnlyList<string> Skipped, IReadOnlyList<string> Notes);
