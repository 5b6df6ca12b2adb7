using ComputeSim.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ComputeSim.Cli.Spec;

/// <summary>
/// Reads a YAML spec event by event, within stated bounds. It never builds a node tree (YamlDotNet's
/// <c>YamlStream</c> recurses once per level, so a spec nested 30,000 deep overflowed the stack), and
/// never lets aliases copy more text than a spec file may hold (an alias bomb of 45 KB took 3.6 GB).
/// A spec is one document holding one mapping of field → value or list of values: depth 2 at most.
/// </summary>
internal static class YamlSpec
{
    /// <summary>Most YAML events (nodes, starts and ends) a spec may hold; a real spec has under 200.</summary>
    public const int MaxEvents = 100_000;

    /// <summary>Most characters that aliases (<c>*name</c>) may copy, in total: the size limit of a spec file.</summary>
    public const int MaxAliasChars = Io.BoundedFile.DefaultMaxBytes;

    /// <summary>The fields of <paramref name="text"/>, in file order; errors name the flag, the file and the line.</summary>
    public static List<SpecField> Read(string text, string path, string flag) => new Reader(text, path, flag).Fields();

    private sealed class Reader(string text, string path, string flag)
    {
        private readonly Parser _parser = new(new StringReader(text));
        private readonly Dictionary<string, string> _anchors = new(StringComparer.Ordinal);
        private int _events, _aliasChars, _line = 1;

        public List<SpecField> Fields()
        {
            Expect<StreamStart>();
            if (Next() is StreamEnd)
                throw new InputException($"{flag} {path}: the file is empty; expected fields such as 'params: 7B'");
            Expect<DocumentStart>(Current);
            if (Next() is not MappingStart)
                throw Error(_line, "expected fields such as 'params: 7B', one per line");
            var fields = new List<SpecField>();
            while (Next() is not MappingEnd)
            {
                int line = _line;
                if (Current is not Scalar { Value: var key })
                    throw Error(line, "a field name must be plain text");
                Next();
                fields.Add(new SpecField(key, line, Value(key, line)));
            }
            Expect<DocumentEnd>(Next());
            if (Next() is DocumentStart)
                throw Error(_line, "a second YAML document ('---'); a spec holds one");
            return fields;
        }

        private ParsingEvent Current => _parser.Current!;

        // One value: text, an alias of text, or a list of those (joined by commas, as on the command line).
        private string Value(string key, int line)
        {
            if (Current is SequenceStart list)
            {
                var items = new List<string>();
                while (Next() is not SequenceEnd)
                    items.Add(Plain(key, line) ?? throw Error(line, $"'{key}' must list plain values"));
                if (items.Count == 0)
                    throw Error(line, $"'{key}' has no value");
                return Remember(list.Anchor, string.Join(',', items));
            }
            return Plain(key, line) ?? throw Error(line, $"'{key}' must be a value or a list of values");
        }

        private string? Plain(string key, int line) => Current switch
        {
            Scalar { Value.Length: > 0 } s => Remember(s.Anchor, s.Value),
            Scalar => throw Error(line, $"'{key}' has no value"),
            AnchorAlias alias => Alias(alias, line),
            _ => null,
        };

        private string Remember(AnchorName anchor, string value)
        {
            if (!anchor.IsEmpty)
                _anchors[anchor.Value] = value;
            return value;
        }

        private string Alias(AnchorAlias alias, int line)
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out string? value))
                throw Error(line, $"alias '*{alias.Value.Value}' names no value before it");
            _aliasChars += value.Length;
            if (_aliasChars > MaxAliasChars)
                throw Error(line, $"aliases copy more than {MaxAliasChars:N0} characters; write the values out");
            return value;
        }

        private ParsingEvent Next()
        {
            try
            {
                if (!_parser.MoveNext())
                    throw Error(_line, "not valid YAML: the file ends early");
            }
            catch (YamlException e)
            {
                throw Error((int)e.Start.Line, $"not valid YAML: {e.Message}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet throws this, without a position, for some unterminated collections.
                throw Error(_line, "not valid YAML: a list or mapping is not closed");
            }
            if (++_events > MaxEvents)
                throw Error(_line, $"more than {MaxEvents:N0} YAML nodes; a spec holds one mapping of fields");
            _line = (int)Current.Start.Line;
            return Current;
        }

        private void Expect<T>(ParsingEvent? current = null) where T : ParsingEvent
        {
            if ((current ?? Next()) is not T)
                throw Error(_line, "expected fields such as 'params: 7B', one per line");
        }

        private InputException Error(int line, string what) => SpecReader.Error(flag, path, line, what);
    }
}
