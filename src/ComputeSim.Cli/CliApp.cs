using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using ComputeSim.Cli.Commands;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli;

/// <summary>Named exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A bug: an unexpected exception.</summary>
    public const int InternalError = 1;
    /// <summary>Bad input: a flag, value or file that cannot be used.</summary>
    public const int BadInput = 2;
}

/// <summary>Where commands write, and what they run on.</summary>
/// <param name="Out">Results.</param>
/// <param name="Err">Errors, warnings and progress.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Err)
{
    /// <summary>Set by Ctrl-C (or SIGTERM): a long sweep stops at the next chunk boundary.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>Opens a backend by <c>--backend</c> name, with a sink for warnings (replaceable in tests, e.g. by a failing device).</summary>
    public Func<BackendKind, Action<string>, SweepBackend> OpenBackend { get; init; } = SweepBackend.Open;

    /// <summary>Columns text output fits: the terminal's when <see cref="Out"/> is one, else <c>COLUMNS</c>, else 120.</summary>
    public int Width { get; init; } = Output.TerminalWidth.Detect(Out, Environment.GetEnvironmentVariable);
    /// <summary>A sweep's hooks: warnings to stderr, this progress, Ctrl-C, and this context's backends.</summary>
    public SweepHooks Hooks(IProgress<long>? progress) =>
        new(line => Err.WriteLine($"computesim: {line}"), progress, Cancel) { OpenBackend = OpenBackend };
}

/// <summary>The <c>computesim</c> command tree and its error policy: one line, exit code 2, never a stack trace.</summary>
internal static partial class CliApp
{
    /// <summary>
    /// How every command line is parsed: without the parser's response-file expansion, which
    /// <see cref="ResponseFiles"/> does within bounds (and which would otherwise also read '@' values in specs).
    /// </summary>
    public static ParserConfiguration Parsing { get; } = new() { ResponseFileTokenReplacer = null };

