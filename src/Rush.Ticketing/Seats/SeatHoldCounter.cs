using Rush.Platform.Redis;
using Rush.Ticketing.Analytics;
using Rush.Ticketing.Bookings;
using StackExchange.Redis;

namespace Rush.Ticketing.Seats;

/// <summary>Counts an event's live holds (SELECTED seats) per zone from Redis, for analytics.</summary>
/// <remarks>
/// A <c>seat:{id}</c> key also names the owner of a reserved or sold seat, so a key counts as a hold
/// only while its booking's mirror says <c>created</c>. Reads every seat key of the event (pipelined
/// MGETs of 1,000): fine for an analytics call, not meant for a request path.
/// </remarks>
public sealed class SeatHoldCounter(SeatLayout layout, SeatHolds holds, RedisConnection redis) : ISeatHoldCounter
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> CountByZoneAsync(long eventId, CancellationToken ct)
    {
        var seats = (await layout.SeatsOfAsync(eventId)).Values.ToList();
        var holders = new long?[seats.Count];
        var chunks = seats.Chunk(1000).Select(async (chunk, i) =>
        {
            var found = await holds.HoldersAsync(chunk.Select(s => s.Id).ToList());
            Array.Copy(found, 0, holders, i * 1000, found.Length);
        });
        await Task.WhenAll(chunks);

        var bookingIds = holders.OfType<long>().Distinct().ToList();
        var statuses = await Task.WhenAll(bookingIds.Select(id => redis.Database.HashGetAsync(SeatKeys.Booking(id), "status")));
        var selecting = bookingIds.Where((_, i) => statuses[i] == (RedisValue)Booking.Created).ToHashSet();
        return seats.Where((_, i) => holders[i] is { } b && selecting.Contains(b))
            .GroupBy(s => s.Zone)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
    }
}
