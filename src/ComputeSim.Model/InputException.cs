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
public sealed class InputException : Exception
{
    /// <summary>An error whose message names its culprit itself (a file, say).</summary>
    public InputException(string message)
        : base(OneLine(message))
    {
    }

    /// <summary>
    /// An error about one input field: <paramref name="subject"/> is the request's field (<c>gpus</c>,
    /// <c>planning.restart_minutes</c>, a profile field), which a front end maps to its own name for it
    /// (a flag, a spec key, a form field). The message reads "subject: detail".
    /// </summary>
    public InputException(string subject, string detail)
        : base(OneLine($"{subject}: {detail}"))
    {
        Subject = subject;
        Detail = OneLine(detail);
    }

    /// <summary>The request field the error is about, or null when the message names its culprit itself.</summary>
    public string? Subject { get; }

    /// <summary>The message without its subject, or null with no subject.</summary>
    public string? Detail { get; }

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
