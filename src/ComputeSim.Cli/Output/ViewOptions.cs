using System.CommandLine;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Output;

/// <summary><c>--columns</c> and <c>--wide</c>: which table columns text output shows, fitted to the terminal's width.</summary>
/// <param name="known">Every column (or, for a breakdown, quantity) name the command's tables can show.</param>
internal sealed class ViewOptions(IReadOnlyList<string> known)
{
    /// <summary>--columns.</summary>
    public Option<string?> Columns { get; } = new("--columns") { Description = $"Table columns to show, comma-separated (default: a set that fits the terminal); any of: {string.Join(", ", known)}", HelpName = "names" };

    /// <summary>--wide.</summary>
    public Option<bool> Wide { get; } = new("--wide") { Description = "Show every table column and wrap nothing (for a wide terminal, or a file)" };

    /// <summary>Every name <c>--columns</c> accepts.</summary>
    public IReadOnlyList<string> Known => known;

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Columns.CompletionSources.Add(context => Completions.ListItems(context.WordToComplete, known));
        command.Add(Columns);
        command.Add(Wide);
    }

    /// <summary>The view the flags ask for, at the width of <paramref name="ctx"/>'s output; checked before any work.</summary>
    public TextView Resolve(ParseResult parse, CliContext ctx, bool json)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        string? text = parse.GetValue(Columns);
        bool wide = parse.GetValue(Wide);
        if (json && (text is not null || wide))
            throw new InputException($"{(wide ? Wide.Name : Columns.Name)}: lays out text tables; --format json prints every field");
        if (text is not null && wide)
            throw new InputException("--columns and --wide: give one, not both");
        IReadOnlyList<string>? columns = null;
        if (text is not null)
        {
            string[] names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0)
                throw new InputException("--columns: give at least one column name");
            if (names.FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal)) is string unknown)
                throw new InputException($"--columns: unknown column '{unknown}'{DidYouMean.Suffix(unknown, known)}; known: {string.Join(", ", known)}");
            columns = names;
        }
        return new TextView(ctx.Width, columns, wide);
    }
}
