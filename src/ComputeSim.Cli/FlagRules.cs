using System.CommandLine;
using System.CommandLine.Parsing;

namespace ComputeSim.Cli;

/// <summary>
/// Flags that only mean something beside another flag or in one mode, refused with one line when given alone, so
/// that no flag is silently ignored (a test walks every command and flag). One table, checked once after parsing.
/// </summary>
internal static class FlagRules
{
    private static readonly string[] MonteCarloDists = ["--mfu-dist", "--matmul-efficiency-factor-dist", "--failure-rate-dist", "--price-factor-dist"];

    // --cluster is not here: its failure rate and storage bandwidth plan a run whose utilisation is given.
    private static readonly string[] LayoutFlags =
    [
        "--seq-len", "--vocab", "--global-batch", "--layout", "--tp", "--cp", "--pp", "--dp", "--ep", "--micro-batch", "--interleave",
        "--recompute", "--sequence-parallel", "--zero", "--scale-out-gbps", "--software", "--switches",
    ];

    // Measured usage prices what was used: only these flags bear on it.
    private static readonly HashSet<string> MeasuredUsageFlags =
    [
        "--gpu-hours", "--days", "--gpus", "--hardware", "--board-power-w", "--price-per-gpu-hour", "--price-source", "--price-tier",
        "--reserved-1y-multiplier", "--reserved-3y-multiplier", "--spot-multiplier", "--pue", "--energy-scope", "--gpu-power-fraction",
        "--server-overhead", "--grid-region", "--grid-gco2e-per-kwh", "--format", "--columns", "--wide", "--model", "--params", "--tokens",
    ];

    private static readonly (string Flag, string Tier)[] TierMultipliers =
        [("--reserved-1y-multiplier", "reserved-1y"), ("--reserved-3y-multiplier", "reserved-3y"), ("--spot-multiplier", "spot")];

    /// <summary>The first rule <paramref name="parse"/> breaks, as a one-line error, or null.</summary>
    public static string? Broken(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string command = parse.CommandResult.Command.Name;
        bool Given(string name) => IsGiven(parse, name);
        // A spec supplies flags the command line does not show; the spec's own checks apply to them.
        if (Given("--spec"))
            return null;
        string? Value(string name) => Find(parse, name) is Option o ? parse.GetResult(o)?.Tokens.FirstOrDefault()?.Value : null;

        foreach (string flag in new[] { "--mc-samples", "--seed", "--mc-backend" })
        {
            if (Given(flag) && !MonteCarloDists.Any(Given))
                return $"{flag}: only with a Monte Carlo ({string.Join(", ", MonteCarloDists)}); add one, or drop {flag}";
        }
        foreach (var (flag, needs) in new[] { ("--checkpoint-seconds", "--checkpoint"), ("--verify-tolerance", "--verify"), ("--plot-kind", "--plot"), ("--max-output-mb", "--out") })
        {
            if (Given(flag) && !Given(needs))
                return $"{flag}: only with {needs}; add {needs}, or drop {flag}";
        }
        bool text = Value("--format") is null or "text";
        bool measured = command == "estimate" && (Given("--gpu-hours") || Given("--days"));
        if (measured && parse.CommandResult.Command.Options.Select(o => o.Name).FirstOrDefault(n => Given(n) && !MeasuredUsageFlags.Contains(n)) is string unused)
            return $"{unused}: not used with measured usage (--gpu-hours/--days), which prices the GPU-hours used; drop {unused}";
        if ((command is "compare" or "sweep" or "merge" && text) || measured)
        {
            // The table prices the chosen tier only; estimate, plan and --format json list every tier.
            foreach (var (flag, tier) in TierMultipliers)
            {
                if (Given(flag) && Value("--price-tier") != tier)
                    return $"{flag}: {(measured ? "measured usage" : command + "'s table")} prices only the --price-tier tier; add --price-tier {tier}{(measured ? "" : ", or --format json (every tier)")}";
            }
        }
        if (Given("--weight-bytes-per-param") && (command is "sweep" or "merge" or "plan" || (command == "compare" && text)))
            return $"--weight-bytes-per-param: {command} reports the training state, not the weights alone; 'estimate' (or compare --format json) reports them";
        if (Given("--board-power-w") && !Given("--gpu-hours") && !Given("--days"))
            return "--board-power-w: only with measured usage (--gpu-hours, or --days with --gpus); an estimate uses the profile's board power";
        if (Given("--must-fit") && Given("--predict"))
            return "--must-fit: with --predict every priced point already has a layout that fits; drop --must-fit";
        bool l0 = command switch
        {
            "compare" or "estimate" => Given("--utilization") || Given("--achieved-tflops"),
            "plan" => !Given("--predict"),
            _ => false,
        };
        // An explicit shape's sequence and vocabulary size the model even when its utilisation is given.
        bool shaped = Given("--layers") || Given("--hf-config");
        if (l0 && LayoutFlags.Where(f => !(shaped && f is "--seq-len" or "--vocab")).FirstOrDefault(Given) is string layout)
            return $"{layout}: applies only when the L2 model predicts utilisation ({(command == "plan" ? "add --predict" : "drop --utilization/--achieved-tflops")}), or drop {layout}";
        return null;
    }

    /// <summary>True when the flag was typed with a value other than its default (a default restated, as a dumped spec holds it, changes nothing).</summary>
    private static bool IsGiven(ParseResult parse, string name)
    {
        if (Find(parse, name) is not Option option || parse.GetResult(option) is not { Implicit: false } result)
            return false;
        if (!option.HasDefaultValue)
            return true;
        string? typed = result.Tokens.FirstOrDefault()?.Value;
        return typed is null || !string.Equals(typed, Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
    }

    private static Option? Find(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
}
