using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>The process-wide Redis multiplexer: one connection shared by every caller (Rush's own code and FusionCache).</summary>
/// <remarks>
/// The configuration string goes to StackExchange.Redis unchanged apart from the settings below, so
/// any form it understands works without code changes: <c>127.0.0.1:6379</c>, or a Sentinel set
/// <c>127.0.0.1:26379,127.0.0.1:26380,serviceName=rush</c>, for which the library asks the sentinels
/// for the master and follows failovers. <c>abortConnect=false</c> lets the host start (and report
/// Redis as unhealthy) while Redis is still down; the multiplexer keeps reconnecting by itself.
/// Every asynchronous command made through <see cref="Database"/> (and so every <see cref="RedisScript"/>)
/// goes through the process's <see cref="RedisBreaker"/>; <see cref="Availability"/> tells modules when
/// Redis went away and came back.
/// </remarks>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ILogger<RedisConnection> _log;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connect;
    private readonly RedisAvailability _availability;
    private ConnectionMultiplexer? _multiplexer;
    private IDatabase? _database;

    /// <summary>Creates a connection for a StackExchange.Redis configuration string; nothing connects before <see cref="ConnectAsync"/>.</summary>
    public RedisConnection(string configuration, ILogger<RedisConnection> log)
        : this(configuration, log, new RedisBreakerOptions(), TimeProvider.System)
    {
    }

    /// <summary>Creates a connection with explicit breaker settings; nothing connects before <see cref="ConnectAsync"/>.</summary>
    public RedisConnection(string configuration, ILogger<RedisConnection> log, RedisBreakerOptions breaker, TimeProvider clock)
    {
        _log = log;
        Options = Configure(configuration);
        Breaker = new RedisBreaker(breaker, clock, log);
        _availability = new RedisAvailability(Breaker, clock, log);

        // One connect for the life of the process, however many callers race to it.
        _connect = new Lazy<Task<ConnectionMultiplexer>>(ConnectOnceAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The options the multiplexer was built from (Sentinel service name, endpoints, timeouts).</summary>
    public ConfigurationOptions Options { get; }

    /// <summary>The one multiplexer; for libraries that take one (FusionCache's L2, backplane and locker).</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="ConnectAsync"/> completed.</exception>
    public IConnectionMultiplexer Multiplexer => _multiplexer
        ?? throw new InvalidOperationException("Redis is used before RedisConnection.ConnectAsync ran (RedisConnector does it at host start).");

    /// <summary>The default database, guarded by <see cref="Breaker"/>: while it is open, commands fail at once with <see cref="RedisUnavailableException"/>.</summary>
    public IDatabase Database => _database
        ?? throw new InvalidOperationException("Redis is used before RedisConnection.ConnectAsync ran (RedisConnector does it at host start).");

    /// <summary>The default database without the breaker: for health probes, which must see Redis itself, not the breaker's opinion.</summary>
    public IDatabase UnguardedDatabase => Multiplexer.GetDatabase();

    /// <summary>The per-process circuit breaker in front of <see cref="Database"/>.</summary>
    public RedisBreaker Breaker { get; }

    /// <summary>Whether Redis can be used now, and events when that changes.</summary>
    public IRedisAvailability Availability => _availability;

    /// <summary>Pub/sub access.</summary>
    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    /// <summary>True when at least one server is connected (false before <see cref="ConnectAsync"/>).</summary>
    public bool IsConnected => _multiplexer?.IsConnected ?? false;

    /// <summary>Parses a configuration string and applies Rush's connection settings to it.</summary>
    /// <remarks>Short timeouts and no backlog: a Redis that is away or does not answer within 3 s is treated as failed (fallbacks take over).</remarks>
    public static ConfigurationOptions Configure(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 3000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 3000);

        // While disconnected, a command fails at once instead of queueing until its timeout: every Redis
        // caller has a fallback (Postgres slots, local rate limiter, cache from memory/origin) that should
        // take over immediately, as it did with StackExchange.Redis 1.x.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    /// <summary>Connects without blocking a thread; returns after the first attempt even when Redis is down (it keeps retrying).</summary>
    public async Task ConnectAsync() => await _connect.Value.ConfigureAwait(false);

    /// <summary>Round-trip time of a PING to the server (not through the breaker).</summary>
    public Task<TimeSpan> PingAsync() => UnguardedDatabase.PingAsync();

    private async Task<ConnectionMultiplexer> ConnectOnceAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Options).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint, e.FailureType);
        multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint);
        _database = GuardedRedis.Wrap(multiplexer.GetDatabase(), Breaker);
        _multiplexer = multiplexer;
        _availability.Start(multiplexer, _database);
        return multiplexer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _availability.DisposeAsync().ConfigureAwait(false);
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} failed: {FailureType}")]
    private partial void LogConnectionFailed(System.Net.EndPoint? endpoint, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    private partial void LogConnectionRestored(System.Net.EndPoint? endpoint);
}
