using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Capacity;

/// <summary>The open slots of one kitchen-local day: pure logic over <see cref="KitchenCalendar"/>.</summary>
public static class KitchenDay
{
    /// <summary>
    /// Every open slot starting on <paramref name="date"/> in the kitchen's zone, earliest first. A
    /// slot belongs to the day it starts on, so the small hours of a period that runs past midnight
    /// belong to the next day. Days of 23 or 25 hours (DST changes) are handled.
    /// </summary>
    public static IReadOnlyList<SlotWindow> OpenSlots(KitchenCalendar calendar, DateOnly date, TimeSpan slotLength)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var from = LocalMidnight(calendar.Zone, date);
        var to = LocalMidnight(calendar.Zone, date.AddDays(1));
        var slots = new List<SlotWindow>();
        for (var start = calendar.FirstSlotStartAtOrAfter(from); start < to;)
        {
            // CandidateSlots gives the run of open slots from here to the end of its opening period.
            var run = calendar.CandidateSlots(start);
            if (run.Count == 0)
            {
                start += slotLength;
                continue;
            }

            slots.AddRange(run.TakeWhile(s => s.Start < to));
            start = run[^1].End;
        }

        return slots;
    }

    private static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateOnly date)
    {
        // A midnight skipped by DST is invalid in the zone; GetUtcOffset then gives the standard offset.
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
