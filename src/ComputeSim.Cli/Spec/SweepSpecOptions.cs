using System.CommandLine;
using System.CommandLine.Parsing;
using ComputeSim.Api;
using ComputeSim.Model;

namespace ComputeSim.Cli.Spec;

/// <summary>
/// <c>sweep --spec FILE</c> and <c>sweep --dump-spec [FILE]</c>: a sweep as a file that can be committed
/// and rerun. A spec holds the command's own flags as fields (<c>--max-days</c> is <c>max_days</c>);
/// flags given on the command line override the file.
/// </summary>
internal sealed class SweepSpecOptions
{
    // Flags about this run rather than the sweep: never in a spec.
    private static readonly string[] NotInSpec = ["--spec", "--dump-spec", "--quiet", "--help"];

    /// <summary>--spec.</summary>
    public Option<string?> Spec { get; } = new("--spec") { Description = $"Read the sweep from FILE ({SpecReader.Extensions}); flags given here override it" };

    /// <summary>--dump-spec.</summary>
    public Option<string?> DumpSpec { get; } = new("--dump-spec")
    {
        Description = "Print the spec of the flags given (YAML), or write it to FILE (.yaml, .yml or .json), instead of sweeping",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Spec);
        command.Add(DumpSpec);
    }

    /// <summary>The spec field name of a flag: <c>--max-days</c> → <c>max_days</c>.</summary>
    public static string KeyOf(Option option) => option.Name.TrimStart('-').Replace('-', '_');

    /// <summary>The flags of a command that a spec may hold, in the command's order.</summary>
    public static IEnumerable<Option> Fields(Command command) => command.Options.Where(o => !NotInSpec.Contains(o.Name));

    /// <summary>
    /// Merges the spec (if any) under the command line, then either dumps the spec or runs the sweep;
    /// errors caused by a spec value name the file, line and field. A dumped spec leaves out the defaults that
    /// <paramref name="unused"/> says the other fields make meaningless (the utilisation of a predicted sweep), which the
    /// sweep would refuse if the spec gave them, and is written only if <paramref name="check"/> (the sweep's own checks of
    /// its flags taken together) accepts them.
    /// </summary>
    public int Run(CliContext ctx, Command command, ParseResult parse, Func<ParseResult, int> sweep,
        Func<ParseResult, Option, bool>? unused = null, Action<ParseResult>? check = null)
    {
        string? path = parse.GetValue(Spec);
        var origins = new Dictionary<string, SpecField>();
        ParseResult merged = path is null ? parse : Merge(command, parse, path, origins);
        if (merged.GetResult(DumpSpec) is not null)
        {
            check?.Invoke(merged);
            IEnumerable<Option> written = Fields(command).Where(o => unused is null || merged.GetResult(o) is { Implicit: false } || !unused(merged, o));
            SpecWriter.Write(ctx, merged, written, merged.GetValue(DumpSpec), DumpSpec.Name, fields => ReadBack(command, fields));
            return ExitCodes.Ok;
        }
        try
        {
            return sweep(merged);
        }
        catch (InputException e) when (path is not null && Explain(CliApp.FlagMessage(e), path, origins) is string explained)
        {
            throw new InputException(explained);
        }
    }

    // A dumped spec's fields, checked as --spec checks them, so that --dump-spec never writes a spec --spec refuses.
    private void ReadBack(Command command, IReadOnlyList<SpecField> fields)
    {
        try
        {
            FromSpec(command, command.Parse([], CliApp.Parsing), fields, "(the dumped spec)", []);
        }
        catch (InputException e)
        {
            throw new InputException($"{DumpSpec.Name}: the spec would not read back: {CliApp.FlagMessage(e)}");
        }
    }

    private ParseResult Merge(Command command, ParseResult parse, string path, Dictionary<string, SpecField> origins)
    {
        List<string> fromSpec = FromSpec(command, parse, SpecReader.Read(path, Spec.Name), path, origins);
        var commandLine = parse.Tokens.SkipWhile(t => t.Type != TokenType.Command || t.Value != command.Name).Skip(1).Select(t => t.Value);
        ParseResult merged = command.Parse([.. fromSpec, .. commandLine], CliApp.Parsing);
        if (merged.Errors.Count > 0)
            throw new InputException($"{CliApp.OneLine(merged.Errors[0])} (see --help)");
        return merged;
    }

    // The spec's fields as '--flag=value' tokens, each checked alone through the real parser; flags given on the command line win.
    private List<string> FromSpec(Command command, ParseResult parse, IReadOnlyList<SpecField> fields, string path, Dictionary<string, SpecField> origins)
    {
        var options = Fields(command).ToDictionary(KeyOf);
        var fromSpec = new List<string>();
        foreach (SpecField field in fields)
        {
            if (field.Key == SweepSpecVersion.Key)
            {
                try
                {
                    SweepSpecVersion.Check(field.Text);
                }
                catch (InputException e)
                {
                    throw SpecReader.Error(Spec.Name, path, field.Line, $"{field.Key}: {e.Detail}");
                }
                continue;
            }
            if (!options.TryGetValue(field.Key, out Option? option))
                throw SpecReader.Error(Spec.Name, path, field.Line, $"unknown field '{field.Key}'; known: {string.Join(", ", options.Keys)}");
            if (parse.GetResult(option) is { Implicit: false })
                continue; // the command line wins
            if (option is Option<bool> && !bool.TryParse(field.Text, out _))
                throw SpecReader.Error(Spec.Name, path, field.Line, $"{field.Key}: '{field.Text}' is not true or false");
            // Each field alone through the real parser: a bad value is reported at its line. As one '--flag=value'
            // token, so that a value such as '--top' or '-x' stays a value.
            string token = $"{option.Name}={field.Text}";
            ParseResult alone = command.Parse([token], CliApp.Parsing);
            if (alone.Errors.Count > 0)
                throw SpecReader.Error(Spec.Name, path, field.Line, $"{field.Key}: {InputException.OneLine(CliApp.Message(alone.Errors[0]))}");
            if (CliApp.OptionAsValue(alone) is string misread)
                throw SpecReader.Error(Spec.Name, path, field.Line, $"{field.Key}: {misread[(option.Name.Length + 2)..]}");
            fromSpec.Add(token);
            origins[option.Name] = field;
        }
        return fromSpec;
    }

    /// <summary>Rewrites "--flag: problem" as "--spec FILE, line N: field: problem" when the flag's value came from the spec.</summary>
    private string? Explain(string message, string path, Dictionary<string, SpecField> origins)
    {
        foreach (var (flag, field) in origins)
        {
            if (message.StartsWith(flag + ":", StringComparison.Ordinal) || message.StartsWith(flag + " ", StringComparison.Ordinal))
                return SpecReader.Error(Spec.Name, path, field.Line, field.Key + message[flag.Length..]).Message;
        }
        return null;
    }
}