    /// <summary>Builds the command tree (exposed so parsing can be tested without running anything).</summary>
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("ComputeSim: what it costs to train a neural network, for one configuration or billions.");
        root.Add(EstimateCommand.Create(ctx));
        root.Add(SweepCommand.Create(ctx));
        root.Add(CompareCommand.Create(ctx));
        root.Add(PlanCommand.Create(ctx));
        root.Add(ReproduceCommand.Create(ctx));
        root.Add(DevicesCommand.Create(ctx));
        root.Add(ProfilesCommand.Create(ctx));
        root.Add(ValidateCommand.Create(ctx));
        root.Add(CalibrateCommand.Create(ctx));
        root.Add(SweepCommand.CreateMerge(ctx));
        root.Add(ServeCommand.Create(ctx));
        Completions.AddTo(root);
        Output.GroupedHelp.AddTo(root, ctx.Width);
        return root;
    }

    /// <summary>A parse error as one line, prefixed with the option it concerns when there is one.</summary>
    public static string OneLine(ParseError error)
    {
        // The parser quotes what was typed, which may hold line breaks: the error stays one line.
        OptionResult? option = error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult;
        return InputException.OneLine(option is null ? Message(error) : $"{option.Option.Name}: {Message(error)}");
    }

    /// <summary>The parser's message for <paramref name="error"/>, with an option's choices, which it lists one per line
    /// ("Must be one of:\n\t'a'..."), said in one.</summary>
    public static string Message(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Match choices = NotAChoice().Match(error.Message);
        if (choices.Success)
            return $"'{choices.Groups["value"].Value}' is not one of {string.Join(", ", choices.Groups["choice"].Captures.Select(c => c.Value))}";
        // The parser names the .NET type it wanted ("as expected type 'System.Nullable`1[System.Int32]'"); say it in words.
        Match type = NotOfType().Match(error.Message);
        if (type.Success)
            return $"'{type.Groups["value"].Value}' is not {TypeInWords(type.Groups["type"].Value)}";
        // An option given twice (or as two of its names, --max-cost-usd and --budget-usd): the parser counts arguments.
        Match twice = GivenTwice().Match(error.Message);
        return twice.Success ? (error.SymbolResult is OptionResult { Option: { Aliases.Count: > 0 } o }
            ? $"given more than once (as {string.Join(" or ", new[] { o.Name }.Concat(o.Aliases))}); give it once"
            : "given more than once; give it once") : error.Message;
    }

    [GeneratedRegex(@"^Option '[^']*' expects a single argument but \d+ were provided\.?$")]
    private static partial Regex GivenTwice();

    private static string TypeInWords(string type) =>
        type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Double", StringComparison.Ordinal) ? "a number"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : "a value of the expected kind";

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?:\s*'(?<choice>[^']*)')+\s*$", RegexOptions.Singleline)]
    private static partial Regex NotAChoice();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command) '[^']*' as expected type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex NotOfType();

    /// <summary>
    /// A value that is the name of one of the command's options (<c>--objective --top</c>), or null. The parser
    /// takes it as the value, and the fixed choices of <c>--objective</c> never check such a value, so the
    /// sweep ran with the default objective. No value of this tool is meant to be an option's name.
    /// </summary>
    public static string? OptionAsValue(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var names = parse.CommandResult.Command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        return parse.CommandResult.Children.OfType<OptionResult>()
            .SelectMany(o => o.Tokens.Where(t => names.Contains(t.Value)).Select(t => $"{o.Option.Name}: expected a value, not the option '{t.Value}'"))
            .FirstOrDefault();
    }

    /// <summary>
    /// An input error as the command line says it: a request field (<c>price_per_gpu_hour</c>) becomes its flag
    /// (<c>--price-per-gpu-hour</c>); the flags are the fields' names with dashes. Other subjects (files) stay.
    /// </summary>
    public static string FlagMessage(InputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Subject is string subject && e.Detail is string detail && IsField(subject)
            ? InputException.OneLine($"--{subject.Replace('_', '-')}: {detail}")
            : e.Message;
    }

    private static bool IsField(string subject) => subject.Length > 0 && subject.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    /// <summary>Parses and runs; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default) =>
        Run(args, new CliContext(stdout, stderr) { Cancel = cancel });

    /// <summary>
    /// An unknown command or option as one line with the nearest known name ("did you mean"), or null when the
    /// first error is another kind.
    /// </summary>
    public static string? Unknown(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.UnmatchedTokens.FirstOrDefault() is not string token)
            return null;
        Command command = parse.CommandResult.Command;
        if (token.StartsWith('-'))
            return $"unknown option '{token}' of {command.Name}{Profiles.DidYouMean.Suffix(token, command.Options.SelectMany(o => o.Aliases.Append(o.Name)))}";
        if (command.Subcommands.Count > 0)
            return $"unknown command '{token}'{Profiles.DidYouMean.Suffix(token, command.Subcommands.Select(c => c.Name))}; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        // A true/false option leaves a value it cannot read for the command, which calls it unrecognized: name the option instead.
        var tokens = parse.Tokens.Select(t => t.Value).ToList();
        int at = tokens.IndexOf(token);
        return at > 0 && command.Options.FirstOrDefault(o => o.Name == tokens[at - 1] || o.Aliases.Contains(tokens[at - 1])) is Option flag
            && (flag.ValueType == typeof(bool) || flag.ValueType == typeof(bool?))
            ? $"{flag.Name}: '{token}' is not true or false"
            : null;
    }

    /// <summary>Parses and runs in <paramref name="ctx"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        // The parser offers every name that contains the typed word ("es" -> estimate, devices, profiles): keep those it starts.
        if (Completions.IsSuggest(args))
        {
            var all = new StringWriter();
            int code = RunCore(args, ctx with { Out = all });
            Completions.WriteStartingWith(args, all.ToString(), ctx.Out);
            return code;
        }
        return RunCore(args, ctx);
    }

    private static int RunCore(string[] args, CliContext ctx)
    {
        TextWriter stdout = ctx.Out, stderr = ctx.Err;
        ParseResult parse;
        try
        {
            Completions.CheckDirectives(args);
            args = ResponseFiles.Expand(args);
            Output.RunProvenance.Begin(args);
            parse = Build(ctx).Parse(args, Parsing);
        }
        catch (InputException e)
        {
            stderr.WriteLine($"computesim: error: {FlagMessage(e)}");
            return ExitCodes.BadInput;
        }
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"computesim: error: {(Unknown(parse) is string unknown ? InputException.OneLine(unknown) : OneLine(parse.Errors[0]))} (see --help)");
            return ExitCodes.BadInput;
        }
        if ((OptionAsValue(parse) ?? FlagRules.Broken(parse)) is string misread)
        {
            stderr.WriteLine($"computesim: error: {InputException.OneLine(misread)}");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            stderr.WriteLine($"computesim: error: {FlagMessage(e)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"computesim: internal error: {e.GetType().Name}: {InputException.OneLine(e.Message.Split('\n')[0])}");
            if (Environment.GetEnvironmentVariable("COMPUTESIM_DEBUG") == "1")
                stderr.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }
}
