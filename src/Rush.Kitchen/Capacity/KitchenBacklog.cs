using Npgsql;

namespace Rush.Kitchen.Capacity;

/// <summary>The work waiting on the kitchen screens (the queue of a wait quote), from Postgres.</summary>
public sealed class KitchenBacklog(NpgsqlDataSource db)
{
    /// <summary>
    /// Make-time minutes still to do at <paramref name="now"/>: items not bumped done, of orders
    /// visible on the screens that are not ready yet (pending, preparing, cooking) and were created
    /// within the last 24 hours (older unfinished orders are abandoned, not work).
    /// </summary>
    public async Task<int> MinutesAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Status list spelled out (not a parameter) so the partial index orders_active applies.
        await using var cmd = db.CreateCommand("""
            select coalesce(sum((i->>'makeMinutes')::int), 0)::int
            from orders o cross join lateral jsonb_array_elements(o.items) i
            where o.status in ('pending', 'preparing', 'cooking') and o.created_at >= $1 and o.visible_at <= $2
              and not coalesce((i->>'done')::boolean, false)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = (now - Workflow.ActiveOrderQueries.Window).ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
