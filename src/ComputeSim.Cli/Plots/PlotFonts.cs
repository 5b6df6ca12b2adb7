using ScottPlot;
using SkiaSharp;

namespace ComputeSim.Cli.Plots;

/// <summary>
/// The fonts every plot uses: DejaVu Sans regular and bold, embedded in the assembly. ScottPlot draws
/// no text at all, and raises no error, when it finds no font, and titles and axis labels ask for
/// bold; registering both from the build keeps plots independent of what a machine has installed.
/// </summary>
internal static class PlotFonts
{
    /// <summary>The family name plots ask for.</summary>
    public const string Family = "DejaVu Sans";

    private const string RegularResource = "fonts/DejaVuSans.ttf";
    private const string BoldResource = "fonts/DejaVuSans-Bold.ttf";
    private static readonly Lock Gate = new();
    private static EmbeddedFontResolver? _resolver;

    /// <summary>Registers the fonts with ScottPlot once, ahead of its system-font lookup.</summary>
    /// <exception cref="InvalidOperationException">The build lacks the font files.</exception>
    public static void Register()
    {
        lock (Gate)
        {
            if (_resolver is not null)
                return;
            _resolver = new EmbeddedFontResolver(Load(RegularResource), Load(BoldResource));
            Fonts.FontResolvers.Insert(0, _resolver);
            Fonts.Default = Family;
        }
    }

    /// <summary>
    /// A new plot whose every text (title, axes, ticks, legend) uses the embedded family: the fonts are
    /// registered before the plot exists, since labels take the default family when they are made.
    /// </summary>
    public static Plot NewPlot()
    {
        Register();
        var plot = new Plot();
        plot.Legend.FontName = Family;
        return plot;
    }

    private static SKTypeface Load(string resource)
    {
        Stream stream = typeof(PlotFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the font '{resource}' is missing from this build of computesim; plots cannot draw text without it");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"the font '{resource}' in this build of computesim cannot be read");
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Family"/> with the embedded faces.</summary>
    private sealed class EmbeddedFontResolver(SKTypeface regular, SKTypeface bold) : IFontResolver
    {
        private const int BoldFrom = (int)FontWeight.SemiBold;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            Pick(fontName, (int)weight >= BoldFrom);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Pick(fontName, bold);

        private SKTypeface? Pick(string fontName, bool isBold) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? (isBold ? bold : regular) : null;
    }
}
