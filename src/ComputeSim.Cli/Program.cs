namespace ComputeSim.Cli;

/// <summary>Entry point of <c>computesim</c>.</summary>
public static class Program
{
    /// <summary>Runs the CLI on the process's console.</summary>
    public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
