using System.Text;
using ComputeSim.Cli.Output;
using ComputeSim.Io;
using ComputeSim.Model;
using ScottPlot;
using SkiaSharp;

namespace ComputeSim.Cli.Plots;

/// <summary>Image formats a plot can be written in, chosen by the file's extension.</summary>
internal enum PlotFormat
{
    /// <summary>PNG raster.</summary>
    Png,
    /// <summary>SVG vector.</summary>
    Svg,
}

/// <summary>Writes plots to PNG or SVG files, atomically.</summary>
internal static class PlotFile
{
    /// <summary>Image width, pixels.</summary>
    public const int Width = 1000;

    /// <summary>Image height, pixels.</summary>
    public const int Height = 640;

    private static readonly Lock RenderGate = new();

    /// <summary>The format of a path by its extension; any other extension is an error naming the flag.</summary>
    public static PlotFormat FormatOf(string path, string flag) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => PlotFormat.Png,
        ".svg" => PlotFormat.Svg,
        _ => throw new InputException($"{flag}: '{path}' must end in .png or .svg"),
    };

    /// <summary>Checks a path before any work is done: a known extension in an existing folder.</summary>
    public static void Check(string path, string flag)
    {
        FormatOf(path, flag);
        OutputTarget.Check(path, flag);
    }

    /// <summary>Renders <paramref name="plot"/> and writes it under a temporary name, renamed when complete.</summary>
    public static void Save(Plot plot, string path, string flag)
    {
        ArgumentNullException.ThrowIfNull(plot);
        Write(path, flag, format => format == PlotFormat.Png
            ? plot.GetImageBytes(Width, Height, ImageFormat.Png)
            : Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)));
    }

    /// <summary>Renders a figure of several plots (panels) and writes it like <see cref="Save(Plot, string, string)"/>.</summary>
    public static void Save(Multiplot figure, string path, string flag)
    {
        ArgumentNullException.ThrowIfNull(figure);
        Write(path, flag, format => format == PlotFormat.Png ? figure.Render(Width, Height).GetImageBytes(ImageFormat.Png) : Svg(figure));
    }

    private static byte[] Svg(Multiplot figure)
    {
        // A plot's first render sets its axis limits and then draws again: done in memory first, as
        // Plot.GetSvgXml does, so that the SVG holds each text once rather than twice.
        figure.Render(Width, Height).Dispose();
        using var stream = new MemoryStream();
        // The SVG is complete only once its canvas is disposed.
        using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
            figure.Render(canvas, new PixelRect(0, Width, Height, 0));
        return stream.ToArray();
    }

    private static void Write(string path, string flag, Func<PlotFormat, byte[]> render)
    {
        PlotFormat format = FormatOf(path, flag);
        byte[] bytes;
        // ScottPlot's font caches are process-wide: one render at a time keeps them consistent
        // (the CLI draws one plot per run; in-process callers such as tests may draw several at once).
        lock (RenderGate)
            bytes = render(format);
        using AtomicFile file = AtomicFile.Create(path, flag);
        file.Stream.Write(bytes);
        file.Commit();
    }
}
