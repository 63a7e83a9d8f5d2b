namespace Rush.Ticketing.Analytics;

/// <summary>The answer of <c>GET /api/analytics?id=</c>: seat totals, revenue, bookings, and the same per zone.</summary>
public sealed record EventStats(
    long EventId,
    long TotalSeats,
    long FreeSeats,
    long SelectedSeats,
    long ReservedSeats,
    long SoldSeats,
    decimal Revenue,
    BookingCounts Bookings,
    IReadOnlyList<ZoneStats> Zones);
