using System.CommandLine;
using System.CommandLine.Completions;
using System.Globalization;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli;

/// <summary>
/// Tab completion of values: hardware profiles, model presets, precisions, backends and grid regions, by option name
/// on every command that has the option (so a new command gets them too). Shells ask through the
/// parser's <c>[suggest:N] "line"</c> directive; choices fixed with <c>AcceptOnlyFromAmong</c> complete already.
/// </summary>
internal static class Completions
{
    /// <summary>Adds the completion sources to every command under <paramref name="root"/>.</summary>
    public static void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (Command command in Walk(root))
        {
            foreach (Option option in command.Options)
            {
                Func<IEnumerable<string>>? names = option.Name switch
                {
                    "--hardware" => HardwareNames,
                    "--model" => () => Commands.JobOptions.PresetNames,
                    "--cluster" => () => ClusterLoader.All.Select(c => c.Name),
                    "--precision" => () => PrecisionNames.All.Select(PrecisionNames.Name),
                    "--backend" or "--mc-backend" => () => Backends.Names,
                    "--grid-region" => () => GridIntensity.Regions.Keys,
                    _ => null,
                };
                if (names is null)
                    continue;
                option.CompletionSources.Add(context => ListItems(context.WordToComplete, names()));
                // Help names an option's value after its completions unless told otherwise: 15 profiles make a wall.
                if (option.Name is "--hardware" or "--model" or "--cluster")
                {
                    option.HelpName ??= option.Name switch
                    {
                        "--model" => "preset",
                        "--cluster" => "name|file.json",
                        _ => option.Description?.StartsWith("Comma-separated", StringComparison.Ordinal) == true ? "names" : "name",
                    };
                }
            }
            if (command is { Name: "show", Parents: var parents } && parents.OfType<Command>().Any(p => p.Name == "profiles"))
                command.Arguments[0].CompletionSources.Add(context => ListItems(context.WordToComplete, HardwareNames(), lists: false));
        }
    }

    /// <summary>
    /// Refuses a <c>[suggest:N]</c> directive whose cursor position is not a whole number &gt;= 0: the parser
    /// would fail inside with an internal error (a negative position cuts the line at -1).
    /// </summary>
    public static void CheckDirectives(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (string arg in args.TakeWhile(a => a.StartsWith('[') && a.EndsWith(']')))
        {
            if (arg.StartsWith(SuggestPrefix, StringComparison.Ordinal)
                && !int.TryParse(arg[SuggestPrefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InputException($"{arg}: the cursor position must be a whole number >= 0, as in [suggest:12]");
        }
    }

    private const string SuggestPrefix = "[suggest:";

    /// <summary>True when the command line is the shell's completion request (<c>[suggest:N] "line"</c>).</summary>
    public static bool IsSuggest(IReadOnlyList<string> args) =>
        args is [string first, ..] && first.StartsWith(SuggestPrefix, StringComparison.Ordinal) && first.EndsWith(']');

    /// <summary>Writes the parser's completions that start with the word under the cursor, one per line.</summary>
    public static void WriteStartingWith(IReadOnlyList<string> args, string completions, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(completions);
        ArgumentNullException.ThrowIfNull(output);
        string line = args.Count > 1 ? args[1] : "";
        int position = int.TryParse(args[0][SuggestPrefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? Math.Min(p, line.Length) : line.Length;
        string before = line[..position];
        string word = before.EndsWith(' ') ? "" : before[(before.LastIndexOf(' ') + 1)..];
        // "--model=gp": the word is the value after '='.
        word = word[(word.IndexOf('=') + 1)..];
        foreach (string item in completions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                output.WriteLine(item);
        }
    }

    /// <summary>
    /// Completes the last item of a comma-separated list (<c>h100-sxm5-80gb,mi</c> → <c>h100-sxm5-80gb,mi300x</c>),
    /// leaving out items already listed; with <paramref name="lists"/> false the whole word is one item.
    /// </summary>
    public static IEnumerable<CompletionItem> ListItems(string word, IEnumerable<string> names, bool lists = true)
    {
        ArgumentNullException.ThrowIfNull(word);
        int comma = lists ? word.LastIndexOf(',') : -1;
        string done = word[..(comma + 1)], part = word[(comma + 1)..];
        var listed = done.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.Where(n => n.StartsWith(part, StringComparison.OrdinalIgnoreCase) && !listed.Contains(n))
            .Select(n => new CompletionItem(done + n));
    }

    private static IEnumerable<string> HardwareNames() => ProfileCatalog.All.Select(p => p.Name);

    private static IEnumerable<Command> Walk(Command command) => [command, .. command.Subcommands.SelectMany(Walk)];
}
