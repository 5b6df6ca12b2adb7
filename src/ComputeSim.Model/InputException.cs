using System.Globalization;
using System.Text;

namespace ComputeSim.Model;

/// <summary>Bad user input: a file, flag or value that cannot be used. The message is one line naming the culprit.</summary>
/// <remarks>
/// The CLI prints the message alone and exits with code 2; it never shows a stack trace for these.
/// Messages quote what the user typed, which may hold line breaks, control characters or megabytes
/// of text: the constructor escapes control characters and shortens the message, so it stays one
/// readable line whatever was quoted.
/// </remarks>
public sealed class InputException(string message) : Exception(OneLine(message))
{
    /// <summary>Longest message kept; the culprit (flag or file) comes first, so the cut falls in the quoted value.</summary>
    public const int MaxMessageLength = 500;

    /// <summary>The message with control characters escaped, cut to <see cref="MaxMessageLength"/> characters.</summary>
    public static string OneLine(string message)
    {
        var s = new StringBuilder(Math.Min(message.Length, MaxMessageLength + 16));
        foreach (char c in message)
        {
            if (s.Length >= MaxMessageLength)
                return s.Append("...").ToString();
            s.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return s.ToString();
    }
}
