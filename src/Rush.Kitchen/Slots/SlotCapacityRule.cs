using System.Globalization;
using System.Text;
using Rush.Kitchen.Orders;
using StackExchange.Redis;

namespace Rush.Kitchen.Slots;

/// <summary>
/// THE capacity rule of kitchen slots (seed 001 step 2.4): an order fits a slot when, in every
/// dimension, the slot's load plus the order's demand stays within the slot's limit.
/// </summary>
/// <remarks>
/// Everything that decides or reports capacity goes through here: the scheduler's too-large check,
/// the wait quote, the slot loads of the dashboard, and the Lua scripts, which get the dimensions,
/// limits and key prefixes as ARGV built by this type (slot-reserve.lua, slot-release.lua,
/// hot-state-restore.lua contain no dimension or key name of their own). Adding a dimension (e.g.
/// oven minutes next to prep minutes, from <see cref="OrderItem.Station"/>) touches
/// <see cref="SlotAmounts"/>, <see cref="Dimensions"/> and <see cref="DemandOf(IReadOnlyList{OrderItem}, decimal)"/>,
/// the limit in <see cref="SlotCapacityOptions"/> and <see cref="LimitOf"/>, and what
/// <see cref="Capacity.SlotLoad"/> reports. See README, "Guarantees and how they are kept" (No overbooking).
/// </remarks>
public static class SlotCapacityRule
{
    /// <summary>The dimensions, in the order of <see cref="SlotAmounts"/>' indexer and of the scripts' arguments.</summary>
    public static IReadOnlyList<SlotDimension> Dimensions { get; } =
    [
        new("price", "", "max_capacity"),
        new("minutes", "minutes_load", "max_minutes"),
    ];

    /// <summary>What an order of these lines and this total asks of a slot.</summary>
    public static SlotAmounts DemandOf(IReadOnlyList<OrderItem> items, decimal totalPrice)
    {
        ArgumentNullException.ThrowIfNull(items);
        long minutes = 0;
        foreach (var item in items)
        {
            minutes += item.MakeMinutes;
        }

        return new SlotAmounts(KitchenCalendar.ToMinor(totalPrice), minutes);
    }

    /// <summary>What a priced draft asks of a slot.</summary>
    public static SlotAmounts DemandOf(OrderDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return DemandOf(draft.Items, draft.TotalPrice);
    }

    /// <summary>What a stored order holds in its slot.</summary>
    public static SlotAmounts DemandOf(KitchenOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return DemandOf(order.Items, order.TotalPrice);
    }

    /// <summary>A slot's limit from its configured capacity.</summary>
    public static SlotAmounts LimitOf(SlotCapacityOptions capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return new SlotAmounts(KitchenCalendar.ToMinor(capacity.MaxPrice), capacity.MaxMakeMinutes);
    }

