using Rush.Kitchen.Slots;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Capacity;

/// <summary>Reads slot loads from the counters slot-reserve.lua keeps in Redis (<c>slot:{id}</c>, <c>slot:{id}:info</c> <c>minutes_load</c>).</summary>
public sealed class SlotLoadReader(RedisConnection redis)
{
    /// <summary>The loads of <paramref name="slots"/>, in the same order; a slot nobody reserved has no keys and load 0.</summary>
    public async Task<IReadOnlyList<SlotLoad>> ReadAsync(IReadOnlyList<SlotWindow> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count == 0)
        {
            return [];
        }

        // One MGET for the price loads and pipelined HGETs for the minutes: two round trips' worth
        // for a whole day of 96 slots.
        var db = redis.Database;
        var prices = db.StringGetAsync(slots.Select(s => (RedisKey)$"slot:{s.Id}").ToArray());
        var minutes = slots.Select(s => db.HashGetAsync($"slot:{s.Id}:info", "minutes_load")).ToArray();
        var minuteLoads = await Task.WhenAll(minutes);
        var priceLoads = await prices;
        return slots.Select((s, i) => SlotLoad.From(s, (long?)priceLoads[i] ?? 0, (long?)minuteLoads[i] ?? 0)).ToList();
    }
}
