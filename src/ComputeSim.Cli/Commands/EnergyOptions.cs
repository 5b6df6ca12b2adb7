using System.CommandLine;
using ComputeSim.Cli.Options;
using ComputeSim.Model;

namespace ComputeSim.Cli.Commands;

/// <summary>
/// <c>--energy-scope</c> and the two measured factors it uses: which power energy and carbon count.
/// Part of the job-wide assumptions, so the sweep's <c>energy_mwh</c> and the plan's carbon share one scope.
/// </summary>
internal sealed class EnergyOptions
{
    /// <summary>Scope names, in <see cref="EnergyScope"/> order.</summary>
    public static IReadOnlyList<string> ScopeNames => AssumptionsRequest.ScopeNames;
    /// <summary>
    /// The default scope. Facility energy is what the site draws from the grid: what carbon and the power bill
    /// follow. Model cards count the GPUs only (--energy-scope gpu), which at the defaults is 0.72 of it.
    /// </summary>
    public static readonly string DefaultScope = AssumptionsRequest.ScopeNames[Defaults.EnergyScopeValue];
    /// <summary>A DGX H100 node measured under training load drew ~76 % of its 10.2 kW rating (see Defaults.GpuPowerFraction).</summary>
    public static readonly string DefaultPowerFraction = Defaults.GpuPowerFraction.Text;
    /// <summary>DGX H100: 10.2 kW rating over 8 × 700 W of GPUs = 1.82, so 0.82 extra server watts per GPU watt.</summary>
    public static readonly string DefaultServerOverhead = Defaults.ServerOverhead.Text;

    /// <summary>--energy-scope.</summary>
    public Option<string> Scope { get; } = new("--energy-scope")
    {
        Description = "What energy and carbon count. gpu: GPU board power x PUE (the model-card convention: Llama 2/3, BLOOM); "
            + "server: the servers' measured draw, board x --gpu-power-fraction x (1 + --server-overhead), adding CPUs, memory, NICs and fans, no cooling; "
            + "facility (default): server x PUE, adding cooling and power delivery: what the site draws from the grid, so what carbon and the power bill follow",
        DefaultValueFactory = _ => DefaultScope,
    };
    /// <summary>--gpu-power-fraction.</summary>
    public TypedOption<double> PowerFraction { get; } = TypedOptions.Number("--gpu-power-fraction", "Average GPU draw over board power while training, for the server and facility scopes (0.76: a DGX H100 node measured under training load)", DefaultPowerFraction);
    /// <summary>--server-overhead.</summary>
    public TypedOption<double> ServerOverhead { get; } = TypedOptions.Number("--server-overhead", "Extra server watts per GPU watt, for the server and facility scopes (0.82: DGX H100 10.2 kW rating over 8 x 700 W)", DefaultServerOverhead);

    /// <summary>Options for a command.</summary>
    public EnergyOptions() => Scope.AcceptOnlyFromAmong([.. ScopeNames]);

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Scope, PowerFraction, ServerOverhead })
            command.Add(o);
    }

    /// <summary>The assumptions with the scope and its factors in place.</summary>
    public AssumptionsRequest Apply(ParseResult parse, AssumptionsRequest a) => a with
    {
        EnergyScope = ScopeOf(parse.GetValue(Scope)!),
        GpuPowerFraction = parse.GetValue(PowerFraction),
        ServerOverhead = parse.GetValue(ServerOverhead),
    };

    /// <summary>The scope's number, or a one-line error.</summary>
    public static int ScopeOf(string name)
    {
        int i = ScopeNames.ToList().IndexOf(name.Trim().ToLowerInvariant());
        return i >= 0 ? i : throw new InputException($"--energy-scope: '{name}' is not one of {string.Join(", ", ScopeNames)}");
    }

    /// <summary>How the scope turns board power into counted power, in words.</summary>
    public static string Describe(in Assumptions a) => EnergyScopes.Describe(a);

    /// <summary>The scope's name.</summary>
    public static string Name(in Assumptions a) => EnergyScopes.Name(a);
}
