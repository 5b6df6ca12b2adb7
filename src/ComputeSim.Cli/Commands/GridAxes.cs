using ComputeSim.Engine;

namespace ComputeSim.Cli.Commands;

/// <summary>Flags that <c>sweep</c>, <c>plan</c> and <c>compare</c> turn into request fields alike.</summary>
internal static class GridAxes
{
    /// <summary><c>--hardware</c>: the names, or null for the default set ('all' or absent).</summary>
    public static string[]? Hardware(string? text) => text is null || text.Trim() == "all" ? null : text.Split(',');

    /// <summary><c>--price-per-gpu-hour</c> as an axis, or null when absent or given per accelerator.</summary>
    public static double[]? PriceAxis(string? text) =>
        text is null || AcceleratorPrices.Applies(text) ? null : AxisParser.Parse(text, "--price-per-gpu-hour").Values;

    /// <summary><c>--price-per-gpu-hour</c> as NAME=USD pairs, or null when absent or an axis.</summary>
    public static IReadOnlyDictionary<string, double>? PricesByName(string? text) =>
        AcceleratorPrices.Applies(text) ? AcceleratorPrices.Parse(text!, "price_per_gpu_hour") : null;
}
