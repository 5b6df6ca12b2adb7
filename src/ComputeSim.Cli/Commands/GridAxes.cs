using ComputeSim.Engine;
using ComputeSim.Model;

namespace ComputeSim.Cli.Commands;

/// <summary>Axis flags that <c>sweep</c> and <c>plan</c> read alike.</summary>
public static class GridAxes
{
    /// <summary>The <c>--gpus</c> axis, less the values above <c>--max-gpus</c> when it is given.</summary>
    public static double[] Gpus(string text, string? maxGpusText)
    {
        double[] gpus = AxisParser.Parse(text, "--gpus", wholeNumbers: true).Values.Select(v => Validate.Gpus(v, "--gpus")).ToArray();
        if (maxGpusText is null)
            return gpus;
        double maxGpus = Validate.Number(maxGpusText, "--max-gpus", 0, Validate.MaxGpus);
        gpus = gpus.Where(g => g <= maxGpus).ToArray();
        return gpus.Length > 0 ? gpus : throw new InputException($"--max-gpus: no value of --gpus is <= {maxGpusText}");
    }

    /// <summary>The <c>--price-per-gpu-hour</c> axis, or null for each profile's own price.</summary>
    public static double[]? Prices(string? text) => text is null
        ? null
        : AxisParser.Parse(text, "--price-per-gpu-hour").Values.Select(v => Validate.InRange(v, "--price-per-gpu-hour", 0, 1000)).ToArray();
}
