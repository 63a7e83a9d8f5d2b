namespace Rush.Platform.Messaging.Outbox;

/// <summary>Wakes the outbox relay as soon as a writer committed new events (it also polls).</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Tells the relay there is work; cheap and safe to call after every commit.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke the relay first; one wake-up is enough.
            }
        }
    }

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken ct) =>
        await _signal.WaitAsync(pollInterval, ct);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
