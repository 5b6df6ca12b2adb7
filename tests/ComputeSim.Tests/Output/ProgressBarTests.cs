using ComputeSim.Cli.Output;

namespace ComputeSim.Tests.Output;

/// <summary>The bar ticks without news (a long L2 chunk) and answers an interrupt at once.</summary>
public sealed class ProgressBarTests
{
    [Fact]
    public void The_bar_redraws_on_its_own_between_reports()
    {
        var err = new StringWriter();
        using (var bar = new ProgressBar(err, 1000, TimeSpan.FromMilliseconds(20), TimeSpan.Zero))
        {
            bar.Report(10);
            // One report, then silence: the ticker alone must redraw several times.
            SpinWait.SpinUntil(() => Draws(err) >= 4, TimeSpan.FromSeconds(10));
        }
        Assert.True(Draws(err) >= 4, err.ToString());
        Assert.Contains("points/s", err.ToString());
    }

    [Fact]
    public void An_interrupt_is_acknowledged_before_the_chunk_ends()
    {
        var err = new StringWriter();
        using var cancel = new CancellationTokenSource();
        using var bar = new ProgressBar(err, 1000, TimeSpan.FromHours(1), TimeSpan.Zero, cancel.Token);
        bar.Report(1);
        cancel.Cancel();
        // No further report (the chunk is still running), yet the interrupt has been answered.
        Assert.Contains("interrupted: stopping at the next chunk boundary", err.ToString());
    }

    private static int Draws(StringWriter w)
    {
        lock (w)
            return w.ToString().Count(c => c == '\r');
    }
}
