using System.CommandLine.Parsing;
using ComputeSim.Io;
using ComputeSim.Model;

namespace ComputeSim.Cli;

/// <summary>
/// <c>@FILE</c> arguments: the file's words stand in for the argument, one level deep. The parser's own
/// expansion is switched off (<see cref="CliApp.Parsing"/>) because it expands the words it inserted
/// again, so a file that named itself grew until memory ran out, and it read <c>@/dev/zero</c> without
/// end. Here a response file is read only if it is a regular file within <see cref="MaxFileBytes"/>,
/// and an <c>@</c> word inside one is refused: response files do not nest.
/// </summary>
internal static class ResponseFiles
{
    /// <summary>Largest response file read.</summary>
    public const int MaxFileBytes = BoundedFile.DefaultMaxBytes;

    /// <summary>Most words all response files may add: a real one holds tens; half a million took the parser 1 s and 180 MB.</summary>
    public const int MaxWords = 10_000;

    /// <summary>
    /// The arguments with every <c>@FILE</c> (before a <c>--</c>) replaced by the file's words: lines split
    /// as the parser splits a command line, blank lines and lines starting with <c>#</c> skipped.
    /// </summary>
    public static string[] Expand(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var expanded = new List<string>(args.Count);
        bool literal = false;
        int words = 0;
        foreach (string arg in args)
        {
            literal |= arg == "--";
            if (literal || !IsResponseFile(arg))
            {
                expanded.Add(arg);
                continue;
            }
            string text = BoundedFile.ReadAllText(arg[1..], MaxFileBytes, arg, "response file");
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                    continue;
                foreach (string word in CommandLineParser.SplitCommandLine(line))
                {
                    if (IsResponseFile(word))
                        throw new InputException($"{arg}, line {i + 1}: '{word}' names a response file; response files do not nest");
                    if (++words > MaxWords)
                        throw new InputException($"{arg}, line {i + 1}: more than {MaxWords:N0} words in response files; is it the right file?");
                    expanded.Add(word);
                }
            }
        }
        return [.. expanded];
    }

    private static bool IsResponseFile(string arg) => arg.Length > 1 && arg[0] == '@';
}
