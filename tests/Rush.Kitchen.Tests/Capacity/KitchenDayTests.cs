using Rush.Kitchen.Capacity;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Tests.Capacity;

public sealed class KitchenDayTests
{
    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(15);

    private static KitchenCalendar Calendar(string zone, Dictionary<string, string> hours)
    {
        var options = new KitchenOptions { TimeZone = zone };
        foreach (var (day, text) in hours)
        {
            options.OpeningHours[day] = text;
        }

        var calendar = KitchenCalendar.Create(options, out var errors);
        Assert.Empty(errors);
        return calendar;
    }

    [Fact]
    public void A_round_the_clock_day_has_96_slots_from_local_midnight()
    {
        var calendar = Calendar("Europe/Moscow", []);

        var slots = KitchenDay.OpenSlots(calendar, new DateOnly(2026, 2, 6), Slot);

        Assert.Equal(96, slots.Count);
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 0, 0, 0, TimeSpan.FromHours(3)), slots[0].Start);
        Assert.All(slots.Zip(slots.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
    }

    [Fact]
    public void A_day_keeps_its_own_evening_and_the_small_hours_of_the_night_before()
    {
        // Thursday and Friday 18:00-02:00: Friday's slots are 00:00-02:00 (Thursday night) and 18:00-24:00.
        var calendar = Calendar("UTC", new() { ["Thursday"] = "18:00-02:00", ["Friday"] = "18:00-02:00" });

        var slots = KitchenDay.OpenSlots(calendar, new DateOnly(2026, 2, 6), Slot);

        Assert.Equal(8 + 24, slots.Count);
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 0, 0, 0, TimeSpan.Zero), slots[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 1, 45, 0, TimeSpan.Zero), slots[7].Start);
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 18, 0, 0, TimeSpan.Zero), slots[8].Start);
        Assert.Equal(new DateTimeOffset(2026, 2, 6, 23, 45, 0, TimeSpan.Zero), slots[^1].Start);
    }

    [Fact]
    public void A_closed_day_has_no_slots()
    {
        var calendar = Calendar("UTC", new() { ["Friday"] = "closed" });

        Assert.Empty(KitchenDay.OpenSlots(calendar, new DateOnly(2026, 2, 6), Slot));
    }

    [Fact]
    public void A_day_of_a_clock_change_has_its_real_length()
    {
        // Berlin moves from 02:00 to 03:00 on 29 March 2026: 23 hours, 92 slots.
        var calendar = Calendar("Europe/Berlin", []);

        Assert.Equal(92, KitchenDay.OpenSlots(calendar, new DateOnly(2026, 3, 29), Slot).Count);
        Assert.Equal(100, KitchenDay.OpenSlots(calendar, new DateOnly(2026, 10, 25), Slot).Count);
    }
}
