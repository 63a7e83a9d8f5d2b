using Rush.Kitchen.Slots;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Capacity;

/// <summary>Reads slot loads from the counters slot-reserve.lua keeps in Redis (per <see cref="SlotCapacityRule.Dimensions"/>, keys per <see cref="SlotKeys"/>).</summary>
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

        // Per dimension one MGET (string loads) or pipelined HGETs (hash fields): about one round
        // trip per dimension for a whole day of 96 slots.
        var db = redis.Database;
        var dimensions = SlotCapacityRule.Dimensions;
        var reads = new Task<RedisValue[]>[dimensions.Count];
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            reads[d] = dimension.LoadField.Length == 0
                ? db.StringGetAsync(slots.Select(s => (RedisKey)SlotKeys.Load(s.Id, dimension)).ToArray())
                : Task.WhenAll(slots.Select(s => db.HashGetAsync(SlotKeys.Load(s.Id, dimension), dimension.LoadField)));
        }

        var loads = await Task.WhenAll(reads);
        var values = new long[dimensions.Count];
        var result = new List<SlotLoad>(slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            for (var d = 0; d < dimensions.Count; d++)
            {
                values[d] = (long?)loads[d][i] ?? 0;
            }

            result.Add(SlotLoad.From(slots[i], SlotAmounts.FromDimensions(values)));
        }

        return result;
    }
}
