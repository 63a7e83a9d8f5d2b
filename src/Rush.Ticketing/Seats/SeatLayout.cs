using System.Collections.Concurrent;
using Npgsql;

namespace Rush.Ticketing.Seats;

/// <summary>The seat maps (zone, row, number, price) of events, loaded once per event and kept in memory.</summary>
/// <remarks>
/// The layout of a venue does not change during a sale (seed 002 caches it for 24 h), while statuses
/// change every millisecond: only the layout is cached here, statuses always come from Redis and
/// Postgres. 100,000 seats take a few MB; a hold then needs no database round trip to know which
/// event a seat belongs to.
/// </remarks>
public sealed class SeatLayout(NpgsqlDataSource db)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<IReadOnlyDictionary<long, SeatPlace>>>> _events = new();
    private readonly ConcurrentDictionary<long, SeatPlace> _seats = new();

    /// <summary>The seat with <paramref name="seatId"/>, or null when there is none.</summary>
    public async Task<SeatPlace?> FindAsync(long seatId, CancellationToken ct)
    {
        if (_seats.TryGetValue(seatId, out var known))
        {
            return known;
        }

        await using var cmd = db.CreateCommand("select event_id from seats where id = $1");
        cmd.Parameters.AddWithValue(seatId);
        if (await cmd.ExecuteScalarAsync(ct) is not long eventId)
        {
            return null;
        }

        var seats = await SeatsOfAsync(eventId);
        return seats.GetValueOrDefault(seatId);
    }

    /// <summary>Every seat of an event by id (empty for an event without a seat map).</summary>
    public Task<IReadOnlyDictionary<long, SeatPlace>> SeatsOfAsync(long eventId) =>
        _events.GetOrAdd(eventId, id => new Lazy<Task<IReadOnlyDictionary<long, SeatPlace>>>(() => LoadAsync(id))).Value;

    // Not cancellable: other callers share the load.
    private async Task<IReadOnlyDictionary<long, SeatPlace>> LoadAsync(long eventId)
    {
        var seats = new Dictionary<long, SeatPlace>();
        await using var cmd = db.CreateCommand("select id, zone, row, number, price from seats where event_id = $1");
        cmd.Parameters.AddWithValue(eventId);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var seat = new SeatPlace(reader.GetInt64(0), eventId, reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetDecimal(4));
                seats[seat.Id] = seat;
                _seats[seat.Id] = seat;
            }
        }
        catch
        {
            _events.TryRemove(eventId, out _);
            throw;
        }

        return seats;
    }
}

/// <summary>Where a seat is and what it costs.</summary>
public sealed record SeatPlace(long Id, long EventId, string Zone, int Row, int Number, decimal Price);
