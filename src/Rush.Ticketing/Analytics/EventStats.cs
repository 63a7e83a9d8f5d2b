namespace Rush.Ticketing.Analytics;

/// <summary>The answer of <c>GET /api/analytics?id=</c>: seat totals, revenue, bookings, and the same per zone.</summary>
public sealed record EventStats(
    long EventId,
    long TotalSeats,
    long FreeSeats,
    long SelectedSeats,
    long ReservedSeats,
    long SoldSeats,
    decimal? Revenue,
    BookingCounts Bookings,
    IReadOnlyList<ZoneStats> Zones)
{
    /// <summary>The figures without revenue (issue 9, finding 6: revenue is for operators).</summary>
    public EventStats WithoutRevenue() => this with { Revenue = null, Zones = [.. Zones.Select(z => z with { Revenue = null })] };
}
