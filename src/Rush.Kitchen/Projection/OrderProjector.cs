using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Orders;
using Rush.Kitchen.Screens;
using Rush.Kitchen.Slots;
using Rush.Platform.Leaderboards;
using Rush.Platform.Observability;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Projection;

/// <summary>Upserts orders' hot state in Redis and tells the screens, at most once per order version.</summary>
/// <remarks>
/// Called from four places that may race for the same order: right after commit on the instance
/// that took it (the fast path, and what keeps screens live while the broker is down), by the
/// consumer group for every event, by the status workflow and by the hot-state rebuild. The version
/// check, the state change and the screen message are one Lua script (order-project.lua), so
/// whichever call comes first applies and broadcasts, and every later call for that version or an
/// older one is a no-op. Concurrent calls are coalesced into one script call (<see cref="Coalescer{TItem, TResult}"/>):
/// the script handles each order on its own, so batching changes the cost, not the outcome.
/// </remarks>
public sealed class OrderProjector
{
    /// <summary>Per-order keys live 24 h (seed) after the later of now and the order's slot start.</summary>
    public static readonly TimeSpan OrderTtl = TimeSpan.FromHours(24);

    /// <summary>Most orders per script call.</summary>
    public const int MaxBatch = 128;

    private const int ValuesPerOrder = 14;

    private static readonly RedisScript Project = RedisScript.FromResources(typeof(OrderProjector), "screen-publish.lua", "order-project.lua");

    private static readonly RedisKey[] Keys =
    [
        HotStateKeys.PendingSlots, HotStateKeys.Active, HotStateKeys.Recent, HotStateKeys.TotalCount, HotStateKeys.PendingCount,
        HotStateKeys.KitchenQueue, Leaderboard.Key(KitchenBoards.Pizzas), SlotKeys.Pending,
    ];

    private readonly RedisConnection _redis;
    private readonly TimeProvider _clock;
    private readonly IOptions<ScreensOptions> _screens;
    private readonly Coalescer<Projection, bool> _batches;

    /// <summary>Creates the projector.</summary>
    public OrderProjector(RedisConnection redis, TimeProvider clock, IOptions<ScreensOptions> screens)
    {
        _redis = redis;
        _clock = clock;
        _screens = screens;
        _batches = new Coalescer<Projection, bool>(RunAsync, MaxBatch, maxInFlight: 2);
    }

    /// <summary>
    /// Projects <paramref name="order"/> (seed 001 key layout) if its version is newer than the one
    /// already projected, then broadcasts it; returns false (and broadcasts nothing) otherwise.
    /// </summary>
    public Task<bool> ApplyAsync(KitchenOrder order, CancellationToken ct) => ApplyAsync(order, broadcast: true, committed: null, ct);

    /// <summary>As <see cref="ApplyAsync(KitchenOrder, CancellationToken)"/>; the hot-state rebuild projects without broadcasting.</summary>
    internal Task<bool> ApplyAsync(KitchenOrder order, bool broadcast, CancellationToken ct) => ApplyAsync(order, broadcast, committed: null, ct);

    /// <summary>
    /// As <see cref="ApplyAsync(KitchenOrder, CancellationToken)"/> for an order this instance has just
    /// committed: in the same script call its reservation is confirmed (leaves <see cref="SlotKeys.Pending"/>)
    /// and its idempotency shortcut is set, so intake needs no other Redis command after the commit.
    /// </summary>
    internal Task<bool> ApplyCommittedAsync(KitchenOrder order, OrderRequestKey? key, CancellationToken ct) =>
        ApplyAsync(order, broadcast: true, committed: new Committed(key), ct);

    private async Task<bool> ApplyAsync(KitchenOrder order, bool broadcast, Committed? committed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        // The projection and the screen publish are one script; this span says which order and whether it was broadcast.
        using var span = RushTracing.Source.StartActivity("kitchen.order.project");
        span?.SetTag("rush.order.id", order.Id.ToString());
        span?.SetTag("rush.order.version", order.Version);
        var applied = await _batches.RunAsync(new Projection(order, broadcast, committed)).WaitAsync(ct);
        span?.SetTag("rush.screens.published", applied && broadcast);
        return applied;
    }

    private async Task<IReadOnlyList<bool>> RunAsync(IReadOnlyList<Projection> batch)
    {
        using var span = RushTracing.Source.StartActivity("kitchen.orders.project", ActivityKind.Internal, parentContext: default);
        span?.SetTag("rush.batch.size", batch.Count);
        var now = _clock.GetUtcNow();
        var args = new RedisValue[7 + (ValuesPerOrder * batch.Count)];
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = (long)OrderTtl.TotalMilliseconds;
        args[2] = _screens.Value.ReplayWindow;
        args[3] = HotStateKeys.OrderPrefix;
        args[4] = HotStateKeys.SlotStartPrefix;
        args[5] = HotStateKeys.VisibleAtPrefix;
        args[6] = (long)OrderRequestKey.ShortcutTtl.TotalSeconds;
        var at = 7;
        foreach (var (order, broadcast, committed) in batch)
        {
            // An order taken for the day after tomorrow must still be there when it becomes visible.
            var ttl = (order.SlotStart > now ? order.SlotStart - now : TimeSpan.Zero) + OrderTtl;
            args[at++] = order.Id.ToString();
            args[at++] = order.Version;
            args[at++] = order.Status;
            args[at++] = JsonSerializer.SerializeToUtf8Bytes(OrderView.From(order), KitchenJson.Api.OrderView);
            args[at++] = OrderEvents.Rfc3339(order.SlotStart);
            args[at++] = OrderEvents.Rfc3339(order.VisibleAt);
            args[at++] = order.VisibleAt.ToUnixTimeMilliseconds();
            args[at++] = order.CreatedAt.ToUnixTimeMilliseconds();
            args[at++] = (long)ttl.TotalSeconds;
            args[at++] = broadcast ? "1" : "0";
            args[at++] = Pizzas(order);
            args[at++] = committed is null ? "0" : "1";
            args[at++] = committed?.Key?.RedisKey ?? "";
            args[at++] = committed?.Key?.Fingerprint ?? "";
        }

        var result = (RedisResult[])(await Project.EvaluateAsync(_redis.Database, Keys, args))!;
        var applied = new bool[batch.Count];
        for (var i = 0; i < applied.Length; i++)
        {
            applied[i] = (int)result[i] == 1;
        }

        return applied;
    }

    // "quantity<TAB>name<LF>" per line, for the pizza leaderboard (cheaper for the script than decoding the order JSON).
    private static string Pizzas(KitchenOrder order)
    {
        var text = new StringBuilder();
        foreach (var item in order.Items)
        {
            text.Append(item.Quantity.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(item.PizzaName.Replace('\t', ' ').Replace('\n', ' ')).Append('\n');
        }

        return text.ToString();
    }

    private sealed record Committed(OrderRequestKey? Key);

    private sealed record Projection(KitchenOrder Order, bool Broadcast, Committed? Committed);
}
