using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Hosting;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Counters;

/// <summary>Moves the views counted in Redis to Postgres every <see cref="CounterOptions.FlushInterval"/>; every instance runs it.</summary>
/// <remarks>
/// A flush has three steps, each safe to interrupt:
/// <list type="number">
/// <item>Claim (views-claim.lua, atomic): up to a batch of counters are read and reset and their views put
/// in a pending hash under a new flush id. Increments arriving meanwhile start new counters: none is
/// lost (the seed's GET-then-DEL loses them). Each counter goes to one claim only, whatever the number
/// of instances.</item>
/// <item>Apply (one Postgres statement): the flush id goes into <c>view_counter_flushes</c> and the views
/// into <c>view_counters</c> in the same transaction, so the flush is applied once even if replayed.</item>
/// <item>Clear (views-clear.lua): the pending hash is dropped.</item>
/// </list>
/// A crash after step 1 or 2 leaves the flush pending in Redis (still counted by totals); any instance
/// replays it after <see cref="CounterOptions.RecoverAfter"/>: step 2 adds nothing if it had committed.
/// What is given up: views only in Redis are lost if Redis itself loses its data.
/// </remarks>
public sealed partial class ViewCounterFlusher(
    RedisConnection redis,
    NpgsqlDataSource db,
    IOptions<CounterOptions> options,
    TimeProvider clock,
    ILogger<ViewCounterFlusher> log) : BackgroundService
{
    private static readonly RedisScript Claim = RedisScript.FromResource(typeof(ViewCounterFlusher), "views-claim.lua");
    private static readonly RedisScript Clear = RedisScript.FromResource(typeof(ViewCounterFlusher), "views-clear.lua");
    private readonly ViewCounterTable _table = new(db);

    /// <summary>Replays crashed flushes, then flushes the counters dirty when the call began; returns the views this call added to Postgres.</summary>
    /// <remarks>The number of batches is fixed at the start, so a round ends under any traffic; later views wait for the next round.</remarks>
    public async Task<long> FlushAsync(CancellationToken ct)
    {
        var added = await RecoverAsync(ct);
        var dirty = await redis.Database.SetLengthAsync(ViewCounterKeys.Dirty).WaitAsync(ct);
        for (var batches = dirty / options.Value.BatchSize + 1; batches > 0; batches--)
        {
            var (popped, flush) = await ClaimAsync(ct);
            if (flush is not null)
            {
                added += await CommitAsync(flush, ct);
            }

            if (popped < options.Value.BatchSize)
            {
                break;
            }
        }

        return added;
    }

    /// <summary>Step 1: the atomic swap of up to a batch of counters into a new pending flush (null when nothing was counted).</summary>
    internal async Task<(long Popped, PendingFlush? Flush)> ClaimAsync(CancellationToken ct)
    {
        var id = Guid.NewGuid();
        RedisKey[] keys = [ViewCounterKeys.Dirty, ViewCounterKeys.Flushes, ViewCounterKeys.Flush(id.ToString())];
        RedisValue[] args = [id.ToString(), clock.GetUtcNow().ToUnixTimeMilliseconds(), options.Value.BatchSize];
        var result = (RedisResult[])(await Claim.EvaluateAsync(redis.Database, keys, args).WaitAsync(ct))!;
        var counts = new List<(string Member, long Views)>();
        for (var i = 1; i + 1 < result.Length; i += 2)
        {
            counts.Add(((string)result[i]!, (long)result[i + 1]));
        }

        return ((long)result[0], counts.Count == 0 ? null : new PendingFlush(id, counts));
    }

    /// <summary>Steps 2 and 3: applies the flush to Postgres once, then forgets it in Redis; returns the views added by this call.</summary>
    internal async Task<long> CommitAsync(PendingFlush flush, CancellationToken ct)
    {
        var applied = await _table.ApplyAsync(flush.Id, flush.Counts, ct);
        await Clear.EvaluateAsync(redis.Database, [ViewCounterKeys.Flushes, ViewCounterKeys.Flush(flush.Id.ToString())], [flush.Id.ToString()]).WaitAsync(ct);
        return applied ? flush.Counts.Sum(c => c.Views) : 0;
    }

    // Flushes still pending long after their claim belong to an instance that crashed (or lost Postgres).
    private async Task<long> RecoverAsync(CancellationToken ct)
    {
        var before = (clock.GetUtcNow() - options.Value.RecoverAfter).ToUnixTimeMilliseconds();
        var stuck = await redis.Database.SortedSetRangeByScoreAsync(ViewCounterKeys.Flushes, double.NegativeInfinity, before).WaitAsync(ct);
        long added = 0;
        foreach (var id in stuck)
        {
            var entries = await redis.Database.HashGetAllAsync(ViewCounterKeys.Flush(id!)).WaitAsync(ct);
            var flush = new PendingFlush(Guid.Parse((string)id!), [.. entries.Select(e => ((string)e.Name!, (long)e.Value))]);
            LogRecovering(flush.Id, flush.Counts.Count);
            added += flush.Counts.Count == 0 ? 0 : await CommitAsync(flush, ct);
        }

        return added;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(ViewCounterFlusher), options.Value.FlushInterval, TimeProvider.System, log, async ct =>
        {
            try
            {
                var added = await FlushAsync(ct);
                if (added > 0)
                {
                    LogFlushed(added);
                }

                await _table.PruneLedgerAsync(ct);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or NpgsqlException)
            {
                // A claimed flush that failed to commit stays pending and is replayed after RecoverAfter.
                LogFlushFailed(e.Message);
            }
        }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Views} views moved to Postgres")]
    private partial void LogFlushed(long views);

    [LoggerMessage(Level = LogLevel.Warning, Message = "View counter flush failed, it stays pending: {Reason}")]
    private partial void LogFlushFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying view counter flush {FlushId} ({Counters} counters) left pending by a failed or crashed flush")]
    private partial void LogRecovering(Guid flushId, int counters);
}
