using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Screens;
using Rush.Platform.Leaderboards;
using Rush.Platform.Observability;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>Upserts an order's hot state in Redis and tells the screens, at most once per order version.</summary>
/// <remarks>
/// Called from three places that may race for the same order: right after commit on the instance
/// that took it (the fast path, and what keeps screens live while the broker is down), by the
/// consumer group for every event, and by the status workflow. The version check, the state change
/// and the screen message are one Lua script (order-project.lua), so whichever call comes first
/// applies and broadcasts, and every later call for that version or an older one is a no-op.
/// </remarks>
public sealed class OrderProjector(RedisConnection redis, TimeProvider clock, IOptions<ScreensOptions> screens)
{
    /// <summary>Per-order keys live 24 h (seed) after the later of now and the order's slot start.</summary>
    public static readonly TimeSpan OrderTtl = TimeSpan.FromHours(24);

    private static readonly RedisScript Project = RedisScript.FromResources(typeof(OrderProjector), "screen-publish.lua", "order-project.lua");

    /// <summary>
    /// Projects <paramref name="order"/> (seed 001 key layout) if its version is newer than the one
    /// already projected, then broadcasts it; returns false (and broadcasts nothing) otherwise.
    /// </summary>
    public Task<bool> ApplyAsync(KitchenOrder order, CancellationToken ct) => ApplyAsync(order, broadcast: true, ct);

    /// <summary>As <see cref="ApplyAsync(KitchenOrder, CancellationToken)"/>; the hot-state rebuild projects without broadcasting.</summary>
    internal async Task<bool> ApplyAsync(KitchenOrder order, bool broadcast, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        // The projection and the screen publish are one script; this span says which order and whether it was broadcast.
        using var span = RushTracing.Source.StartActivity("kitchen.order.project");
        span?.SetTag("rush.order.id", order.Id.ToString());
        span?.SetTag("rush.order.version", order.Version);
        var now = clock.GetUtcNow();
        // An order taken for the day after tomorrow must still be there when it becomes visible.
        var ttl = (order.SlotStart > now ? order.SlotStart - now : TimeSpan.Zero) + OrderTtl;
        RedisKey[] keys =
        [
            HotStateKeys.Order(order.Id), HotStateKeys.State(order.Id), HotStateKeys.SlotStart(order.Id), HotStateKeys.VisibleAt(order.Id),
            HotStateKeys.PendingSlots, HotStateKeys.Active, HotStateKeys.Recent, HotStateKeys.TotalCount, HotStateKeys.PendingCount,
            HotStateKeys.KitchenQueue, Leaderboard.Key(KitchenBoards.Pizzas),
        ];
        RedisValue[] args =
        [
            order.Id.ToString(), order.Version, order.Status, JsonSerializer.Serialize(OrderView.From(order), KitchenJson.Api.OrderView),
            OrderEvents.Rfc3339(order.SlotStart), OrderEvents.Rfc3339(order.VisibleAt), order.VisibleAt.ToUnixTimeMilliseconds(),
            order.CreatedAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), (long)ttl.TotalSeconds, (long)OrderTtl.TotalMilliseconds,
            broadcast ? "1" : "0", screens.Value.ReplayWindow,
        ];
        var result = (RedisResult[])(await Project.EvaluateAsync(redis.Database, keys, args).WaitAsync(ct))!;
        var applied = (int)result[0] == 1;
        span?.SetTag("rush.screens.published", applied && broadcast);
        return applied;
    }
}
