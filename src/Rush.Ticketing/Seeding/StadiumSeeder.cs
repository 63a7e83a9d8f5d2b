using Npgsql;
using NpgsqlTypes;

namespace Rush.Ticketing.Seeding;

/// <summary>Creates event 1 (<see cref="StadiumConcert"/>) with id 1 and its 100,000 seats, once.</summary>
internal sealed class StadiumSeeder(NpgsqlDataSource db)
{
    /// <summary>Makes sure the concert and its seats exist; returns how many seats were written (0 when they were there).</summary>
    public async Task<int> SeedAsync(DateTimeOffset now, Func<long, SeedProgress> progress, CancellationToken ct)
    {
        // The explicit id 1 bypasses the sequence; moving the sequence past it keeps generated ids from ever reusing 1.
        await using (var cmd = db.CreateCommand("""
            insert into events_archive (id, title, description, type, provider, venue, city, event_date)
            select $1, $2, $3, 'concert', 'Billetter', 'Астана Арена', 'Астана', $4
            where not exists (select 1 from events_archive where id = $1)
            """))
        {
            cmd.Parameters.AddWithValue(StadiumConcert.EventId);
            cmd.Parameters.AddWithValue(StadiumConcert.Title);
            cmd.Parameters.AddWithValue(StadiumConcert.Description);
            cmd.Parameters.AddWithValue(StadiumConcert.DateFrom(now));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using (var sequence = db.CreateCommand(
            "select setval('events_id_seq', greatest((select max(id) from events_archive), (select last_value from events_id_seq), 1))"))
        {
            await sequence.ExecuteNonQueryAsync(ct);
        }

        await using (var count = db.CreateCommand("select exists (select 1 from seats where event_id = $1)"))
        {
            count.Parameters.AddWithValue(StadiumConcert.EventId);
            if ((bool)(await count.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        await using var bar = progress(StadiumConcert.TotalSeats);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync("copy seats (event_id, zone, row, number, price) from stdin (format binary)", ct);
        foreach (var zone in StadiumConcert.Zones)
        {
            for (var row = 1; row <= zone.Rows; row++)
            {
                for (var number = 1; number <= zone.SeatsPerRow; number++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(StadiumConcert.EventId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(zone.Name, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(number, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(zone.Price, NpgsqlDbType.Numeric, ct);
                }

                bar.Add(zone.SeatsPerRow);
            }
        }

        await copy.CompleteAsync(ct);
        return StadiumConcert.TotalSeats;
    }
}
