using Npgsql;
using NpgsqlTypes;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary>Pages of an event's seats from Postgres, ordered by id, with the total for the same filters.</summary>
/// <remarks>The <c>(event_id, status, id)</c> index serves every status filter in id order without sorting the event.</remarks>
public static class SeatPageQuery
{
    private const string Select = "select id, zone, row, number, price, status from seats";
    private const string FreeFilter = "event_id = $1 and ($2::int is null or row = $2) and status = 'FREE' and not (id = any($3))";

    /// <summary>
    /// Seats with Postgres's statuses (FREE, RESERVED, SOLD); <paramref name="status"/> null = all. The total is counted
    /// only when <paramref name="count"/> (the caller knows it otherwise, or it would read too many rows).
    /// </summary>
    public static async Task<(List<SeatView> Seats, long? Total)> RunAsync(
        NpgsqlDataSource db, long eventId, int? row, string? status, long offset, int limit, bool count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string Filter = "event_id = $1 and ($2::int is null or row = $2) and ($3::text is null or status = $3)";
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"{Select} where {Filter} order by id offset $4 limit $5", eventId, row, Status(status), offset, limit));
        if (count)
        {
            batch.BatchCommands.Add(Command($"select count(*) from seats where {Filter}", eventId, row, Status(status)));
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var seats = await ReadAsync(reader, ct);
        return (seats, count ? await CountAsync(reader, ct) : null);
    }

    /// <summary>
    /// FREE seats not in <paramref name="held"/> nor in <paramref name="skip"/>, by id. No count: counting an event's
    /// free seats reads all of them (~80 ms for 100,000), too much for the page every buyer asks for.
    /// </summary>
    public static async Task<List<SeatView>> FreeAsync(
        NpgsqlDataSource db, long eventId, int? row, IReadOnlyList<long> held, IReadOnlyList<long> skip, long offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"{Select} where {FreeFilter} and not (id = any($4)) order by id offset $5 limit $6",
            eventId, row, held.ToArray(), skip.ToArray(), offset, limit));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadAsync(reader, ct);
    }

    /// <summary>How many FREE seats are in neither <paramref name="held"/> nor <paramref name="skip"/> (only for a page past all of them).</summary>
    public static async Task<long> CountFreeAsync(NpgsqlDataSource db, long eventId, int? row, IReadOnlyList<long> held, IReadOnlyList<long> skip, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"select count(*) from seats where {FreeFilter} and not (id = any($4))", eventId, row, held.ToArray(), skip.ToArray()));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await CountAsync(reader, ct);
    }

    /// <summary>FREE seats among <paramref name="ids"/> and not in <paramref name="held"/>, by id: the tail of a FREE list.</summary>
    public static async Task<List<SeatView>> FreeAmongAsync(
        NpgsqlDataSource db, long eventId, int? row, IReadOnlyList<long> held, IReadOnlyList<long> ids, long offset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"{Select} where {FreeFilter} and id = any($4) order by id offset $5 limit $6",
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
