using Microsoft.Extensions.Options;
using Rush.Kitchen.Orders;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Slots;

/// <summary>Assigns orders to 15-minute kitchen slots by capacity (seed 001 step 2.4), atomically in Redis.</summary>
/// <remarks>The rule itself, the key layout and the scripts' arguments are <see cref="SlotCapacityRule"/> and <see cref="SlotKeys"/>.</remarks>
public sealed class SlotScheduler(RedisConnection redis, KitchenCalendar calendar, IOptions<KitchenOptions> options, TimeProvider clock)
{
    private static readonly RedisScript Reserve = RedisScript.FromResource(typeof(SlotScheduler), "slot-reserve.lua");
    private static readonly RedisScript Release = RedisScript.FromResource(typeof(SlotScheduler), "slot-release.lua");

    /// <summary>
    /// Reserves capacity for <paramref name="demand"/> in the first slot at or after <paramref name="desired"/>
    /// (or now) that has room in every dimension. Throws <see cref="OrderRejectedException"/> when the
    /// kitchen is closed, when every slot of the period is full, or when the order is bigger than any slot.
    /// </summary>
    public async Task<SlotReservation> ReserveAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired) =>
        (await ReserveOrFindAsync(orderId, demand, desired, shortcutKey: null)).Reservation!;

    /// <summary>
    /// As <see cref="ReserveAsync"/>, but in the same script call first reads the idempotency shortcut
    /// <paramref name="shortcutKey"/> (when given): if it exists, nothing is reserved and its value
    /// (<c>{order id}:{fingerprint}</c>) is returned instead. One Redis call per order on the intake path.
    /// </summary>
    public async Task<(SlotReservation? Reservation, string? Shortcut)> ReserveOrFindAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired,
        string? shortcutKey)
    {
        var now = clock.GetUtcNow();
        var candidates = Candidates(calendar, demand, desired ?? now);
        var deadline = now + options.Value.ReservationTimeout;
        RedisKey[] keys = shortcutKey is null
            ? [SlotKeys.Reservation(orderId), SlotKeys.DisplayIds(calendar.LocalDate(candidates[0].Start)), SlotKeys.Pending]
            : [SlotKeys.Reservation(orderId), SlotKeys.DisplayIds(calendar.LocalDate(candidates[0].Start)), SlotKeys.Pending, shortcutKey];
        var args = SlotCapacityRule.ReserveArgs(orderId, demand, deadline, now, candidates);

        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await Reserve.EvaluateAsync(redis.Database, keys, args))!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw OrderRejectedException.Unavailable("Slot capacity cannot be checked right now; the order was not taken.", e);
        }

        if ((int)result[0] == 2)
        {
            return (null, (string)result[1]!);
        }

        if ((int)result[0] == 0)
        {
            // Earliest moment a slot can free up again: the first candidate slot's end.
            throw OrderRejectedException.SlotsFull(candidates[0].End - now);
        }

        var start = DateTimeOffset.FromUnixTimeSeconds((long)result[1]);
        return (Reservation(calendar, orderId, candidates, start, (string)result[2]!, deadline, demand, inPostgres: false), null);
    }

    /// <summary>
    /// The slots an order of <paramref name="demand"/> may take from <paramref name="from"/> on (the next-slot
    /// walk), or the refusal: kitchen closed, or the order larger than any of them. Shared by the Redis
    /// path and the Postgres ledger, so both modes apply the same rule.
    /// </summary>
    internal static IReadOnlyList<SlotWindow> Candidates(KitchenCalendar calendar, SlotAmounts demand, DateTimeOffset from)
    {
        var candidates = calendar.CandidateSlots(from);
        if (candidates.Count == 0)
        {
            throw OrderRejectedException.KitchenClosed();
        }

        if (!candidates.Any(s => SlotCapacityRule.FitsEmpty(demand, s.Limit)))
        {
            throw new OrderRejectedException(RejectionKind.Unprocessable, "order_too_large",
                "The order is larger than a whole kitchen slot can take; split it into several orders.");
        }

        return candidates;
    }

    /// <summary>The reservation of a slot chosen among <paramref name="candidates"/> (display ids count per day of the first).</summary>
    internal static SlotReservation Reservation(KitchenCalendar calendar, Guid orderId, IReadOnlyList<SlotWindow> candidates, DateTimeOffset start,
        string displayId, DateTimeOffset deadline, SlotAmounts demand, bool inPostgres)
    {
        // A retried order id may find its earlier reservation outside today's candidates.
        var window = candidates.FirstOrDefault(w => w.Start == start)
            ?? calendar.CandidateSlots(start).FirstOrDefault(w => w.Start == start)
            ?? candidates[0] with { Start = start, End = start + (candidates[0].End - candidates[0].Start) };
        return new SlotReservation(orderId, start, window.End, start - calendar.VisibleBefore, displayId, deadline, demand, window.Limit,
            calendar.LocalDate(candidates[0].Start), inPostgres);
    }

    /// <summary>Returns an order's reserved capacity and display id; harmless if already released.</summary>
    public async Task<bool> ReleaseAsync(Guid orderId)
    {
        var result = await Release.EvaluateAsync(redis.Database, [SlotKeys.Reservation(orderId), SlotKeys.Pending], SlotCapacityRule.ReleaseArgs(orderId));
        return (int)result == 1;
    }

    /// <summary>Marks reservations as committed so the reaper leaves them alone.</summary>
    public Task ConfirmAsync(IEnumerable<Guid> orderIds)
    {
        var members = orderIds.Select(id => (RedisValue)id.ToString()).ToArray();
        return members.Length == 0 ? Task.CompletedTask : redis.Database.SortedSetRemoveAsync(SlotKeys.Pending, members);
    }
}
