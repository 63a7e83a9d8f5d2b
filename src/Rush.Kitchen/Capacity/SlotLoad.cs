using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Capacity;

/// <summary>How full one kitchen slot is, by price (seed) and by make-time minutes; what the ERP dashboard charts.</summary>
/// <param name="SlotId">The seed's slot id, <c>slot:{unix seconds of the start}</c> (as orders' <c>targetSlotId</c>).</param>
/// <param name="Start">Slot start (UTC).</param>
/// <param name="PriceLoad">Sum of the prices of the orders in the slot, in currency units.</param>
/// <param name="MaxPrice">Price capacity of the slot, in currency units.</param>
/// <param name="MinutesLoad">Sum of the make-time minutes of the orders in the slot.</param>
/// <param name="MaxMinutes">Make-time capacity of the slot.</param>
/// <param name="Utilisation">The fuller of the two capacities, 0..1 (above 1 only if capacity was lowered under existing orders).</param>
public sealed record SlotLoad(string SlotId, DateTimeOffset Start, decimal PriceLoad, decimal MaxPrice, long MinutesLoad, long MaxMinutes, double Utilisation)
{
    /// <summary>The load of <paramref name="slot"/> from its Redis counters (price in minor units, as slot-reserve.lua keeps it).</summary>
    public static SlotLoad From(SlotWindow slot, SlotAmounts load)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return new SlotLoad(SlotKeys.SlotId(slot.Id), slot.Start, load.PriceMinor / 100m, slot.Limit.PriceMinor / 100m, load.Minutes, slot.Limit.Minutes,
            Math.Round(SlotCapacityRule.Utilisation(load, slot.Limit), 4));
    }

    /// <summary>True when an order with this demand still fits (<see cref="SlotCapacityRule.Fits"/>, the rule slot-reserve.lua applies).</summary>
    public bool HasRoomFor(SlotAmounts demand) =>
        SlotCapacityRule.Fits(new SlotAmounts(KitchenCalendar.ToMinor(PriceLoad), MinutesLoad), demand,
            new SlotAmounts(KitchenCalendar.ToMinor(MaxPrice), MaxMinutes));
}
