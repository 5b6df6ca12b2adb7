using System.Runtime.InteropServices;

namespace ComputeSim.Cli;

/// <summary>Entry point of <c>computesim</c>.</summary>
internal static class Program
{
    /// <summary>Runs the CLI on the process's console; Ctrl-C and SIGTERM ask a running sweep to stop cleanly.</summary>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        using IDisposable? interrupt = OnSignal(PosixSignal.SIGINT, cancel);
        using IDisposable? terminate = OnSignal(PosixSignal.SIGTERM, cancel);
        return CliApp.Run(args, Console.Out, Console.Error, cancel.Token);
    }

    private static PosixSignalRegistration? OnSignal(PosixSignal signal, CancellationTokenSource cancel)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                // The first signal stops the sweep at a chunk boundary; a second one ends the process at once.
                context.Cancel = !cancel.IsCancellationRequested;
                cancel.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
