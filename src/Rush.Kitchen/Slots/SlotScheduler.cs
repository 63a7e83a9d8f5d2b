using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Rush.Kitchen.Orders;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Slots;

/// <summary>Assigns orders to 15-minute kitchen slots by capacity (seed 001 step 2.4), atomically in Redis.</summary>
public sealed class SlotScheduler(RedisConnection redis, KitchenCalendar calendar, IOptions<KitchenOptions> options, TimeProvider clock)
{
    /// <summary>Sorted set of reservations not yet committed, scored by their commit deadline (ms).</summary>
    public const string PendingKey = "slot:reservations:pending";

    // Seed 001: slot loads live 2 h (here: 2 h past the slot's end, so slots days ahead survive).
    private const int SlotTtlSeconds = 7200;

    private static readonly RedisScript Reserve = RedisScript.FromResource(typeof(SlotScheduler), "slot-reserve.lua");
    private static readonly RedisScript Release = RedisScript.FromResource(typeof(SlotScheduler), "slot-release.lua");

    /// <summary>
    /// Reserves capacity in the first slot at or after <paramref name="desired"/> (or now) that has room
    /// by price and by minutes. Throws <see cref="OrderRejectedException"/> when the kitchen is closed,
    /// when every slot of the period is full, or when the order is bigger than any slot.
    /// </summary>
    public async Task<SlotReservation> ReserveAsync(Guid orderId, long priceMinor, int minutes, DateTimeOffset? desired)
    {
        var now = clock.GetUtcNow();
        var candidates = calendar.CandidateSlots(desired ?? now);
        if (candidates.Count == 0)
        {
            throw OrderRejectedException.KitchenClosed();
        }

        if (candidates.All(s => s.MaxPriceMinor < priceMinor || s.MaxMinutes < minutes))
        {
            throw new OrderRejectedException(RejectionKind.Unprocessable, "order_too_large",
                "The order is larger than a whole kitchen slot can take; split it into several orders.");
        }

        var deadline = now + options.Value.ReservationTimeout;
        RedisKey[] keys =
        [
            $"order:slot:{orderId}",
            $"kitchen:display_ids:{calendar.LocalDate(candidates[0].Start):yyyyMMdd}",
            PendingKey,
        ];
        RedisValue[] args =
        [
            orderId.ToString(),
            priceMinor,
            minutes,
            deadline.ToUnixTimeMilliseconds(),
            orderId.ToString("N")[^12..],
            SlotTtlSeconds,
            now.ToUnixTimeSeconds(),
            candidates[0].Id,
            (long)(candidates[0].End - candidates[0].Start).TotalSeconds,
            candidates.Count,
            CapacityRuns(candidates),
        ];

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

    // Candidates are consecutive slots; their capacities compress into runs ("96:3000000:120").
    private static string CapacityRuns(IReadOnlyList<SlotWindow> candidates)
    {
        var runs = new StringBuilder();
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            count++;
            var next = i + 1 < candidates.Count ? candidates[i + 1] : null;
            if (next is null || next.MaxPriceMinor != candidates[i].MaxPriceMinor || next.MaxMinutes != candidates[i].MaxMinutes)
            {
                runs.Append(CultureInfo.InvariantCulture, $"{count}:{candidates[i].MaxPriceMinor}:{candidates[i].MaxMinutes};");
                count = 0;
            }
        }

        return runs.ToString();
    }

    /// <summary>Returns an order's reserved capacity and display id; harmless if already released.</summary>
    public async Task<bool> ReleaseAsync(Guid orderId)
    {
        var result = await Release.EvaluateAsync(redis.Database, [$"order:slot:{orderId}", PendingKey], [orderId.ToString()]);
        return (int)result == 1;
    }

    /// <summary>Marks reservations as committed so the reaper leaves them alone.</summary>
    public Task ConfirmAsync(IEnumerable<Guid> orderIds)
    {
        var members = orderIds.Select(id => (RedisValue)id.ToString()).ToArray();
        return members.Length == 0 ? Task.CompletedTask : redis.Database.SortedSetRemoveAsync(PendingKey, members);
    }
}
