using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Rush.Bench.Load;

namespace Rush.Bench.Screens;

/// <summary>When one screen first showed an order, and how many "placed" messages it got for it.</summary>
internal sealed class Sighting(long arrival, int placed)
{
    /// <summary><see cref="Stopwatch"/> timestamp at which the whole message carrying the order had been received.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>"placed" messages for the order (more than one is a duplicate). Written by the screen's reader only.</summary>
    public int Placed { get; set; } = placed;
}

/// <summary>
/// One screen: a <see cref="ClientWebSocket"/> on <c>/ws/kds</c> or <c>/ws/erp</c> (src/Rush.Kitchen/Screens/SCREENS.md)
/// that notes, per order id, when the order's first message arrived. Everything the hub sends is read and parsed
/// (type, seq, event, order id), orders of other clients included; the scenario picks out its own orders afterwards.
/// </summary>
/// <remarks>
/// <para>A fresh screen gets a snapshot of the whole hot state first (tens of MB on a busy deployment). Its seq is taken
/// from the first bytes and the rest is skipped, so the other screens can join with <c>?since=</c> (a replay from
/// the log, no snapshot) as soon as <see cref="Joined"/> completes.</para>
/// <para>When the connection drops (the server drops a screen whose send queue is full, or closes it with 1012/1013)
/// the screen reconnects with <c>?since=</c> its last seq, like a real screen; orders it gets from the replay, or from
/// a snapshot when it fell out of the replay window, count as arriving then.</para>
/// </remarks>
internal sealed class ScreenWatcher : IAsyncDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    private readonly Uri _hub;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<long> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConcurrentDictionary<Guid, Sighting> _seen = new();
    private ErrorTally _errors = new();
    private byte[] _buffer = new byte[InitialBuffer];
    private ClientWebSocket? _socket;
    private Task _loop = Task.CompletedTask;
    private volatile bool _stopping;
    private long _lastSeq;
    private long _reconnects;
    private long _snapshots;
    private long _seqGaps;

    private ScreenWatcher(int number, Uri hub, TextWriter log)
    {
        Number = number;
        _hub = hub;
        _log = log;
    }

    /// <summary>Screen number, from 1.</summary>
    public int Number { get; }

    /// <summary>
    /// Completes with the seq the screen is current to once it has joined: a fresh screen when the snapshot's seq has
    /// arrived, a screen started with <c>since</c> once connected. Faults when the first connection fails.
    /// </summary>
    public Task<long> Joined => _joined.Task;

    /// <summary>Orders seen since the last <see cref="Reset"/>, by id. Read only once the run's orders are all answered.</summary>
    public IReadOnlyDictionary<Guid, Sighting> Seen => _seen;

    /// <summary>Reconnects since the last <see cref="Reset"/>.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Reconnects answered with a snapshot since the last <see cref="Reset"/>.</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    /// <summary>Seq gaps since the last <see cref="Reset"/>.</summary>
    public long SeqGaps => Interlocked.Read(ref _seqGaps);

    /// <summary>Connection failures since the last <see cref="Reset"/>.</summary>
    public ErrorTally Errors => _errors;

    /// <summary>Connects screen <paramref name="number"/> to <paramref name="hub"/> (a ws:// URI), resuming after <paramref name="since"/> when it is above 0.</summary>
    public static ScreenWatcher Start(int number, Uri hub, long since, TextWriter log)
    {
        var watcher = new ScreenWatcher(number, hub, log);
        watcher._loop = Task.Run(() => watcher.RunAsync(since));
        return watcher;
    }

    /// <summary>Forgets what was seen and zeroes the counters: called before each run, while no order of that run is on its way.</summary>
    public void Reset()
    {
        _seen = new ConcurrentDictionary<Guid, Sighting>();
        _errors = new ErrorTally();
        Interlocked.Exchange(ref _reconnects, 0);
        Interlocked.Exchange(ref _snapshots, 0);
        Interlocked.Exchange(ref _seqGaps, 0);
    }

    /// <summary>Closes the connection (close handshake, then abort if the server does not answer).</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_socket is { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone.
            }
        }

        try
        {
            await _loop.WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No close frame came back: abort.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    // The screens are for the kitchen role: the demo kitchen user's password from RUSH_KITCHEN_PASSWORD (./rush bench sets it).
    private static string? KitchenAuthorization =>
        Environment.GetEnvironmentVariable("RUSH_KITCHEN_PASSWORD") is { Length: > 0 } password
            ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("kitchen@rush.local:" + password))
            : null;

    private static Uri WithSince(Uri hub, long since) =>
        since > 0 ? new UriBuilder(hub) { Query = "since=" + since.ToString(CultureInfo.InvariantCulture) }.Uri : hub;

    private async Task RunAsync(long since)
    {
        var first = true;
        while (!_stopping)
        {
            using var socket = new ClientWebSocket();
            if (KitchenAuthorization is { } authorization)
            {
                socket.Options.SetRequestHeader("Authorization", authorization);
            }

            try
            {
                await socket.ConnectAsync(WithSince(_hub, since), _stop.Token).ConfigureAwait(false);
                _socket = socket;
                if (first && since > 0)
                {
                    _joined.TrySetResult(since);
                }

                var status = await ReadAsync(socket, initial: first && since == 0).ConfigureAwait(false);
                if (_stopping)
                {
                    return;
                }

                _errors.Add($"closed by the server: {status}");
                _log.WriteLine($"screen {Number}: closed by the server ({status}); reconnecting with since={Interlocked.Read(ref _lastSeq)}");
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or HttpRequestException)
            {
                if (_stopping || _stop.IsCancellationRequested)
                {
                    return;
                }

                var reason = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
                if (!_joined.Task.IsCompleted)
                {
                    _joined.TrySetException(new WebSocketException($"screen {Number} could not join {WithSince(_hub, since)}: {reason}", e));
                    return;
                }

                _errors.Add($"{e.GetType().Name}: {reason}");
                _log.WriteLine($"screen {Number}: connection lost ({reason}); reconnecting with since={Interlocked.Read(ref _lastSeq)}");
            }
            finally
            {
                _socket = null;
            }

            first = false;
            since = Interlocked.Read(ref _lastSeq);
            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(ReconnectDelay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads messages until the server closes; returns the close status. <paramref name="initial"/>: the first snapshot is skipped after its seq.</summary>
    private async Task<string> ReadAsync(ClientWebSocket socket, bool initial)
    {
        var token = _stop.Token;
        while (true)
        {
            var length = 0;
            var skipping = false;
            ValueWebSocketReceiveResult received;
            do
            {
                if (length == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                received = await socket.ReceiveAsync(_buffer.AsMemory(length), token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", token).ConfigureAwait(false);
                    }

                    return $"{(int?)socket.CloseStatus} {socket.CloseStatusDescription}".Trim();
                }

                length += received.Count;
                if (initial && !skipping && !received.EndOfMessage && ScreenMessages.TryReadHead(_buffer.AsSpan(0, length), out var type, out var seq) && type == "snapshot")
                {
                    // The first snapshot: only its seq matters (the orders in it were placed before the bench).
                    Interlocked.Exchange(ref _lastSeq, seq);
                    _joined.TrySetResult(seq);
                    skipping = true;
                }

                if (skipping)
                {
                    length = 0;
                }
            }
            while (!received.EndOfMessage);

            var arrival = Stopwatch.GetTimestamp();
            if (skipping)
            {
                initial = false;
                continue;
            }

            Handle(_buffer.AsSpan(0, length), arrival, initial);
            initial = false;
        }
    }

    private void Handle(ReadOnlySpan<byte> json, long arrival, bool initial)
    {
        ScreenMessage message;
        try
        {
            message = ScreenMessages.Parse(json, initial ? null : _seen, arrival);
        }
        catch (JsonException e)
        {
            _errors.Add($"unreadable message: {e.Message}");
            return;
        }

        switch (message.Type)
        {
            case ScreenMessageType.Snapshot:
                Interlocked.Exchange(ref _lastSeq, message.Seq);
                if (initial)
                {
                    _joined.TrySetResult(message.Seq);
                }
                else
                {
                    Interlocked.Increment(ref _snapshots);
                }

                break;
            case ScreenMessageType.Order:
                var last = Interlocked.Read(ref _lastSeq);
                if (message.Seq <= last)
                {
                    // Already seen (cannot happen with a correct server).
                    break;
                }

                if (last > 0 && message.Seq != last + 1)
                {
                    Interlocked.Increment(ref _seqGaps);
                }

                Interlocked.Exchange(ref _lastSeq, message.Seq);
                if (_seen.TryGetValue(message.OrderId, out var sighting))
                {
                    if (message.Placed)
                    {
                        sighting.Placed++;
                    }
                }
                else
                {
                    _seen[message.OrderId] = new Sighting(arrival, message.Placed ? 1 : 0);
                }

                break;
            default:
                break;
        }
    }
}
