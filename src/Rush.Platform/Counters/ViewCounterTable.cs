using Npgsql;
using NpgsqlTypes;

namespace Rush.Platform.Counters;

/// <summary>The Postgres side of view counters: <c>view_counters</c> and the ledger of applied flushes.</summary>
internal sealed class ViewCounterTable(NpgsqlDataSource db)
{
    // Far longer than any flush can stay pending in Redis (RecoverAfter is at most a day).
    private static readonly TimeSpan LedgerRetention = TimeSpan.FromDays(7);

    /// <summary>Adds a flush's views, once: false when that flush id was already applied (replay after a crash, or by another instance).</summary>
    /// <remarks>
    /// One statement: the ledger row and the counts commit together. A concurrent replay of the same flush
    /// waits on the ledger's primary key and then adds nothing. Rows are added in key order so two
    /// flushes touching the same counters lock them in the same order (no deadlock).
    /// </remarks>
    public async Task<bool> ApplyAsync(Guid flushId, IReadOnlyList<(string Member, long Views)> counts, CancellationToken ct)
    {
        var ordered = counts.Select(c => (Key: ViewCounterKeys.Parse(c.Member), c.Views))
            .OrderBy(c => c.Key.Kind, StringComparer.Ordinal).ThenBy(c => c.Key.Id, StringComparer.Ordinal).ToList();
        await using var cmd = db.CreateCommand("""
            with flush as (
                insert into view_counter_flushes (flush_id) values ($1) on conflict do nothing returning flush_id)
            insert into view_counters (kind, item_id, views)
            select kind, item_id, views from unnest($2::text[], $3::text[], $4::bigint[]) with ordinality as c(kind, item_id, views, n)
            where exists (select 1 from flush)
            order by n
            on conflict (kind, item_id) do update set views = view_counters.views + excluded.views, updated_at = now()
            """);
        cmd.Parameters.AddWithValue(flushId);
        cmd.Parameters.AddWithValue(ordered.ConvertAll(c => c.Key.Kind).ToArray());
        cmd.Parameters.AddWithValue(ordered.ConvertAll(c => c.Key.Id).ToArray());
        cmd.Parameters.AddWithValue(ordered.ConvertAll(c => c.Views).ToArray());
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The flushed views of one item, and which of <paramref name="flushIds"/> Postgres already has.</summary>
    public async Task<(long Views, HashSet<Guid> Applied)> ReadAsync(string kind, string id, IReadOnlyList<Guid> flushIds, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select coalesce((select views from view_counters where kind = $1 and item_id = $2), 0),
                   array(select flush_id from view_counter_flushes where flush_id = any($3))
            """);
        cmd.Parameters.AddWithValue(kind);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, flushIds.ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), [.. reader.GetFieldValue<Guid[]>(1)]);
    }

    /// <summary>Drops ledger rows no replay can need any more.</summary>
    public async Task PruneLedgerAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("delete from view_counter_flushes where applied_at < now() - $1");
        cmd.Parameters.AddWithValue(LedgerRetention);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
