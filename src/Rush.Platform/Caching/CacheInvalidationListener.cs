using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rush.Platform.Hosting;
using Rush.Platform.PubSub;
using StackExchange.Redis;

namespace Rush.Platform.Caching;

/// <summary>Receives cache invalidations from every instance (one pub/sub channel) and drops the keys from this instance's memory.</summary>
/// <remarks>
/// Pub/sub is at most once: an instance cut off from Redis misses invalidations and serves its memory
/// copy until <see cref="CacheEntryOptions.LocalDuration"/> ends. If subscribing failed at start, the
/// first successful subscription expires the whole memory cache, since messages may have been missed.
/// </remarks>
public sealed partial class CacheInvalidationListener(RushCache cache, IPubSub pubsub, IOptions<CacheOptions> options, ILogger<CacheInvalidationListener> log)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private IAsyncDisposable? _subscription;
    private bool _failedBefore;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the first request is served; if Redis is away, ExecuteAsync keeps trying.
        await TrySubscribeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        while (_subscription is null && await timer.TickOrStopAsync(stoppingToken))
        {
            await TrySubscribeAsync(stoppingToken);
        }
    }

    private async Task TrySubscribeAsync(CancellationToken ct)
    {
        try
        {
            _subscription = await pubsub.SubscribeAsync(options.Value.InvalidationChannel, key => cache.OnInvalidated(Encoding.UTF8.GetString(key.Span)), ct);
            if (_failedBefore)
            {
                cache.ExpireAllLocal();
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _failedBefore = true;
            LogSubscribeFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache invalidations not subscribed yet, retrying: {Reason}")]
    private partial void LogSubscribeFailed(string reason);
}
