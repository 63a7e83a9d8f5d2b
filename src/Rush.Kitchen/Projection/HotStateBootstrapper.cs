using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Hosting;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>Rebuilds the hot state from Postgres at start and whenever Redis turns up empty (its ready marker gone).</summary>
/// <remarks>
/// Every instance checks every <see cref="ProjectionOptions.HotStateCheckInterval"/>; a short Redis
/// lock lets one of them rebuild while the others keep serving. The first check runs before the host
/// serves requests, so screens and the promoter start from a complete state.
/// </remarks>
public sealed partial class HotStateBootstrapper : BackgroundService
{
    private static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(30);

    private readonly RedisConnection _redis;
    private readonly HotStateRebuild _rebuild;
    private readonly IOptions<ProjectionOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<HotStateBootstrapper> _log;

    internal HotStateBootstrapper(RedisConnection redis, HotStateRebuild rebuild, IOptions<ProjectionOptions> options, TimeProvider clock,
        ILogger<HotStateBootstrapper> log)
    {
        _redis = redis;
        _rebuild = rebuild;
        _options = options;
        _clock = clock;
        _log = log;
    }

    /// <summary>Rebuilds if Redis lacks the hot state and no other instance is rebuilding; true when this call rebuilt.</summary>
    public async Task<bool> RebuildIfEmptyAsync(CancellationToken ct)
    {
        var db = _redis.Database;
        if (await db.KeyExistsAsync(HotStateKeys.ReadyMarker).WaitAsync(ct))
        {
            return false;
        }

        var token = Guid.NewGuid().ToString();
        if (!await db.LockTakeAsync(HotStateKeys.RebuildLock, token, LockTtl).WaitAsync(ct))
        {
            return false;
        }

        try
        {
            // The previous holder may have finished between our check and our lock.
            if (await db.KeyExistsAsync(HotStateKeys.ReadyMarker).WaitAsync(ct))
            {
                await db.LockReleaseAsync(HotStateKeys.RebuildLock, token);
                return false;
            }

            LogRebuilding();
            var projected = await _rebuild.RunAsync(token, ct);
            if (projected is null)
            {
                LogRebuildLost();
                return false;
            }

            LogRebuilt(projected.Value);
            return true;
        }
        catch
        {
            await ReleaseQuietlyAsync(db, token);
            throw;
        }
    }

    /// <summary>
    /// Re-derives the hot state from Postgres even though Redis still has its ready marker (Redis came back
    /// after an outage or a failover and may lack writes); waits while another instance holds the lock.
    /// Returns the number of orders projected.
    /// </summary>
    public async Task<int> ResyncAsync(CancellationToken ct)
    {
        var db = _redis.Database;
        var token = Guid.NewGuid().ToString();
        while (!await db.LockTakeAsync(HotStateKeys.RebuildLock, token, LockTtl).WaitAsync(ct))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), _clock, ct); // Another instance rebuilds; ours follows it.
        }

        try
        {
            return await _rebuild.RunAsync(token, ct) ?? throw new RedisException("Redis lost the rebuild lock during the resync (emptied again?)");
        }
        catch
        {
            await ReleaseQuietlyAsync(db, token);
            throw;
        }
    }

    private static async Task ReleaseQuietlyAsync(IDatabase db, string token)
    {
        try
        {
            await db.LockReleaseAsync(HotStateKeys.RebuildLock, token);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away: the lock expires on its own.
        }
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckAsync(StartupLimit, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.HotStateCheckInterval, _clock);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            await CheckAsync(LockTtl, stoppingToken);
        }
    }

    private async Task CheckAsync(TimeSpan limit, CancellationToken ct)
    {
        try
        {
            await RebuildIfEmptyAsync(ct).WaitAsync(limit, ct);
        }
        catch (Exception e) when (e is RedisException or NpgsqlException or TimeoutException or System.Text.Json.JsonException)
        {
            // Never stops the host: the next check tries again.
            LogCheckFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis has no kitchen hot state; rebuilding it from Postgres")]
    private partial void LogRebuilding();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kitchen hot state rebuilt: {Orders} orders projected, slot loads and display ids restored")]
    private partial void LogRebuilt(int orders);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis lost the rebuild lock during the rebuild (emptied again?); the next check rebuilds again")]
    private partial void LogRebuildLost();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot-state check failed: {Reason}")]
    private partial void LogCheckFailed(string reason);
}
