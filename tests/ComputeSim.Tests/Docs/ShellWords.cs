using System.Text;

namespace ComputeSim.Tests.Docs;

/// <summary>
/// A docs command line split into words as bash would split a plain command: quotes and backslashes, nothing
/// more. Loops, globs, pipes and variables need a real shell: such a block carries <c>&lt;!-- docs: shell (why) --&gt;</c>.
/// </summary>
public static class ShellWords
{
    private const string NeedsShell = ";|&<>*?$`(){}";

    public static string[] Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
                i = Quoted(line, i, word);
            else if (c == '\\' && i + 1 < line.Length)
                word.Append(line[++i]);
            else if (NeedsShell.Contains(c))
                throw new ArgumentException($"'{c}' needs a shell: `{line}`");
            else
                word.Append(c);
        }
        if (inWord)
            words.Add(word.ToString());
        return [.. words];
    }

    private static int Quoted(string line, int open, StringBuilder word)
    {
        char quote = line[open];
        for (int i = open + 1; i < line.Length; i++)
        {
            if (line[i] == quote)
                return i;
            if (quote == '"' && line[i] == '\\' && i + 1 < line.Length && "\"\\$`".Contains(line[i + 1]))
                i++;
            word.Append(line[i]);
        }
        throw new ArgumentException($"an unclosed quote: `{line}`");
    }
}
