using System.Net.WebSockets;
using System.Threading.Channels;

namespace Rush.Kitchen.Screens;

/// <summary>One connected screen: a bounded send queue drained by the screen's own writer.</summary>
/// <remarks>
/// The hub only ever calls <see cref="TryEnqueue"/>, which never waits, so a screen on a slow link
/// delays nobody: when its queue is full the hub drops it (<see cref="Abort"/>) and it reconnects
/// with <c>?since=</c>. The writer skips every message at or below the last seq it sent, which is
/// what makes "queue first, then send the snapshot or replay" free of duplicates.
/// </remarks>
/// <param name="socket">The accepted WebSocket.</param>
/// <param name="station">KDS station filter, or null.</param>
/// <param name="queueSize">Messages that may wait for this screen.</param>
/// <param name="kitchenView">A KDS screen: contact data cut to the first name (ScreenMessage.ForKitchen).</param>
internal sealed class ScreenClient(WebSocket socket, string? station, int queueSize, bool kitchenView = false) : IDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly Channel<ScreenMessage> _queue = Channel.CreateBounded<ScreenMessage>(
        new BoundedChannelOptions(queueSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _abort = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private long _lastSent;

    /// <summary>KDS station filter, or null for every item.</summary>
    public string? Station => station;

    /// <summary>Queues a live message; false when the queue is full (the caller drops this screen).</summary>
    public bool TryEnqueue(ScreenMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>Ends the session after what is queued, with a close frame (e.g. 1012 when the hot state was rebuilt).</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        _closeStatus = status;
        _closeReason = reason;
        _queue.Writer.TryComplete();
    }

    /// <summary>Drops the screen at once (its queue overflowed); cancelling a send aborts the socket.</summary>
    /// <remarks>Called under the hub's lock: the cancellation callbacks run on the thread pool, not here.</remarks>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        _ = _abort.CancelAsync();
    }

    /// <summary>Sends a message the join produced (snapshot or replay) before any live one.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> json, CancellationToken ct) =>
        socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>Records that the screen is current up to <paramref name="seq"/>; queued messages up to it are skipped.</summary>
    public void Covered(long seq) => _lastSent = seq;

    /// <summary>Sends live messages until the screen goes away, is closed or is dropped.</summary>
    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _abort.Token);
        var writing = WriteAsync(stop.Token);
        var reading = ReadUntilCloseAsync(stop.Token);
        if (await Task.WhenAny(writing, reading) == reading)
        {
            // The screen closed (or its connection broke): answer its close frame, stop writing.
            _queue.Writer.TryComplete();
            await CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", requestAborted);
        }
        else
        {
            // We closed: give the screen a moment to answer the close frame.
            await Task.WhenAny(reading, Task.Delay(CloseGrace, requestAborted));
        }

        await stop.CancelAsync();
        await Task.WhenAll(writing, reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(ct))
            {
                if (message.Seq <= _lastSent)
                {
                    continue;
                }

                var json = kitchenView ? message.ForKitchen(station) : message.Json;
                _lastSent = message.Seq;
                if (json is { } frame)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);
                }
            }

            await CloseOutputAsync(_closeStatus, _closeReason, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // Dropped, or the connection is gone: nothing more can be sent.
        }
    }

    private async Task ReadUntilCloseAsync(CancellationToken ct)
    {
        // Screens send nothing (SCREENS.md); reading is how close frames and broken connections are noticed.
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), ct)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // Gone without a close frame.
        }
    }

    private async Task CloseOutputAsync(WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await socket.CloseOutputAsync(status, reason, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _abort.Dispose();
}
