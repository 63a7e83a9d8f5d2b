namespace Rush.Ticketing.Analytics;

/// <summary>Counts an event's live seat holds (<c>SELECTED</c>), which exist only in Redis (<c>seat:{id}</c>), per zone.</summary>
/// <remarks>
/// Seam for the Seats module: it owns the holds and registers the real counter; until then
/// <see cref="NoSeatHolds"/> answers zero, and analytics report those seats as free (which they are in Postgres).
/// </remarks>
public interface ISeatHoldCounter
{
    /// <summary>Held seats of <paramref name="eventId"/> by zone name; zones without holds may be left out.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByZoneAsync(long eventId, CancellationToken ct);
}
