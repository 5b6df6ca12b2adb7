using System.CommandLine;
using System.Net.Sockets;
using ComputeSim.Cli.Options;
using ComputeSim.Cli.Serve;
using ComputeSim.Engine;
using ComputeSim.Model;
using ComputeSim.Serve;
using Microsoft.AspNetCore.Builder;

namespace ComputeSim.Cli.Commands;

/// <summary><c>serve</c>: the web page and JSON API over the same use cases, until Ctrl-C.</summary>
internal static class ServeCommand
{
    private const int MaxPort = 65535;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port)", DefaultValueFactory = _ => ServeSettings.DefaultPort };
        var host = new Option<string>("--host") { Description = "Address to listen on; the default serves this machine only (0.0.0.0 exposes it to the network)", DefaultValueFactory = _ => ServeSettings.Loopback };
        TypedOption<BackendKind> backend = TypedOptions.Backend("--backend", "Sweep backend", BackendKind.Auto);
        var command = new Command("serve", "Serve a web page and a JSON API (estimate, compare, sweep, plan, profiles, validate) on this machine.\n"
            + "Example: computesim serve --port 5080") { port, host, backend };
        command.SetAction(parse => Run(ctx, new ServeSettings(parse.GetValue(host)!, parse.GetValue(port)), parse.GetValue(backend)));
        return command;
    }

    private static int Run(CliContext ctx, ServeSettings settings, BackendKind backend)
    {
        if (settings.Port is < 0 or > MaxPort)
            throw new InputException($"--port: {settings.Port} is out of range; expected 0..{MaxPort}");
        WebApplication app = ServeApp.Build(settings, CommandLineSimulator.Create(backend));
        try
        {
            app.StartAsync(ctx.Cancel).GetAwaiter().GetResult();
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"--port: cannot listen on {settings.Host}:{settings.Port} ({InputException.OneLine(e.Message)}); choose another with --port");
        }
        ctx.Out.WriteLine($"computesim: serving on {ServeApp.BrowserUrl(app)} (Ctrl-C to stop)");
        if (settings.Exposed)
            ctx.Err.WriteLine($"computesim: note: --host {settings.Host} lets other machines run sweeps here; there is no login");
        ctx.Out.Flush();
        try
        {
            Task.Delay(Timeout.Infinite, ctx.Cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop serving.
        }
        app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
        return ExitCodes.Ok;
    }
}
