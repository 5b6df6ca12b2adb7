using System.CommandLine;
using System.CommandLine.Parsing;
using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Options;

/// <summary>A value a typed option can write back as the text that parses to it (for <c>--dump-spec</c>).</summary>
internal interface IShownOption
{
    /// <summary>The option's value in <paramref name="parse"/> as text that parses back to it, or null when it has none.</summary>
    string? Shown(ParseResult parse);

    /// <summary>The default as text that parses back to it (for help), or null when there is none.</summary>
    string? ShownDefault { get; }
}

/// <summary>
/// An option whose value a library parser turns into <typeparamref name="T"/> while the command line is parsed,
/// so a bad value is a parse error (one line naming the flag, exit 2) before any work starts, and actions
/// receive typed values.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class TypedOption<T> : Option<T>, IShownOption
{
    private readonly Func<T, string?> _show;
    private readonly T _fallback;

    /// <param name="name">The flag.</param>
    /// <param name="description">Help text.</param>
    /// <param name="parse">A library parser; its <see cref="InputException"/>'s detail becomes the parse error.</param>
    /// <param name="show">The text that parses back to a value, or null for "no value".</param>
    /// <param name="fallback">The value when the flag is absent.</param>
    /// <param name="aliases">Other names of the flag.</param>
    public TypedOption(string name, string description, Func<string, T> parse, Func<T, string?> show, T fallback, params string[] aliases)
        : base(name, aliases)
    {
        _show = show;
        _fallback = fallback;
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
                // The parse error is prefixed with the flag's name: keep only what the library says about the value.
                result.AddError(e.Detail ?? e.Message);
                return fallback;
            }
        };
        // Completion lists the names users type (Completions adds them), not the CLR names of an enum.
        CompletionSources.Clear();
    }

    /// <inheritdoc />
    /// <remarks>A value given is shown as it was typed (<c>175B</c> stays <c>175B</c>); a default as <paramref name="show"/> writes it.</remarks>
    public string? Shown(ParseResult parse) =>
        parse.GetResult(this) is { Implicit: false, Tokens: [.., var last] } ? last.Value : _show(parse.GetValue(this)!);

    /// <inheritdoc />
    public string? ShownDefault => _show(_fallback);
}

/// <summary>The project's typed options.</summary>
internal static class TypedOptions
{
    /// <summary>A number (K/M/B/T suffixes allowed) with a default given as text (a sourced default's <c>Text</c>); its range is the request's to check.</summary>
    public static TypedOption<double> Number(string name, string description, string fallback, params string[] aliases) =>
        new(name, description, text => Validate.Parse(text, name), Shown, Validate.Parse(fallback, name), aliases);

    /// <summary>A number that may be absent (null: the request's default, or "not given").</summary>
    public static TypedOption<double?> OptionalNumber(string name, string description, params string[] aliases) =>
        new(name, description, text => Validate.Parse(text, name), v => v is double d ? Shown(d) : null, null, aliases);

    private static string Shown(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A backend option (<c>--backend</c>, <c>--mc-backend</c>) taking the names of <see cref="Backends"/>.</summary>
    public static TypedOption<BackendKind> Backend(string name, string description, BackendKind fallback) =>
        new(name, $"{description}: one of {string.Join(", ", Backends.Names)}",
            text => Backends.Parse(text, name.TrimStart('-').Replace('-', '_')), kind => kind.Name(), fallback);
}