    /// <summary>True when <paramref name="demand"/> fits a slot with <paramref name="load"/> and <paramref name="limit"/>.</summary>
    public static bool Fits(SlotAmounts load, SlotAmounts demand, SlotAmounts limit)
    {
        for (var d = 0; d < Dimensions.Count; d++)
        {
            if (load[d] + demand[d] > limit[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="demand"/> fits an empty slot of <paramref name="limit"/> (else the order is too large for any slot of it).</summary>
    public static bool FitsEmpty(SlotAmounts demand, SlotAmounts limit) => Fits(default, demand, limit);

    /// <summary>The fuller dimension's share, 0..1 (above 1 only if a limit was lowered under existing orders).</summary>
    public static double Utilisation(SlotAmounts load, SlotAmounts limit)
    {
        var max = 0d;
        for (var d = 0; d < Dimensions.Count; d++)
        {
            max = Math.Max(max, (double)load[d] / limit[d]);
        }

        return max;
    }

    /// <summary>
    /// ARGV of slot-reserve.lua for one order over consecutive <paramref name="candidates"/>
    /// (the script's header lists them).
    /// </summary>
    internal static RedisValue[] ReserveArgs(Guid orderId, SlotAmounts demand, DateTimeOffset commitDeadline, DateTimeOffset now,
        IReadOnlyList<SlotWindow> candidates)
    {
        var first = candidates[0];
        var args = new List<RedisValue>(16 + (4 * Dimensions.Count))
        {
            orderId.ToString(),
            commitDeadline.ToUnixTimeMilliseconds(),
            orderId.ToString("N")[^12..],
            now.ToUnixTimeSeconds(),
            first.Id,
            (long)(first.End - first.Start).TotalSeconds,
            candidates.Count,
            LimitRuns(candidates),
            SlotKeys.SlotPrefix,
            (long)SlotKeys.SlotTtl.TotalSeconds,
            (long)SlotKeys.ReservationTtl.TotalSeconds,
            (long)SlotKeys.DisplayIdsTtl.TotalSeconds,
        };
        AddDimensions(args);
        for (var d = 0; d < Dimensions.Count; d++)
        {
            args.Add(demand[d]);
        }

        return [.. args];
    }

    /// <summary>ARGV of slot-release.lua.</summary>
    internal static RedisValue[] ReleaseArgs(Guid orderId)
    {
        var args = new List<RedisValue>(2 + (4 * Dimensions.Count)) { orderId.ToString(), SlotKeys.SlotPrefix };
        AddDimensions(args);
        return [.. args];
    }

    /// <summary>The fixed head of hot-state-restore.lua's ARGV; the orders follow (<see cref="AddRestoredOrder"/>).</summary>
    internal static List<RedisValue> RestoreArgs(DateTimeOffset now, TimeSpan slotLength)
    {
        var args = new List<RedisValue>
        {
            now.ToUnixTimeSeconds(),
            (long)slotLength.TotalSeconds,
            SlotKeys.SlotPrefix,
            SlotKeys.ReservationPrefix,
            (long)SlotKeys.SlotTtl.TotalSeconds,
            (long)SlotKeys.ReservationTtl.TotalSeconds,
            (long)SlotKeys.DisplayIdsTtl.TotalSeconds,
            SlotKeys.Pending,
        };
        AddDimensions(args);
        return args;
    }

    /// <summary>
    /// Appends one order to hot-state-restore.lua's ARGV: id, slot id ('' = display ids only), display
    /// id, the display-id sets of its slot's date and of the day it was taken, its demand and the slot's
    /// limit per dimension (limits '' when the calendar no longer has the slot).
    /// </summary>
    internal static void AddRestoredOrder(List<RedisValue> args, KitchenOrder order, bool holdsCapacity, SlotAmounts? limit,
        string slotDisplayIds, string takenDisplayIds)
    {
        ArgumentNullException.ThrowIfNull(order);
        AddRestored(args, order.Id, holdsCapacity ? order.SlotStart : null, order.DisplayId, slotDisplayIds, takenDisplayIds, DemandOf(order), limit,
            pendingUntil: null);
    }

    /// <summary>
    /// Appends to hot-state-restore.lua's ARGV one reservation Redis should hold: <paramref name="slotStart"/>
    /// null restores only the display id. Used for committed orders and for Postgres ledger claims; a
    /// claim's order may never commit, so it is restored as pending until <paramref name="pendingUntil"/>
    /// and the Redis reaper settles it like any reservation.
    /// </summary>
    internal static void AddRestored(List<RedisValue> args, Guid orderId, DateTimeOffset? slotStart, string displayId, string slotDisplayIds,
        string takenDisplayIds, SlotAmounts demand, SlotAmounts? limit, DateTimeOffset? pendingUntil)
    {
        ArgumentNullException.ThrowIfNull(args);
        args.Add(orderId.ToString());
        args.Add(slotStart is { } start ? start.ToUnixTimeSeconds() : "");
        args.Add(pendingUntil is { } until ? until.ToUnixTimeMilliseconds() : "");
        args.Add(displayId);
        args.Add(slotDisplayIds);
        args.Add(takenDisplayIds);
        for (var d = 0; d < Dimensions.Count; d++)
        {
            args.Add(demand[d]);
        }

        for (var d = 0; d < Dimensions.Count; d++)
        {
            args.Add(limit is { } l ? l[d].ToString(CultureInfo.InvariantCulture) : "");
        }
    }

    // Dimension count, then name, load field and limit field of each.
    private static void AddDimensions(List<RedisValue> args)
    {
        args.Add(Dimensions.Count);
        foreach (var dimension in Dimensions)
        {
            args.Add(dimension.Name);
            args.Add(dimension.LoadField);
            args.Add(dimension.LimitField);
        }
    }

    // Candidates are consecutive slots; their limits compress into runs "count:limit1:limit2;..."
    // (a day of 96 slots with one capacity is "96:3000000:120;").
    private static string LimitRuns(IReadOnlyList<SlotWindow> candidates)
    {
        var runs = new StringBuilder();
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            count++;
            if (i + 1 < candidates.Count && candidates[i + 1].Limit == candidates[i].Limit)
            {
                continue;
            }

            runs.Append(count);
            for (var d = 0; d < Dimensions.Count; d++)
            {
                runs.Append(':').Append(candidates[i].Limit[d].ToString(CultureInfo.InvariantCulture));
            }

            runs.Append(';');
            count = 0;
        }

        return runs.ToString();
    }
}
