using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Platform.Counters;

/// <summary>View counters for any kind of item (menu items, events): <c>INCR</c> in Redis, totals in Postgres.</summary>
/// <remarks>
/// A view costs one Redis round trip; <see cref="ViewCounterFlusher"/> moves the counts to Postgres every
/// minute without losing any (see views-claim.lua). A total is Postgres + what Redis still holds
/// (unclaimed, and claimed by flushes Postgres does not have yet). Redis is read first, then Postgres;
/// in the instant a flush commits between the two reads, the views of that flush can be counted twice
/// in that one answer (never lost, and never stored twice). Views are best effort: with Redis away a
/// view is not counted (logged) and totals come from Postgres alone.
/// </remarks>
public sealed partial class ViewCounters(RedisConnection redis, NpgsqlDataSource db, ILogger<ViewCounters> log)
{
    private static readonly RedisScript Increment = RedisScript.FromResource(typeof(ViewCounters), "views-increment.lua");
    private static readonly RedisScript Read = RedisScript.FromResource(typeof(ViewCounters), "views-read.lua");
    private readonly ViewCounterTable _table = new(db);

    /// <summary>Counts one view of item <paramref name="id"/> of <paramref name="kind"/> (e.g. "menu", "event"); false when Redis could not count it.</summary>
    public async Task<bool> IncrementAsync(string kind, string id, CancellationToken ct)
    {
        var member = ViewCounterKeys.Member(kind, id);
        try
        {
            await Increment.EvaluateAsync(redis.Database, [ViewCounterKeys.Counter(member), ViewCounterKeys.Dirty], [member]).WaitAsync(ct);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNotCounted(kind, e.Message);
            return false;
        }
    }

    /// <summary>All views ever counted for the item: Postgres plus what Redis has not flushed yet.</summary>
    public async Task<long> GetTotalAsync(string kind, string id, CancellationToken ct)
    {
        var member = ViewCounterKeys.Member(kind, id);
        long inRedis = 0;
        var pending = new List<(Guid Flush, long Views)>();
        try
        {
            var result = (RedisResult[])(await Read.EvaluateAsync(redis.Database, [ViewCounterKeys.Counter(member), ViewCounterKeys.Flushes], [member]).WaitAsync(ct))!;
            inRedis = (long)result[0];
            for (var i = 1; i + 1 < result.Length; i += 2)
            {
                pending.Add((Guid.Parse((string)result[i]!), (long)result[i + 1]));
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogRedisUnavailable(kind, e.Message);
        }

        var (flushed, applied) = await _table.ReadAsync(kind, id, pending.ConvertAll(p => p.Flush), ct);
        return flushed + inRedis + pending.Where(p => !applied.Contains(p.Flush)).Sum(p => p.Views);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} view was not counted: {Reason}")]
    private partial void LogNotCounted(string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} views still in Redis left out of a total: {Reason}")]
    private partial void LogRedisUnavailable(string kind, string reason);
}
