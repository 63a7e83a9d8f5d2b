using Npgsql;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary>One page of an event's seats from Postgres, with the total for the same filters.</summary>
public static class SeatPageQuery
{
    /// <summary>Seats ordered by id; statuses are Postgres's (FREE, RESERVED, SOLD).</summary>
    public static async Task<(List<SeatView> Seats, long Total)> RunAsync(
        NpgsqlDataSource db, long eventId, int? row, string? status, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string Filter = "event_id = $1 and ($2::int is null or row = $2) and ($3::text is null or status = $3)";
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command($"select id, zone, row, number, price, status from seats where {Filter} order by id offset $4 limit $5",
            eventId, row, status, (long)(page - 1) * pageSize, pageSize));
        batch.BatchCommands.Add(Command($"select count(*) from seats where {Filter}", eventId, row, status));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var seats = new List<SeatView>(pageSize);
        while (await reader.ReadAsync(ct))
        {
            seats.Add(new SeatView(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetDecimal(4), reader.GetString(5)));
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (seats, reader.GetInt64(0));
    }

    private static NpgsqlBatchCommand Command(string sql, long eventId, int? row, string? status, params object[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        foreach (var value in more)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
