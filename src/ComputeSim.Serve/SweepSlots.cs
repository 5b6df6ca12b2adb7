using System.Collections.Concurrent;

namespace ComputeSim.Serve;

/// <summary>
/// One sweep per client and a few at once overall: a client's new sweep cancels its previous one, and a sweep
/// waits a short while for a free slot before the server answers that it is busy.
/// </summary>
/// <param name="capacity">Sweeps running at once across all clients.</param>
public sealed class SweepSlots(int capacity)
{
    private readonly SemaphoreSlim _running = new(capacity, capacity);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _byClient = new(StringComparer.Ordinal);

    /// <summary>Sweeps running now.</summary>
    public int Running => capacity - _running.CurrentCount;

    /// <summary>Cancels the client's running sweep, if any, and registers a new one; dispose the claim when the sweep ends.</summary>
    public Claim Open(string client)
    {
        var cts = new CancellationTokenSource();
        CancellationTokenSource? previous = null;
        _byClient.AddOrUpdate(client, cts, (_, old) =>
        {
            previous = old;
            return cts;
        });
        Cancel(previous);
        return new Claim(this, client, cts);
    }

    /// <summary>Cancels the client's running sweep; whether there was one.</summary>
    public bool Cancel(string client)
    {
        if (!_byClient.TryGetValue(client, out CancellationTokenSource? cts))
            return false;
        Cancel(cts);
        return true;
    }

    private static void Cancel(CancellationTokenSource? cts)
    {
        try
        {
            cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile: nothing to stop.
        }
    }

    /// <summary>A client's sweep: its cancellation, and its share of the running slots.</summary>
    public sealed class Claim(SweepSlots owner, string client, CancellationTokenSource cts) : IDisposable
    {
        private bool _entered;

        /// <summary>Cancelled by the client's next sweep or its cancel request.</summary>
        public CancellationToken Token => cts.Token;

        /// <summary>Waits up to <paramref name="wait"/> for a running slot; false if none came free.</summary>
        public async Task<bool> EnterAsync(TimeSpan wait, CancellationToken cancel)
        {
            _entered = await owner._running.WaitAsync(wait, cancel).ConfigureAwait(false);
            return _entered;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (_entered)
                owner._running.Release();
            _entered = false;
            owner._byClient.TryRemove(new KeyValuePair<string, CancellationTokenSource>(client, cts));
            cts.Dispose();
        }
    }
}
