using Npgsql;
using NpgsqlTypes;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary>Pages of an event's seats from Postgres, ordered by id, with the total for the same filters.</summary>
/// <remarks>The <c>(event_id, status, id)</c> index serves every status filter in id order without sorting the event.</remarks>
public static class SeatPageQuery
{
    private const string Select = "select id, zone, row, number, price, status from seats";

    /// <summary>Seats with Postgres's statuses (FREE, RESERVED, SOLD); <paramref name="status"/> null = all.</summary>
    public static async Task<(List<SeatView> Seats, long Total)> RunAsync(
        NpgsqlDataSource db, long eventId, int? row, string? status, long offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string Filter = "event_id = $1 and ($2::int is null or row = $2) and ($3::text is null or status = $3)";
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"{Select} where {Filter} order by id offset $4 limit $5", eventId, row, Status(status), offset, limit));
        batch.BatchCommands.Add(Command($"select count(*) from seats where {Filter}", eventId, row, Status(status)));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var seats = await ReadAsync(reader, ct);
        return (seats, await CountAsync(reader, ct));
    }

    /// <summary>
    /// FREE seats not in <paramref name="held"/>: the page of those also not in <paramref name="offeredToOthers"/>,
    /// the count of all of them (<c>Total</c>), and how many of them are in <paramref name="offeredToOthers"/>.
    /// </summary>
    public static async Task<(List<SeatView> Seats, long Total, long Offered)> FreeAsync(
        NpgsqlDataSource db, long eventId, int? row, IReadOnlyList<long> held, IReadOnlyList<long> offeredToOthers, long offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string Filter = "event_id = $1 and ($2::int is null or row = $2) and status = 'FREE' and not (id = any($3))";
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"{Select} where {Filter} and not (id = any($4)) order by id offset $5 limit $6",
            eventId, row, held.ToArray(), offeredToOthers.ToArray(), offset, limit));
        batch.BatchCommands.Add(Command($"select count(*) from seats where {Filter}", eventId, row, held.ToArray()));
        batch.BatchCommands.Add(Command($"select count(*) from seats where {Filter} and id = any($4)", eventId, row, held.ToArray(), offeredToOthers.ToArray()));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var seats = await ReadAsync(reader, ct);
        var total = await CountAsync(reader, ct);
        return (seats, total, await CountAsync(reader, ct));
    }

    /// <summary>FREE seats among <paramref name="ids"/> and not in <paramref name="held"/>, by id: the tail of a FREE list.</summary>
    public static async Task<List<SeatView>> FreeAmongAsync(
        NpgsqlDataSource db, long eventId, int? row, IReadOnlyList<long> held, IReadOnlyList<long> ids, long offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"{Select} where event_id = $1 and ($2::int is null or row = $2) and status = 'FREE' and not (id = any($3)) and id = any($4) order by id offset $5 limit $6",
            eventId, row, held.ToArray(), ids.ToArray(), offset, limit));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadAsync(reader, ct);
    }

    private static async Task<List<SeatView>> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var seats = new List<SeatView>();
        while (await reader.ReadAsync(ct))
        {
            seats.Add(new SeatView(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetDecimal(4), reader.GetString(5)));
        }

        await reader.NextResultAsync(ct);
        return seats;
    }

    private static async Task<long> CountAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        var count = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        return count;
    }

    // $1 event, $2 row (or null), then the rest in order; a rest item that is a parameter already carries its type.
    private static NpgsqlBatchCommand Command(string sql, long eventId, int? row, params object[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        foreach (var value in more)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static NpgsqlParameter Status(string? status) => new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
