using System.Text.Json.Serialization;

namespace Rush.Ticketing.Analytics;

/// <summary>The answer of <c>GET /api/analytics?id=</c>: seat totals, revenue, bookings, and the same per zone.</summary>
/// <remarks>
/// Money is here and in <see cref="ZoneStats.Revenue"/> only, so whoever may not see revenue gets
/// <see cref="WithoutRevenue"/> (both fields left out of the JSON).
/// </remarks>
public sealed record EventStats(
    long EventId,
    long TotalSeats,
    long FreeSeats,
    long SelectedSeats,
    long ReservedSeats,
    long SoldSeats,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal? TotalRevenue,
    long BookingsCount,
    BookingCounts Bookings,
    IReadOnlyList<ZoneStats> Zones)
{
    /// <summary>The figures without revenue (issue 9, finding 6: revenue is for operators).</summary>
    public EventStats WithoutRevenue() => this with { TotalRevenue = null, Zones = [.. Zones.Select(z => z with { Revenue = null })] };
}
