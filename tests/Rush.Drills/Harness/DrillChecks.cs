using System.Globalization;
using System.Text.Json;
using Npgsql;
using Rush.Testing;
using StackExchange.Redis;

namespace Rush.Drills.Harness;

/// <summary>
/// What must hold after every drill, whatever was killed: each acknowledged order is in Postgres exactly
/// once, no slot holds more than its capacity, and the screens show each order exactly once.
/// </summary>
public static class DrillChecks
{
    /// <summary>
    /// Every acknowledged attempt's order is stored once under its key with the id the client got, and
    /// no key has two orders (an unanswered attempt may have been stored once, or not at all).
    /// </summary>
    public static async Task ExpectAcknowledgedOrdersStoredOnceAsync(NpgsqlDataSource db, string run, IReadOnlyList<IntakeAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var stored = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        await using (var cmd = db.CreateCommand("select request_id, id from orders where request_id like $1"))
        {
            cmd.Parameters.AddWithValue(run + "-%");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(0);
                if (!stored.TryGetValue(key, out var ids))
                {
                    stored[key] = ids = [];
                }

                ids.Add(reader.GetGuid(1));
            }
        }

        var duplicated = stored.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key).ToList();
        var lost = attempts.Where(a => a.Acknowledged && !(stored.TryGetValue(a.Key, out var ids) && ids.Count == 1 && ids[0] == a.OrderId)).ToList();
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} keys have more than one order, e.g. {string.Join(", ", duplicated.Take(5))}");
        Assert.True(lost.Count == 0, $"{lost.Count} of {attempts.Count(a => a.Acknowledged)} acknowledged orders are not in Postgres as acknowledged, e.g. "
            + string.Join(", ", lost.Take(5).Select(a => $"{a.Key} -> {a.OrderId}")));
    }

    /// <summary>No slot's committed orders weigh more than its capacity, by price or by make-minutes.</summary>
    public static async Task ExpectNoSlotOverCapacityAsync(NpgsqlDataSource db, decimal maxPrice, int maxMinutes)
    {
        var over = new List<string>();
        await using var cmd = db.CreateCommand("""
            select target_slot_id, sum(total_price), sum(make_minutes), count(*) from orders
            where status <> 'cancelled' group by target_slot_id
            having sum(total_price) > $1 or sum(make_minutes) > $2
            """);
        cmd.Parameters.AddWithValue(maxPrice);
        cmd.Parameters.AddWithValue((long)maxMinutes);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            over.Add(string.Create(CultureInfo.InvariantCulture,
                $"slot {reader.GetInt64(0)}: {reader.GetInt64(3)} orders, {reader.GetDecimal(1)} of {maxPrice}, {reader.GetInt64(2)} of {maxMinutes} min"));
        }

        Assert.True(over.Count == 0, $"{over.Count} slots over capacity: {string.Join("; ", over.Take(5))}");
    }

    /// <summary>
    /// The ERP screen feed (the hub that gets every change) carries exactly one "placed" message for each
    /// acknowledged order, waiting until the last ones arrive; a second "placed" for an order fails at once.
    /// </summary>
    /// <remarks>
    /// Reads the hub's replay log in Redis (screens:erp:log, what a reconnecting screen is replayed from),
    /// so the drill must stay within its window (5,000 messages) and Redis must keep its data.
    /// </remarks>
    public static async Task ExpectScreensShowEachOrderOnceAsync(string redisConfiguration, IReadOnlyList<IntakeAttempt> attempts, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var expected = attempts.Where(a => a.Acknowledged).Select(a => a.OrderId!.Value).ToHashSet();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var missing = expected.Count;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var placed = await PlacedOnScreensAsync(redis.GetDatabase());
                var twice = placed.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
                Assert.True(twice.Count == 0, $"{twice.Count} orders were placed on the screens more than once, e.g. {string.Join(", ", twice.Take(5))}");
                missing = expected.Count(id => !placed.ContainsKey(id));
                return missing == 0;
            }, timeout, "every acknowledged order on the screens");
        }
        catch (TimeoutException e) when (e.GetType() == typeof(TimeoutException))
        {
            Assert.Fail($"{e.Message} {missing} of {expected.Count} acknowledged orders never reached the screens.");
        }
    }

    /// <summary>
    /// Every acknowledged order is in the projection (<c>erp:order:{id}</c>), which is what a screen's snapshot is read
    /// from. For drills after which the host rebuilds the hot state (Redis came back empty, or a Sentinel failover):
    /// the rebuild starts a new screen epoch, so the replay log before it is gone and screens reload from the snapshot.
    /// </summary>
    public static async Task ExpectEveryOrderProjectedAsync(string redisConfiguration, IReadOnlyList<IntakeAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var expected = attempts.Where(a => a.Acknowledged).Select(a => a.OrderId!.Value).ToList();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var db = redis.GetDatabase();
        var missing = expected.Count;
        await Poll.UntilAsync(async () =>
        {
            var exists = await Task.WhenAll(expected.Select(id => db.KeyExistsAsync($"erp:order:{id}")));
            missing = exists.Count(e => !e);
            return missing == 0;
        }, TimeSpan.FromMinutes(1), "every acknowledged order in the projection");
        Assert.Equal(0, missing);
    }

    /// <summary>How many "placed" messages the ERP feed holds per order.</summary>
    public static async Task<Dictionary<Guid, int>> PlacedOnScreensAsync(IDatabase redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var placed = new Dictionary<Guid, int>();
        foreach (var entry in await redis.SortedSetRangeByRankAsync("screens:erp:log"))
        {
            using var message = JsonDocument.Parse((string)entry!);
            var root = message.RootElement;
            if (root.TryGetProperty("event", out var kind) && kind.GetString() == "placed"
                && root.TryGetProperty("order", out var order) && order.TryGetProperty("id", out var id))
            {
                var orderId = id.GetGuid();
                placed[orderId] = placed.GetValueOrDefault(orderId) + 1;
            }
        }

        return placed;
    }
}
