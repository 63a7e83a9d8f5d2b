using Microsoft.Extensions.Options;
using Rush.Kitchen.Slots;

namespace Rush.Kitchen.Capacity;

/// <summary>How loaded the kitchen is: wait quotes for new orders and per-slot loads for the ERP dashboard.</summary>
public sealed class KitchenCapacity(KitchenCalendar calendar, SlotLoadReader loads, KitchenBacklog backlog, IOptions<KitchenOptions> options, TimeProvider clock)
{
    /// <summary>The kitchen-local date now.</summary>
    public DateOnly Today => calendar.LocalDate(clock.GetUtcNow());

    /// <summary>The kitchen's time zone id.</summary>
    public string TimeZone => calendar.Zone.Id;

    /// <summary>A quote for a typical order placed now, from the slots it could take and the queue on the screens.</summary>
    public async Task<WaitQuote> QuoteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var slotLoads = loads.ReadAsync(calendar.CandidateSlots(now));
        var queueMinutes = backlog.MinutesAsync(now, ct);
        return WaitQuote.Compute(await slotLoads, await queueMinutes);
    }

    /// <summary>Every open slot of <paramref name="date"/> with its load.</summary>
    public async Task<DaySlots> DayAsync(DateOnly date)
    {
        var slots = KitchenDay.OpenSlots(calendar, date, TimeSpan.FromMinutes(options.Value.SlotMinutes));
        return new DaySlots(date, TimeZone, await loads.ReadAsync(slots));
    }
}
