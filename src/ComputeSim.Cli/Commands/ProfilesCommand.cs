using System.CommandLine;
using System.Globalization;
using ComputeSim.Cli.Output;
using ComputeSim.Model;
using ComputeSim.Profiles;

namespace ComputeSim.Cli.Commands;

/// <summary><c>profiles list|show|validate</c>.</summary>
internal static class ProfilesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var list = new Command("list", "List the built-in hardware profiles.\nExample: computesim profiles list");
        list.SetAction(_ =>
        {
            var t = new TextTable("name", "year", "fp16_tflops", "bf16_tflops", "fp8_tflops", "memory_gb", "hbm_gb_per_s", "link", "board_power_w", "price_per_gpu_hour_usd", "price_class");
            foreach (HardwareProfile p in ProfileCatalog.All)
            {
                ProfileFile f = p.File;
                t.Add(p.Name, f.LaunchYear.ToString(CultureInfo.InvariantCulture), Tf(f.PeakDenseTflops.Fp16), Tf(f.PeakDenseTflops.Bf16), Tf(f.PeakDenseTflops.Fp8),
                    Format.Human(f.MemoryGb), Format.Human(f.MemoryBandwidthGbPerS), $"{f.ScaleUpLink.Kind} {Format.Human(f.ScaleUpLink.BandwidthGbPerS)} GB/s",
                    Format.Human(f.BoardPowerW), f.PricePerGpuHourUsd is double price ? $"{Format.Human(price)} ({f.PriceDate})" : "-", p.PriceClassText ?? "-");
            }
            t.Write(ctx.Out);
            return ExitCodes.Ok;
        });

        var name = new Argument<string>("name") { Description = "Profile name" };
        var show = new Command("show", "Print a built-in profile as JSON.\nExample: computesim profiles show h100-sxm5-80gb") { name };
        show.SetAction(parse =>
        {
            HardwareProfile p = ProfileCatalog.Get(parse.GetValue(name)!);
            // Read by people and by tools, not put in a web page: apostrophes and plus signs stay as written.
            ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(p.File, new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }));
            return ExitCodes.Ok;
        });

        var file = new Argument<string>("file") { Description = "Path to a profile JSON file" };
        var validate = new Command("validate", "Check a profile file; exit 2 with the file and field if it is wrong.\nExample: computesim profiles validate hardware-profiles/a100-sxm4-80gb.json") { file };
        validate.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            // A cluster profile is told apart by its node size; everything else is read as hardware.
            if (ProfileLoader.ReadText(path, "profile").Contains("\"gpus_per_node\"", StringComparison.Ordinal))
            {
                ClusterProfile c = ClusterLoader.Get(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : path + ".json");
                ctx.Out.WriteLine($"{path}: ok (cluster {c.Name}; {c.File.GpusPerNode} GPUs per node, {c.File.ScaleOutGbitPerSPerGpu} Gb/s per GPU, {c.File.Software})");
                return ExitCodes.Ok;
            }
            HardwareProfile p = ProfileLoader.LoadFile(path);
            ctx.Out.WriteLine($"{path}: ok ({p.Name}; supports {string.Join(", ", p.SupportedPrecisions.Select(PrecisionNames.Name))})");
            return ExitCodes.Ok;
        });

        var clusters = new Command("clusters", "List the built-in cluster profiles (for --cluster); reference_for names the accelerators a "
            + "cluster hosts when no --cluster is given.\nExample: computesim profiles clusters");
        clusters.SetAction(_ =>
        {
            var t = new TextTable("name", "gpus_per_node", "scale_out_gbit_per_s_per_gpu", "software", "reference_for", "description");
            foreach (ClusterProfile c in ClusterLoader.All)
            {
                t.Add(c.Name, c.File.GpusPerNode.ToString(CultureInfo.InvariantCulture), Format.Human(c.File.ScaleOutGbitPerSPerGpu), c.File.Software,
                    c.File.ReferenceFor is string[] hosted ? string.Join(",", hosted) : "-", c.File.Description);
            }
            t.Write(ctx.Out);
            return ExitCodes.Ok;
        });

        return new Command("profiles", "Hardware and cluster profiles: list, show, validate, clusters.") { list, show, validate, clusters };
    }

    private static string Tf(double? v) => v is double d ? Format.Human(d) : "-";
}
