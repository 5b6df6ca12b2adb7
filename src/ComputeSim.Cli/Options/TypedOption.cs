using System.CommandLine;
using System.CommandLine.Parsing;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Options;

/// <summary>A value a typed option can write back as the text that parses to it (for <c>--dump-spec</c>).</summary>
internal interface IShownOption
{
    /// <summary>The option's value in <paramref name="parse"/> as text that parses back to it.</summary>
    string Shown(ParseResult parse);
}

/// <summary>
/// An option whose value a library parser turns into <typeparamref name="T"/> while the command line is parsed,
/// so a bad value is a parse error (one line naming the flag, exit 2) before any work starts, and actions
/// receive typed values.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class TypedOption<T> : Option<T>, IShownOption
{
    private readonly Func<T, string> _show;

    /// <param name="name">The flag.</param>
    /// <param name="description">Help text.</param>
    /// <param name="parse">A library parser; its <see cref="InputException"/>'s detail becomes the parse error.</param>
    /// <param name="show">The text that parses back to a value.</param>
    /// <param name="fallback">The value when the flag is absent.</param>
    public TypedOption(string name, string description, Func<string, T> parse, Func<T, string> show, T fallback)
        : base(name)
    {
        _show = show;
        Description = description;
        DefaultValueFactory = _ => fallback;
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            try
            {
                return parse(text);
            }
            catch (InputException e)
            {
                result.AddError(e.Detail ?? e.Message);
                return fallback;
            }
        };
        // Completion lists the names users type (Completions adds them), not the CLR names of an enum.
        CompletionSources.Clear();
    }

    /// <inheritdoc />
    public string Shown(ParseResult parse) => _show(parse.GetValue(this)!);
}

/// <summary>The project's typed options.</summary>
internal static class TypedOptions
{
    /// <summary>A backend option (<c>--backend</c>, <c>--mc-backend</c>) taking the names of <see cref="Backends"/>.</summary>
    public static TypedOption<BackendKind> Backend(string name, string description, BackendKind fallback) =>
        new(name, $"{description}: one of {string.Join(", ", Backends.Names)}",
            text => Backends.Parse(text, name.TrimStart('-').Replace('-', '_')), kind => kind.Name(), fallback);
}
