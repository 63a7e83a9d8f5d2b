using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Rush.Kitchen.Screens;

/// <summary>One hub's screens on this instance: puts the feed's messages back in seq order and hands each to every screen once.</summary>
/// <remarks>
/// Why a sequencer: pub/sub handlers run concurrently and out of order (StackExchange.Redis callbacks,
/// see IPubSub), and pub/sub loses what is published while it reconnects. Messages are held until
/// the next seq arrives; a gap that stays open is filled from the replay log by <see cref="ScreenFeed"/>,
/// and when the log no longer has it (or a new epoch began) the screens are closed with 1012 so they
/// reconnect with <c>?since=</c> and get exactly what they are missing, or a snapshot.
/// All state is guarded by one lock; nothing under it waits (fan-out is TryWrite).
/// </remarks>
internal sealed partial class ScreenHub(ScreenHubKind kind, ILogger log)
{
    /// <summary>Close status asking a screen to reconnect now (RFC 6455 registry: 1012 Service Restart).</summary>
    public const WebSocketCloseStatus Restart = (WebSocketCloseStatus)1012;

    private readonly Lock _gate = new();
    private readonly HashSet<ScreenClient> _clients = [];
    private readonly SortedDictionary<long, ScreenMessage> _held = [];
    private long _last = -1;
    private long _gapSince;

    /// <summary>Which hub.</summary>
    public ScreenHubKind Kind => kind;

    /// <summary>Screens connected to this hub on this instance.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The last seq handed to the screens; -1 until <see cref="Start"/>.</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Sets where the feed stands once subscribed (the hub's seq read after subscribing).</summary>
    public void Start(long seq)
    {
        lock (_gate)
        {
            if (_last < 0)
            {
                _last = seq;
                Drain();
            }
        }
    }

    /// <summary>Adds a screen; from now on it receives every message the hub hands out.</summary>
    public void Add(ScreenClient client)
    {
        lock (_gate)
        {
            _clients.Add(client);
        }
    }

    /// <summary>Removes a screen (it left); harmless if it was already dropped.</summary>
    public void Remove(ScreenClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }

    /// <summary>Takes a message from pub/sub or the log, in any order and any number of times.</summary>
    public void Receive(ScreenMessage message)
    {
        lock (_gate)
        {
            if (message.IsResync)
            {
                ResyncLocked(message.Seq, "the hot state was rebuilt");
                return;
            }

            if (message.Seq > _last)
            {
                _held.TryAdd(message.Seq, message);
                Drain();
            }
        }
    }

    /// <summary>The seqs missing before held messages, as an exclusive range, once that gap is older than <paramref name="timeout"/>.</summary>
    public (long After, long Before)? OverdueGap(TimeSpan timeout)
    {
        lock (_gate)
        {
            return _gapSince != 0 && Stopwatch.GetElapsedTime(_gapSince) >= timeout ? (_last, _held.First().Key) : null;
        }
    }

    /// <summary>Nothing can fill the gap: closes this hub's screens (they reconnect and catch up) and continues after <paramref name="seq"/>.</summary>
    public void Resync(long seq, string reason)
    {
        lock (_gate)
        {
            ResyncLocked(seq, reason);
        }
    }

    /// <summary>Closes every screen of this hub after what is queued for it (shutdown).</summary>
    public void CloseAll(WebSocketCloseStatus status, string reason)
    {
        lock (_gate)
        {
            CloseAllLocked(status, reason);
        }
    }

    private void ResyncLocked(long seq, string reason)
    {
        if (_clients.Count > 0)
        {
            LogResync(kind, _clients.Count, reason);
        }

        CloseAllLocked(Restart, "resync");
        _last = seq;
        Drain();
    }

    private void CloseAllLocked(WebSocketCloseStatus status, string reason)
    {
        foreach (var client in _clients)
        {
            client.Close(status, reason);
        }

        _clients.Clear();
    }

    // Hands out held messages while they continue the sequence; remembers when a gap opened.
    private void Drain()
    {
        if (_last < 0)
        {
            return;
        }

        while (_held.Count > 0)
        {
            var (seq, message) = _held.First();
            if (seq > _last + 1)
            {
                _gapSince = _gapSince == 0 ? Stopwatch.GetTimestamp() : _gapSince;
                return;
            }

            _held.Remove(seq);
            if (seq == _last + 1)
            {
                _last = seq;
                FanOut(message);
            }
        }

        _gapSince = 0;
    }

    private void FanOut(ScreenMessage message)
    {
        List<ScreenClient>? slow = null;
        foreach (var client in _clients)
        {
            if (!client.TryEnqueue(message))
            {
                (slow ??= []).Add(client);
            }
        }

        foreach (var client in slow ?? [])
        {
            _clients.Remove(client);
            client.Abort();
            LogDropped(kind, message.Seq);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screen on hub {Hub} dropped: its send queue was full at seq {Seq}; it will reconnect and catch up")]
    private partial void LogDropped(ScreenHubKind hub, long seq);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} screens of hub {Hub} so they resync: {Reason}")]
    private partial void LogResync(ScreenHubKind hub, int count, string reason);
}
