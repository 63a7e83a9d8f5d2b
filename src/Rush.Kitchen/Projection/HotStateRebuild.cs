using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Slots;
using Rush.Kitchen.Workflow;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>Rebuilds the kitchen's hot state in Redis from Postgres, the source of truth (seed 001 "BootstrapState").</summary>
/// <remarks>
/// What comes back: the projection of every order of the last 24 h (and older ones whose slot is
/// still ahead), slot loads and reservations of slots that have not ended (cancelled orders excluded),
/// today's display ids, <c>orders:total</c>, and a new screen epoch. Every step is idempotent and
/// leaves alone what live traffic wrote meanwhile, so intake keeps running during a rebuild.
/// </remarks>
internal sealed class HotStateRebuild(
    RedisConnection redis,
    NpgsqlDataSource db,
    OrderQueries queries,
    OrderProjector projector,
    KitchenCalendar calendar,
    IOptions<KitchenOptions> kitchen,
    TimeProvider clock)
{
    private const int Chunk = 500;

    private static readonly RedisScript Restore = RedisScript.FromResource(typeof(HotStateRebuild), "hot-state-restore.lua");
    private static readonly RedisScript Ready = RedisScript.FromResources(typeof(HotStateRebuild), "screen-publish.lua", "hot-state-ready.lua");

    /// <summary>Rebuilds; returns the number of orders projected, or null when the lock was lost meanwhile (rebuild again).</summary>
    public async Task<int?> RunAsync(string lockToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var orders = await queries.CreatedSinceAsync(now - OrderProjector.OrderTtl - TimeSpan.FromDays(Math.Max(2, calendar.DaysAhead)), ct);
        var projected = orders.Where(o => o.CreatedAt >= now - OrderProjector.OrderTtl || (o.SlotStart >= now && !IsTerminal(o))).ToList();

        // Oldest first and pipelined in order, so the kitchen queue gets them in the order they came.
        foreach (var chunk in projected.Chunk(Chunk))
        {
            await Task.WhenAll(chunk.Select(o => projector.ApplyAsync(o, broadcast: false, ct)));
        }

        var slotLength = TimeSpan.FromMinutes(kitchen.Value.SlotMinutes);
        var capacities = new Dictionary<long, SlotWindow?>();
        foreach (var chunk in orders.Where(o => o.CreatedAt >= now - SlotKeys.DisplayIdsTtl || o.SlotStart + slotLength > now).Chunk(Chunk))
        {
            var args = SlotCapacityRule.RestoreArgs(now, slotLength);
            foreach (var order in chunk)
            {
                var holdsCapacity = order.SlotStart + slotLength > now && order.Status != OrderStatus.Cancelled;
                var window = holdsCapacity ? Capacity(capacities, order.SlotStart) : null;
                SlotCapacityRule.AddRestoredOrder(args, order, holdsCapacity, window?.Limit, DisplayKey(order.SlotStart), DisplayKey(order.CreatedAt));
            }

            await Restore.EvaluateAsync(redis.Database, [], [.. args]).WaitAsync(ct);
        }

        await using var count = db.CreateCommand("select count(*) from orders");
        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        RedisKey[] keys = [HotStateKeys.RebuildLock, HotStateKeys.ReadyMarker, HotStateKeys.TotalCount];
        RedisValue[] ready = [lockToken, total, OrderEvents.Rfc3339(clock.GetUtcNow())];
        return (int)await Ready.EvaluateAsync(redis.Database, keys, ready).WaitAsync(ct) == 1 ? projected.Count : null;
    }

    /// <summary>
    /// Gives Redis the capacity and display ids of fallback claims in the Postgres ledger whose orders are
    /// not committed yet (the pending reservations Redis would have held), so that Redis, deciding again,
    /// counts them. Idempotent like the rest of the rebuild: a claim Redis already holds is skipped.
    /// </summary>
    public async Task<int> RestoreClaimsAsync(IReadOnlyList<SlotClaim> claims, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var now = clock.GetUtcNow();
        var slotLength = TimeSpan.FromMinutes(kitchen.Value.SlotMinutes);
        var capacities = new Dictionary<long, SlotWindow?>();
        var restored = 0;
        foreach (var chunk in claims.Where(c => c.SlotStart + slotLength > now).Chunk(Chunk))
        {
            var args = SlotCapacityRule.RestoreArgs(now, slotLength);
            foreach (var claim in chunk)
            {
                var key = SlotKeys.DisplayIds(claim.DisplayDay);
                SlotCapacityRule.AddRestored(args, claim.OrderId, claim.SlotStart, claim.DisplayId, key, key, claim.Demand,
                    Capacity(capacities, claim.SlotStart)?.Limit, claim.Deadline);
            }

            restored += (int)await Restore.EvaluateAsync(redis.Database, [], [.. args]).WaitAsync(ct);
        }

        return restored;
    }

    private static bool IsTerminal(KitchenOrder order) => order.Status is OrderStatus.Completed or OrderStatus.Cancelled;

    private string DisplayKey(DateTimeOffset time) => SlotKeys.DisplayIds(calendar.LocalDate(time));

    // The capacity the calendar gives the slot today (overrides may differ by time of day); null when it is no longer open.
    private SlotWindow? Capacity(Dictionary<long, SlotWindow?> cache, DateTimeOffset slotStart)
    {
        var id = slotStart.ToUnixTimeSeconds();
        if (!cache.TryGetValue(id, out var window))
        {
            window = calendar.CandidateSlots(slotStart).FirstOrDefault(w => w.Start == slotStart);
            cache[id] = window;
        }

        return window;
    }
}
