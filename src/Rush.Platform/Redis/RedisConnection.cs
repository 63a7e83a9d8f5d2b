using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Rush.Platform.Redis;

/// <summary>The process-wide Redis multiplexer: one connection shared by every caller.</summary>
/// <remarks>
/// StackExchange.Redis 1.2.6 is the only version installable here. It pipelines concurrent
/// commands over one socket and reconnects on its own; <c>abortConnect=false</c> lets the host start
/// (and report Redis as unhealthy) while Redis is still down.
/// </remarks>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;
    private readonly ConfigurationOptions _options;
    private ConnectionMultiplexer? _connected;
    private readonly ILogger<RedisConnection> _log;

    /// <summary>Creates a connection for a StackExchange.Redis configuration string.</summary>
    public RedisConnection(string configuration, ILogger<RedisConnection> log)
    {
        _log = log;
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 3000);
        _options = options;
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => Configure(ConnectionMultiplexer.Connect(options)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The default database.</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>Pub/sub access.</summary>
    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    /// <summary>True when at least one server is connected.</summary>
    public bool IsConnected => Multiplexer.IsConnected;

    // The host connects asynchronously at start-up (RedisConnector). The blocking fallback is only for
    // code that runs without the host: a burst of first requests blocking thread-pool threads on a
    // synchronous connect starved the connect itself and failed every order for seconds.
    private ConnectionMultiplexer Multiplexer => _connected ?? _multiplexer.Value;

    /// <summary>Connects without blocking a thread; returns at once when Redis is down (it keeps retrying).</summary>
    public async Task ConnectAsync()
    {
        if (_connected is null && !_multiplexer.IsValueCreated)
        {
            var multiplexer = Configure(await ConnectionMultiplexer.ConnectAsync(_options));
            if (Interlocked.CompareExchange(ref _connected, multiplexer, null) is not null)
            {
                multiplexer.Dispose();
            }
        }
    }

    /// <summary>Round-trip time of a PING to the server.</summary>
    public Task<TimeSpan> PingAsync() => Database.PingAsync();

    private ConnectionMultiplexer Configure(ConnectionMultiplexer multiplexer)
    {

        // 1.x completes async calls one at a time, in order, on a single thread by default: every
        // awaiting request then continues on that thread and intake serializes behind it. Nothing in
        // Rush relies on completion order across calls (each call awaits its own result).
        multiplexer.PreserveAsyncOrder = false;
        multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint, e.FailureType);
        multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint);
        return multiplexer;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _connected?.Dispose();
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} failed: {FailureType}")]
    private partial void LogConnectionFailed(System.Net.EndPoint? endpoint, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    private partial void LogConnectionRestored(System.Net.EndPoint? endpoint);
}
