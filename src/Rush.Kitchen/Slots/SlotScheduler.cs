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
    public async Task<SlotReservation> ReserveAsync(Guid orderId, SlotAmounts demand, DateTimeOffset? desired)
    {
        var now = clock.GetUtcNow();
        var candidates = calendar.CandidateSlots(desired ?? now);
        if (candidates.Count == 0)
        {
            throw OrderRejectedException.KitchenClosed();
        }

        if (!candidates.Any(s => SlotCapacityRule.FitsEmpty(demand, s.Limit)))
        {
            throw new OrderRejectedException(RejectionKind.Unprocessable, "order_too_large",
                "The order is larger than a whole kitchen slot can take; split it into several orders.");
        }

        var deadline = now + options.Value.ReservationTimeout;
        RedisKey[] keys = [SlotKeys.Reservation(orderId), SlotKeys.DisplayIds(calendar.LocalDate(candidates[0].Start)), SlotKeys.Pending];
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

        if ((int)result[0] == 0)
        {
            // Earliest moment a slot can free up again: the first candidate slot's end.
            throw OrderRejectedException.SlotsFull(candidates[0].End - now);
        }

        var start = DateTimeOffset.FromUnixTimeSeconds((long)result[1]);
        return new SlotReservation(orderId, start, start + (candidates[0].End - candidates[0].Start),
            start - calendar.VisibleBefore, (string)result[2]!, deadline);
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
