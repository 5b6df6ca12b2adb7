using System.Diagnostics;
using System.Globalization;

namespace ComputeSim.Cli.Output;

/// <summary>A one-line progress bar with rate and ETA on stderr, shown only when stderr is a terminal.</summary>
internal sealed class ProgressBar : IProgress<long>, IDisposable
{
    private const double RedrawSeconds = 0.25;
    private const double QuietStartSeconds = 1.0;
    private const int BarWidth = 30;
    private readonly TextWriter _err;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lastDraw = double.NegativeInfinity;
    private bool _drawn;

    private ProgressBar(TextWriter err, long total)
    {
        _err = err;
        _total = total;
    }

    /// <summary>A bar on the process's stderr if it is a terminal and not <paramref name="quiet"/>; else null.</summary>
    public static ProgressBar? ForTerminal(CliContext ctx, long total, bool quiet) =>
        quiet || !ReferenceEquals(ctx.Err, Console.Error) || Console.IsErrorRedirected ? null : new ProgressBar(ctx.Err, total);

    /// <inheritdoc />
    public void Report(long done)
    {
        double t = _clock.Elapsed.TotalSeconds;
        // Short jobs never draw: the bar appears only once a job has run for a second.
        if (t < QuietStartSeconds || t - _lastDraw < RedrawSeconds)
            return;
        _lastDraw = t;
        double f = _total == 0 ? 1 : (double)done / _total;
        double rate = done / t;
        double eta = rate > 0 ? (_total - done) / rate : double.PositiveInfinity;
        int filled = (int)(f * BarWidth);
        lock (_err)
        {
            _err.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {f * 100,5:0.0}%  {rate / 1e6:0.0} M points/s  ETA {eta:0}s   "));
            _drawn = true;
        }
    }

    /// <summary>Clears the line.</summary>
    public void Finish()
    {
        if (_drawn)
            _err.Write("\r" + new string(' ', BarWidth + 50) + "\r");
        _drawn = false;
    }

    /// <inheritdoc />
    public void Dispose() => Finish();
}
