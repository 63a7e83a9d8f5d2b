using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>
/// Tracks <see cref="IRedisAvailability"/> from the breaker's transitions and the multiplexer's
/// connection events, probes Redis while the breaker is open, and raises the events in order.
/// </summary>
/// <remarks>
/// Why a probe: the breaker only moves when calls are made, so after an outage with no traffic it
/// would stay open and "came back" would never be announced. Once a second this PINGs through the
/// breaker when it is not closed (the half-open probe), and re-reads which server is master, so a
/// Sentinel failover is noticed even if no connection event reached us.
/// </remarks>
internal sealed partial class RedisAvailability : IRedisAvailability, IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly RedisBreaker _breaker;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly Channel<(bool CameBack, RedisAvailabilityEventArgs Args)> _events =
        Channel.CreateUnbounded<(bool, RedisAvailabilityEventArgs)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _dispatch = Task.CompletedTask;
    private Task _probe = Task.CompletedTask;
    private ConnectionMultiplexer? _multiplexer;
    private IDatabase? _guarded;
    private bool _known;
    private volatile bool _available;
    private string? _lastMaster;
    private long _epoch;

    public RedisAvailability(RedisBreaker breaker, TimeProvider clock, ILogger log)
    {
        _breaker = breaker;
        _clock = clock;
        _log = log;
        _breaker.StateChanged += _ => Evaluate();
    }

    public bool IsAvailable => _available;

    public long Epoch => Interlocked.Read(ref _epoch);

    public event EventHandler<RedisAvailabilityEventArgs>? BecameUnavailable;

    public event EventHandler<RedisAvailabilityEventArgs>? CameBack;

    /// <summary>Starts watching <paramref name="multiplexer"/>; <paramref name="guarded"/> is the breaker-guarded database the probe uses.</summary>
    public void Start(ConnectionMultiplexer multiplexer, IDatabase guarded)
    {
        _multiplexer = multiplexer;
        _guarded = guarded;
        multiplexer.ConnectionFailed += (_, _) => Evaluate();
        multiplexer.ConnectionRestored += (_, _) => Evaluate();
        multiplexer.ConfigurationChanged += (_, _) => Evaluate();
        Evaluate();
        _dispatch = Task.Run(DispatchAsync);
        _probe = Task.Run(ProbeAsync);
    }

    /// <summary>Re-reads the breaker state and the master, and queues an event when availability changed.</summary>
    public void Evaluate()
    {
        var multiplexer = _multiplexer;
        if (multiplexer is null)
        {
            return;
        }

        var master = CurrentMaster(multiplexer);
        var available = _breaker.State == CircuitState.Closed && master is not null;
        lock (_gate)
        {
            if (!_known)
            {
                // The first reading is the starting point, not a change: start-up has its own bootstrap.
                _known = true;
                _available = available;
            }
            else if (_available && !available)
            {
                _available = false;
                var change = _breaker.State == CircuitState.Closed ? RedisAvailabilityChange.ConnectionLost : RedisAvailabilityChange.BreakerOpened;
                Queue(false, change, master);
            }
            else if (!_available && available)
            {
                _available = true;
                Interlocked.Increment(ref _epoch);
                Queue(true, _lastMaster is not null && master != _lastMaster ? RedisAvailabilityChange.MasterChanged : RedisAvailabilityChange.Restored, master);
            }
            else if (available && _lastMaster is not null && master != _lastMaster)
            {
                Interlocked.Increment(ref _epoch);
                Queue(true, RedisAvailabilityChange.MasterChanged, master);
            }

            _lastMaster = master ?? _lastMaster;
        }
    }

    private void Queue(bool cameBack, RedisAvailabilityChange change, string? master)
    {
        var args = new RedisAvailabilityEventArgs(change, _clock.GetUtcNow(), master, Interlocked.Read(ref _epoch));
        if (cameBack)
        {
            LogCameBack(change, master, args.Epoch);
        }
        else
        {
            LogUnavailable(change);
        }

        _events.Writer.TryWrite((cameBack, args));
    }

    private static string? CurrentMaster(ConnectionMultiplexer multiplexer)
    {
        foreach (var server in multiplexer.GetServers())
        {
            if (server.IsConnected && !server.IsReplica && server.ServerType is ServerType.Standalone or ServerType.Cluster)
            {
                return server.EndPoint.ToString();
            }
        }

        return null;
    }

    private async Task DispatchAsync()
    {
        await foreach (var (cameBack, args) in _events.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            var handlers = cameBack ? CameBack : BecameUnavailable;
            if (handlers is null)
            {
                continue;
            }

            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<RedisAvailabilityEventArgs>>())
            {
                try
                {
                    handler(this, args);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(args.Change, e);
                }
            }
        }
    }

    private async Task ProbeAsync()
    {
        using var timer = new PeriodicTimer(Tick, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (_breaker.State != CircuitState.Closed && _guarded is { } db)
                {
                    try
                    {
                        await db.PingAsync().ConfigureAwait(false);
                    }
                    catch (RedisException)
                    {
                        // Still away (or rejected while open); the next tick tries again.
                    }
                }

                Evaluate();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_dispatch, _probe).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis became unavailable ({Change}); modules use their fallbacks")]
    private partial void LogUnavailable(RedisAvailabilityChange change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is available again ({Change}, master {Master}, epoch {Epoch}); hot state is re-derived before it is trusted")]
    private partial void LogCameBack(RedisAvailabilityChange change, string? master, long epoch);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Redis availability handler failed on {Change}")]
    private partial void LogHandlerFailed(RedisAvailabilityChange change, Exception exception);
}
