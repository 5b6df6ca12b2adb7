using System.CommandLine;
using ComputeSim.Engine;

namespace ComputeSim.Cli.Commands;

/// <summary><c>devices</c>: what ILGPU sees, and which backend <c>auto</c> would take.</summary>
internal static class DevicesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var command = new Command("devices", "List the accelerators ILGPU sees and the backend 'auto' picks.\nExample: computesim devices");
        command.SetAction(_ =>
        {
            foreach (DeviceInfo d in DeviceList.All())
                ctx.Out.WriteLine($"{d.Backend,-10} {d.Name}{(d.Note is null ? "" : $"  ({d.Note})")}");
            using SweepBackend auto = SweepBackend.Open(BackendKind.Auto, line => ctx.Err.WriteLine($"computesim: {line}"));
            ctx.Out.WriteLine($"auto -> {auto.Description}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
