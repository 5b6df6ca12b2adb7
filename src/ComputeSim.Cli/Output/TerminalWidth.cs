using System.Globalization;

namespace ComputeSim.Cli.Output;

/// <summary>How wide the text output may be: measured, never assumed.</summary>
internal static class TerminalWidth
{
    /// <summary>Used when neither the terminal nor <c>COLUMNS</c> says: what a split tmux pane or a laptop terminal shows.</summary>
    public const int Fallback = 120;

    /// <summary>Narrower than this, a table cannot show its identifying columns: the width is raised to it.</summary>
    public const int Minimum = 40;

    /// <summary>
    /// The terminal's width when <paramref name="output"/> is the process's console and it is a terminal, else the
    /// <c>COLUMNS</c> variable (what the shell exports on request, and what a test or a script sets), else <see cref="Fallback"/>.
    /// </summary>
    public static int Detect(TextWriter output, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && ConsoleWidth() is int measured)
            return Math.Max(Minimum, measured);
        if (int.TryParse(environment("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns > 0)
            return Math.Max(Minimum, columns);
        return Fallback;
    }

    private static int? ConsoleWidth()
    {
        try
        {
            int w = Console.WindowWidth;
            return w > 0 ? w : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
