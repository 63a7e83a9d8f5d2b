using Rush.Kitchen.Capacity;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Tests.Capacity;

public sealed class WaitQuoteTests
{
    private static readonly DateTimeOffset TenAm = new(2026, 2, 6, 10, 0, 0, TimeSpan.Zero);

    private static SlotLoad Slot(int index, long priceMinor, long minutes) =>
        SlotLoad.From(new SlotWindow(TenAm.AddMinutes(15 * index), TenAm.AddMinutes(15 * (index + 1)), new SlotAmounts(3_000_000, 120)), new SlotAmounts(priceMinor, minutes));

    [Fact]
    public void A_load_is_shown_in_currency_units_with_the_fuller_capacity_as_utilisation()
    {
        var load = Slot(0, priceMinor: 1_500_000, minutes: 90);

        Assert.Equal($"slot:{TenAm.ToUnixTimeSeconds()}", load.SlotId);
        Assert.Equal(15_000m, load.PriceLoad);
        Assert.Equal(30_000m, load.MaxPrice);
        Assert.Equal(0.75, load.Utilisation);
    }

    [Fact]
    public void The_quote_is_the_first_slot_with_room_for_a_typical_order()
    {
        // Slot 0 has no minutes left for 12, slot 1 no price left for 962, slot 2 has room.
        var slots = new[] { Slot(0, 0, 109), Slot(1, 3_000_000 - 96_199, 0), Slot(2, 3_000_000 - 96_200, 108) };

        var quote = WaitQuote.Compute(slots, queueMinutes: 240);

        Assert.Equal(TenAm.AddMinutes(30), quote.NextSlotStart);
        Assert.Equal(TenAm.AddMinutes(30 + 12), quote.EstimatedReadyAt);
        Assert.Equal(240, quote.QueueMinutes);
        Assert.Equal(3, quote.Slots.Count);
    }

    [Fact]
    public void A_full_or_closed_kitchen_has_no_next_slot()
    {
        Assert.Null(WaitQuote.Compute([Slot(0, 3_000_000, 120)], 0).NextSlotStart);
        Assert.Null(WaitQuote.Compute([], 0).EstimatedReadyAt);
    }
}
