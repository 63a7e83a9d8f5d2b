using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Kitchen.Slots;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>
/// When Redis comes back (<see cref="IRedisAvailability.CameBack"/>: after an outage, or a Sentinel
/// failover to a replica that may miss the last writes), re-derives the kitchen's hot state from
/// Postgres before Redis decides slots again (issue 12 item 3, kitchen part).
/// </summary>
/// <remarks>
/// From the event on, <see cref="SlotAuthority"/> keeps deciding slots in Postgres; this service then
/// (1) runs the full hot-state rebuild (<see cref="HotStateBootstrapper.ResyncAsync"/>: slot loads of
/// open slots and display ids from committed orders, which include those taken in fallback; the
/// active-order projection; a new screen epoch, so screens reload and show the orders placed during
/// the outage), (2) restores the ledger's pending fallback claims, (3) lets Redis decide, and
/// (4) waits for this process's claims in flight (chosen before (3)) and restores the claims once more
/// for those made while (1)-(3) ran. A claim still later (another instance, or one slower than 10 s) is safe:
/// the commit's conditional ledger charge
/// refuses an order that would put a slot over capacity. Retries every second while Redis answers;
/// when Redis goes away again the next <c>CameBack</c> starts over.
/// </remarks>
public sealed partial class HotStateResync : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClaimDrainLimit = TimeSpan.FromSeconds(10);

    private readonly RedisConnection _redis;
    private readonly HotStateBootstrapper _bootstrapper;
    private readonly HotStateRebuild _rebuild;
    private readonly SlotLedger _ledger;
    private readonly SlotAuthority _authority;
    private readonly TimeProvider _clock;
    private readonly ILogger<HotStateResync> _log;
    private readonly SemaphoreSlim _cameBack = new(0, 1);
    private long _dueEpoch;
    private long _completed;

    internal HotStateResync(RedisConnection redis, HotStateBootstrapper bootstrapper, HotStateRebuild rebuild, SlotLedger ledger, SlotAuthority authority,
        TimeProvider clock, ILogger<HotStateResync> log)
    {
        _redis = redis;
        _bootstrapper = bootstrapper;
        _rebuild = rebuild;
        _ledger = ledger;
        _authority = authority;
        _clock = clock;
        _log = log;
    }

    /// <summary>How many resyncs finished (for tests and /ops).</summary>
    public long Completed => Interlocked.Read(ref _completed);


    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _redis.Availability.CameBack += OnCameBack;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _redis.Availability.CameBack -= OnCameBack;
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _cameBack.Dispose();
        base.Dispose();
    }

    private void OnCameBack(object? sender, RedisAvailabilityEventArgs e)
    {
        // Postgres decides already: the epoch moved on before this event (SlotAuthority.RedisDecides).
        Interlocked.Exchange(ref _dueEpoch, e.Epoch);
        LogCameBack(e.Change.ToString(), e.Master ?? "?");
        if (_cameBack.CurrentCount == 0)
        {
            try
            {
                _cameBack.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _cameBack.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (!stoppingToken.IsCancellationRequested && !await TryResyncAsync(stoppingToken))
            {
                await Task.Delay(RetryDelay, _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<bool> TryResyncAsync(CancellationToken ct)
    {
        try
        {
            var started = _clock.GetTimestamp();
            var epoch = Interlocked.Read(ref _dueEpoch);
            var projected = await _bootstrapper.ResyncAsync(ct);
            var claims = await _rebuild.RestoreClaimsAsync(await _ledger.ClaimsAsync(ct), ct);
            _authority.Trust(epoch);

            // Requests that chose Postgres before Trust may still be claiming; their claims must be in the
            // second pass, or Redis would not count them (the drill saw that under load). None start now.
            var waited = _clock.GetTimestamp();
            while (_authority.ClaimsInFlight > 0 && _clock.GetElapsedTime(waited) < ClaimDrainLimit)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _clock, ct);
            }

            claims += await _rebuild.RestoreClaimsAsync(await _ledger.ClaimsAsync(ct), ct);
            Interlocked.Increment(ref _completed);
            LogResynced(projected, claims, _clock.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is RedisException or NpgsqlException or TimeoutException or System.Text.Json.JsonException)
        {
            LogResyncFailed(e.Message);
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis came back ({Change}, master {Master}); slots stay in Postgres until the kitchen hot state is resynced from it")]
    private partial void LogCameBack(string change, string master);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kitchen hot state resynced from Postgres: {Orders} orders projected, {Claims} pending fallback claims restored, in {Ms:0} ms; Redis decides slots again")]
    private partial void LogResynced(int orders, int claims, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kitchen hot-state resync failed, retrying: {Reason}")]
    private partial void LogResyncFailed(string reason);
}
