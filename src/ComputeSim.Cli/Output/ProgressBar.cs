using System.Diagnostics;
using System.Globalization;

namespace ComputeSim.Cli.Output;

/// <summary>
/// A one-line progress bar with rate and ETA on stderr, shown only when stderr is a terminal. It redraws on its own
/// every second, so that it ticks while a long chunk (an L2 layout search) runs, and it acknowledges Ctrl-C at once.
/// </summary>
internal sealed class ProgressBar : IProgress<long>, IDisposable
{
    /// <summary>How often the bar redraws without news: the "at least once a second".</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private const double RedrawSeconds = 0.25;
    private const int BarWidth = 30;
    private readonly TextWriter _err;
    private readonly long _total;
    private readonly double _quietStartSeconds;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _ticker;
    private readonly CancellationTokenRegistration _interrupt;
    private long _done;
    private double _lastDraw = double.NegativeInfinity;
    private bool _drawn;
    private bool _finished;

    /// <summary>A bar on <paramref name="err"/>: silent for <paramref name="quietStart"/> (short jobs never draw), then redrawn every <paramref name="tick"/>.</summary>
    public ProgressBar(TextWriter err, long total, TimeSpan tick, TimeSpan quietStart, CancellationToken cancel = default)
    {
        _err = err;
        _total = total;
        _quietStartSeconds = quietStart.TotalSeconds;
        _ticker = new Timer(_ => Draw(force: true), null, tick, tick);
        _interrupt = cancel.Register(Acknowledge);
    }

    /// <summary>A bar on the process's stderr if it is a terminal and not <paramref name="quiet"/>; else null.</summary>
    public static ProgressBar? ForTerminal(CliContext ctx, long total, bool quiet) =>
        quiet || !ReferenceEquals(ctx.Err, Console.Error) || Console.IsErrorRedirected ? null : new ProgressBar(ctx.Err, total, Tick, Tick, ctx.Cancel);

    /// <inheritdoc />
    public void Report(long done)
    {
        Interlocked.Exchange(ref _done, done);
        Draw(force: false);
    }

    private void Draw(bool force)
    {
        lock (_err)
        {
            double t = _clock.Elapsed.TotalSeconds;
            if (_finished || t < _quietStartSeconds || (!force && t - _lastDraw < RedrawSeconds))
                return;
            _lastDraw = t;
            long done = Interlocked.Read(ref _done);
            double f = _total == 0 ? 1 : (double)done / _total;
            double rate = done / t;
            string eta = rate > 0 ? $"ETA {(_total - done) / rate:0}s" : "ETA -";
            int filled = (int)(Math.Clamp(f, 0, 1) * BarWidth);
            _err.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {f * 100,5:0.0}%  {Rate(rate)}  {t:0}s  {eta}   "));
            _drawn = true;
        }
    }

    // Ctrl-C is answered at once, even while a chunk runs on: the sweep stops at its next boundary.
    private void Acknowledge()
    {
        lock (_err)
        {
            if (_finished)
                return;
            _err.Write((_drawn ? "\n" : "") + "interrupted: stopping at the next chunk boundary and keeping what is done (Ctrl-C again quits at once)\n");
            _drawn = false;
        }
    }

    /// <summary>A rate in points per second with a K/M/G suffix to three significant figures: 850 points/s, 12.4K points/s, 1.2G points/s.</summary>
    public static string Rate(double pointsPerSecond) =>
        double.IsFinite(pointsPerSecond) ? Format.Sig(pointsPerSecond).Replace('B', 'G') + " points/s" : "n/a points/s";

    /// <summary>Stops the ticking and clears the line.</summary>
    public void Finish()
    {
        _ticker.Change(Timeout.Infinite, Timeout.Infinite);
        lock (_err)
        {
            _finished = true;
            if (_drawn)
                _err.Write("\r" + new string(' ', BarWidth + 60) + "\r");
            _drawn = false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Finish();
        _ticker.Dispose();
        _interrupt.Dispose();
    }
}
