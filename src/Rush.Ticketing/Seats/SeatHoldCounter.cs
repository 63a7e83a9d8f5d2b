using Rush.Ticketing.Analytics;

namespace Rush.Ticketing.Seats;

/// <summary>Counts an event's live holds (SELECTED seats) per zone, for analytics.</summary>
/// <remarks>
/// Reads the event's live-hold set (<c>seats:held:{event}</c>, kept by the seat scripts: a seat leaves it when its
/// hold lapses, is released, or goes to payment), so the cost follows the number of holds, not of seats
/// (it used to read all 100,000 seat keys of event 1 per call).
/// </remarks>
public sealed class SeatHoldCounter(SeatLayout layout, SeatHolds holds) : ISeatHoldCounter
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> CountByZoneAsync(long eventId, CancellationToken ct)
    {
        var seats = await layout.SeatsOfAsync(eventId);
        var held = await holds.HeldSeatsAsync(eventId);
        return held.Select(id => seats.GetValueOrDefault(id)).OfType<SeatPlace>()
            .GroupBy(s => s.Zone)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
    }
}
