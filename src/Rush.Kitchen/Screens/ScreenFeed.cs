using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Hosting;
using Rush.Platform.PubSub;
using StackExchange.Redis;

namespace Rush.Kitchen.Screens;

/// <summary>The screen hubs of this instance: one pub/sub subscription per hub, fanned out to the local screens in seq order.</summary>
/// <remarks>
/// Every Rush instance subscribes to <c>screens:kds</c> and <c>screens:erp</c>; sequence numbers come
/// from Redis (screen-publish.lua), so a screen gets the same seqs whichever instance it is connected
/// to. A background loop fills gaps pub/sub left (from the replay log) and compares the hub's seq
/// with the last one handed out, which catches messages lost while pub/sub was reconnecting.
/// </remarks>
public sealed partial class ScreenFeed : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private readonly IPubSub _pubsub;
    private readonly ScreenStore _store;
    private readonly ScreensOptions _options;
    private readonly ILogger<ScreenFeed> _log;
    private readonly Dictionary<ScreenHubKind, ScreenHub> _hubs;
    private readonly Dictionary<ScreenHubKind, IAsyncDisposable> _subscriptions = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextSubscribeAttempt;

    /// <summary>Creates the feed; it subscribes when the host starts.</summary>
    internal ScreenFeed(IPubSub pubsub, ScreenStore store, IOptions<ScreensOptions> options, IHostApplicationLifetime lifetime,
        ILogger<ScreenFeed> log)
    {
        _pubsub = pubsub;
        _store = store;
        _options = options.Value;
        _log = log;
        _hubs = Enum.GetValues<ScreenHubKind>().ToDictionary(k => k, k => new ScreenHub(k, log));

        // Screens are long-running requests: close them as the host begins to stop, or the server
        // would wait for them until its shutdown timeout.
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var hub in _hubs.Values)
            {
                hub.CloseAll(WebSocketCloseStatus.EndpointUnavailable, "server stopping");
            }
        });
    }

    /// <summary>Screens connected to this instance, both hubs.</summary>
    public int ConnectedClients => _hubs.Values.Sum(h => h.Count);

    /// <summary>Screens connected to one hub of this instance.</summary>
    public int ConnectedTo(ScreenHubKind hub) => _hubs[hub].Count;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before Kestrel takes the first screen; if Redis is away, ExecuteAsync keeps trying.
        await TrySubscribeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>The hub of <paramref name="kind"/> on this instance.</summary>
    internal ScreenHub Hub(ScreenHubKind kind) => _hubs[kind];

    /// <summary>Waits until both hubs are subscribed (at most <paramref name="timeout"/>); false if they are not.</summary>
    internal async Task<bool> WaitSubscribedAsync(TimeSpan timeout, CancellationToken ct) =>
        await Task.WhenAny(_ready.Task, Task.Delay(timeout, ct)) == _ready.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCatchUp = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(Tick);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            if (!_ready.Task.IsCompleted)
            {
                await TrySubscribeAsync(stoppingToken);
                continue;
            }

            try
            {
                foreach (var hub in _hubs.Values)
                {
                    if (hub.OverdueGap(_options.GapTimeout) is var (after, before))
                    {
                        await FillAsync(hub, after, before, stoppingToken);
                    }
                }

                if (Stopwatch.GetTimestamp() >= nextCatchUp)
                {
                    nextCatchUp = Stopwatch.GetTimestamp() + (long)(_options.CatchUpInterval.TotalSeconds * Stopwatch.Frequency);
                    foreach (var hub in _hubs.Values)
                    {
                        await CatchUpAsync(hub, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException or System.Text.Json.JsonException)
            {
                LogCatchUpFailed(e.Message);
            }
        }
    }

    // Subscribe first, then read where the hub stands: every message after that seq is then either
    // delivered by pub/sub or found missing and read from the log.
    private async Task TrySubscribeAsync(CancellationToken ct)
    {
        if (Stopwatch.GetTimestamp() < _nextSubscribeAttempt)
        {
            return;
        }

        try
        {
            foreach (var (kind, hub) in _hubs)
            {
                if (!_subscriptions.ContainsKey(kind))
                {
                    _subscriptions[kind] = await _pubsub.SubscribeAsync(ScreenStore.Channel(kind), json => OnMessage(hub, json), ct);
                }

                if (hub.Last < 0)
                {
                    hub.Start(await _store.CurrentSeqAsync(kind, ct) ?? 0);
                }
            }

            _ready.TrySetResult();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _nextSubscribeAttempt = Stopwatch.GetTimestamp() + (long)(SubscribeRetry.TotalSeconds * Stopwatch.Frequency);
            LogSubscribeFailed(e.Message);
        }
    }

    private void OnMessage(ScreenHub hub, ReadOnlyMemory<byte> json)
    {
        try
        {
            hub.Receive(ScreenMessage.Parse(json));
        }
        catch (System.Text.Json.JsonException e)
        {
            LogBadMessage(hub.Kind, e.Message);
        }
    }

    private async Task FillAsync(ScreenHub hub, long after, long before, CancellationToken ct)
    {
        var missing = await _store.ReadLogAsync(hub.Kind, after, before, ct);
        if (missing.Count == before - after - 1 && (missing.Count == 0 || missing[0].Seq == after + 1))
        {
            missing.ForEach(hub.Receive);
        }
        else
        {
            hub.Resync(before - 1, $"messages after {after} are no longer in the replay log");
        }
    }

    private async Task CatchUpAsync(ScreenHub hub, CancellationToken ct)
    {
        // Last first: every seq handed out came from Redis earlier, so only a restarted sequence reads lower.
        var last = hub.Last;
        var current = await _store.CurrentSeqAsync(hub.Kind, ct);
        if (current is not { } seq || seq == last || hub.OverdueGap(TimeSpan.Zero) is not null)
        {
            return;
        }

        if (seq < last)
        {
            hub.Resync(seq, "the hub's sequence restarted");
            return;
        }

        await FillAsync(hub, last, seq + 1, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screen feed not subscribed yet (Redis): {Reason}")]
    private partial void LogSubscribeFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screen feed could not check for missed messages: {Reason}")]
    private partial void LogCatchUpFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable message on screen hub {Hub} ignored: {Reason}")]
    private partial void LogBadMessage(ScreenHubKind hub, string reason);

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var subscription in _subscriptions.Values)
        {
            await subscription.DisposeAsync();
        }
    }
}
