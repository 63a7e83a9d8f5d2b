namespace Rush.Kitchen.Slots;

/// <summary>
/// Redis key layout and lifetimes of slot capacity (seed 001, "Capacity-Based Slot Scheduling"), in one place.
/// </summary>
/// <remarks>
/// The Lua scripts derive per-slot and per-order keys from the prefixes given here in ARGV
/// (<see cref="SlotCapacityRule"/> builds the arguments), so a rename happens in this file only.
/// Derived names mean one keyspace: Rush runs on standalone or Sentinel Redis, not Redis Cluster.
/// </remarks>
public static class SlotKeys
{
    /// <summary>Prefix of a slot's keys: <c>slot:{id}</c> (price load, seed), <c>slot:{id}:info</c>, <c>slot:{id}:orders</c>.</summary>
    public const string SlotPrefix = "slot:";

    /// <summary>Prefix of an order's reservation hash <c>order:slot:{order id}</c> (slot, demand per dimension, display id).</summary>
    public const string ReservationPrefix = "order:slot:";

    /// <summary>Sorted set of reservations not yet committed, scored by their commit deadline (ms).</summary>
    public const string Pending = "slot:reservations:pending";

    /// <summary>Slot keys live this long past the slot's end (seed: 2 h; past the end so slots days ahead survive).</summary>
    public static readonly TimeSpan SlotTtl = TimeSpan.FromHours(2);

    /// <summary>A reservation hash lives this long (seed: order metadata 24 h).</summary>
    public static readonly TimeSpan ReservationTtl = TimeSpan.FromHours(24);

    /// <summary>A day's display-id set lives this long, so yesterday's ids still count while its orders are on screen.</summary>
    public static readonly TimeSpan DisplayIdsTtl = TimeSpan.FromDays(2);

    /// <summary>The seed's slot id, <c>slot:{unix seconds of the start}</c>: what clients see and the key of the slot's price load.</summary>
    public static string SlotId(long slotStart) => $"{SlotPrefix}{slotStart}";

    /// <summary>The hash of a slot's other loads and its limits (<c>start_time</c>, <c>end_time</c>, per-dimension fields).</summary>
    public static string Info(long slotStart) => $"{SlotPrefix}{slotStart}:info";

    /// <summary>The set of order ids in a slot.</summary>
    public static string Orders(long slotStart) => $"{SlotPrefix}{slotStart}:orders";

    /// <summary>The key of the hash or string that holds the load of <paramref name="dimension"/> in a slot.</summary>
    public static string Load(long slotStart, SlotDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return dimension.LoadField.Length == 0 ? SlotId(slotStart) : Info(slotStart);
    }

    /// <summary>An order's reservation hash.</summary>
    public static string Reservation(Guid orderId) => $"{ReservationPrefix}{orderId}";

    /// <summary>The set of display ids taken on a kitchen-local date.</summary>
    public static string DisplayIds(DateOnly date) => $"kitchen:display_ids:{date:yyyyMMdd}";
}
