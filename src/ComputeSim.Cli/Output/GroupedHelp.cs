using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ComputeSim.Cli.Output;

/// <summary>
/// A command's help with its options in sections (grid, constraints, model, layout, planning, output, running), in
/// the order a planner fills them in, fitted to the terminal's width. An option no section names goes under "other".
/// </summary>
internal sealed class GroupedHelp(int width, CommandLineAction? plain) : SynchronousCommandLineAction
{
    /// <summary>The sections in print order, each with the options it holds.</summary>
    public static readonly IReadOnlyList<(string Section, string[] Options)> Sections =
    [
        ("Grid (what to price)", ["--model", "--params", "--tokens", "--tokens-per-param", "--gpus", "--hardware", "--precision", "--utilization",
            "--achieved-tflops", "--predict", "--price-per-gpu-hour", "--price-source", "--gpu-hours", "--days", "--board-power-w"]),
        ("Constraints and goal", ["--objective", "--max-days", "--max-cost-usd", "--max-gpus", "--must-fit", "--law", "--target-loss", "--inference-tokens"]),
        ("Model and assumptions", ["--layers", "--hidden", "--heads", "--kv-heads", "--head-dim", "--ffn", "--mlp", "--experts", "--top-k", "--expert-ffn",
            "--shared-experts", "--dense-layers", "--kv-lora-rank", "--q-lora-rank", "--rope-head-dim", "--v-head-dim", "--sliding-window", "--sliding-window-layers",
            "--moe-latent", "--mamba-layers", "--attention-layers", "--mamba-heads", "--mamba-head-dim", "--mamba-state", "--mamba-groups", "--hf-config", "--seq-len", "--vocab", "--active-fraction", "--weight-bytes-per-param", "--state-bytes-per-param"]),
        ("Layout and cluster (L2)", ["--global-batch", "--layout", "--tp", "--cp", "--pp", "--dp", "--ep", "--micro-batch", "--interleave", "--recompute",
            "--sequence-parallel", "--zero", "--cluster", "--gpus-per-node", "--scale-out-gbps", "--software", "--switches", "--layouts"]),
        ("Planning: failures, energy, carbon, money", ["--failures-per-1000-node-days", "--storage-gb-per-s-per-gpu", "--restart-minutes", "--checkpoint-interval",
            "--pue", "--energy-scope", "--gpu-power-fraction", "--server-overhead", "--grid-region", "--grid-gco2e-per-kwh", "--price-tier",
            "--reserved-1y-multiplier", "--reserved-3y-multiplier", "--spot-multiplier", "--amortization-years", "--electricity-usd-per-kwh",
            "--mfu-dist", "--matmul-efficiency-factor-dist", "--failure-rate-dist", "--price-factor-dist", "--mc-samples", "--seed", "--mc-backend"]),
        ("Output", ["--format", "--top", "--pareto", "--columns", "--wide", "--out", "--max-output-mb", "--plot", "--plot-kind", "--quiet", "--dump-spec"]),
        ("Running", ["--spec", "--backend", "--checkpoint", "--resume", "--checkpoint-seconds", "--verify", "--verify-tolerance", "--shard", "--partial-out"]),
    ];

    private const string Other = "Other";
    private const int MaxNameColumn = 34;
    private const int MaxChoicesShown = 8;

    /// <summary>Help is asked for: the parser's errors (a required option or argument missing) give way to it, as they do to the
    /// built-in help (`calibrate --help`, `profiles show --help`).</summary>
    public override bool ClearsParseErrors => true;

    /// <summary>Commands with more options than this get sections; the others keep the plain help.</summary>
    public const int GroupedFrom = 20;

    /// <summary>Puts grouped help on the commands under <paramref name="root"/> with many options (help is one recursive option of the root).</summary>
    public static void AddTo(Command root, int width)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is HelpOption help)
            help.Action = new GroupedHelp(width, help.Action);
    }

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        Command command = parseResult.CommandResult.Command;
        if (command.Options.Count <= GroupedFrom && plain is SynchronousCommandLineAction original)
            return original.Invoke(parseResult);
        Write(command, parseResult.InvocationConfiguration.Output);
        return ExitCodes.Ok;
    }

    /// <summary>Writes the help of <paramref name="command"/>.</summary>
    public void Write(Command command, TextWriter o)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(o);
        o.WriteLine("Description:");
        foreach (string piece in (command.Description ?? "").Split('\n').SelectMany(line => FittedWriter.Wrap(line, Math.Max(40, width - 2))))
            o.WriteLine("  " + piece);
        o.WriteLine();
        o.WriteLine("Usage:");
        string arguments = string.Concat(command.Arguments.Select(a => $" [<{a.Name}>...]"));
        o.WriteLine($"  computesim {command.Name}{arguments} [options]");
        var rows = command.Options.Where(opt => !opt.Hidden).Select(opt => (Section: SectionOf(opt.Name), Name: NameColumn(opt), Text: TextOf(opt))).ToList();
        int nameWidth = Math.Min(MaxNameColumn, rows.Max(r => r.Name.Length));
        foreach (string section in Sections.Select(s => s.Section).Append(Other))
        {
            var here = rows.Where(r => r.Section == section).ToList();
            if (here.Count == 0)
                continue;
            o.WriteLine();
            o.WriteLine($"{section}:");
            foreach (var (_, name, text) in here)
                WriteRow(o, name, text, nameWidth);
        }
    }

    private void WriteRow(TextWriter o, string name, string text, int nameWidth)
    {
        string lead = "  " + name.PadRight(nameWidth) + "  ";
        int room = Math.Max(30, width - nameWidth - 4);
        // A name longer than the column takes its own line, and the text starts under the column.
        if (name.Length > nameWidth)
        {
            o.WriteLine("  " + name);
            lead = new string(' ', nameWidth + 4);
        }
        bool first = true;
        foreach (string piece in FittedWriter.Wrap(text, room))
        {
            o.WriteLine((first ? lead : new string(' ', nameWidth + 4)) + piece.TrimStart());
            first = false;
        }
    }

    private static string SectionOf(string option) => Sections.FirstOrDefault(s => s.Options.Contains(option)).Section ?? Other;

    private static string NameColumn(Option option)
    {
        string names = string.Join(", ", option.Aliases.Order(StringComparer.Ordinal).Append(option.Name));
        if (option.ValueType == typeof(bool) || option.ValueType == typeof(bool?) && option.Arity.MaximumNumberOfValues == 0)
            return names;
        // A short fixed set of values is shown as the choices, as the parser's own help does.
        string[] choices = [.. option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label)];
        string value = option.HelpName ?? (choices.Length is > 0 and <= MaxChoicesShown ? string.Join('|', choices) : option.Name.TrimStart('-'));
        return $"{names} <{value}>";
    }

    private static string TextOf(Option option)
    {
        string text = option.Description ?? "";
        // A typed option's default is shown as its users type it (auto, cpu), not as the enum's name.
        string? shown = option is Options.IShownOption typed ? typed.ShownDefault
            : option.HasDefaultValue && option.GetDefaultValue() is { } value && value is not false ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        if (shown is not null)
            text += $" [default: {shown}]";
        return text;
    }

}
