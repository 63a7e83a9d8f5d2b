using Npgsql;
using Rush.Kitchen.Orders;

namespace Rush.Kitchen.Workflow;

/// <summary>Reads the kitchen's active orders from Postgres (the source of truth; Redis may be cold).</summary>
public sealed class ActiveOrderQueries(NpgsqlDataSource db)
{
    /// <summary>How far back an order still counts as today's work (older unfinished orders are abandoned, not active).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    // Spelled out rather than passed as a parameter so the planner can prove the partial index
    // orders_active (003_active_orders.sql) applies.
    private const string ActiveFilter = "status in ('pending', 'preparing', 'cooking', 'ready')";

    /// <summary>
    /// Orders not completed or cancelled, created after <paramref name="now"/> minus <see cref="Window"/>,
    /// by slot start then creation time; optionally only some statuses and only orders with an item
    /// of <paramref name="station"/>. Returns at most <paramref name="limit"/> and whether more matched.
    /// </summary>
    public async Task<(List<KitchenOrder> Orders, bool Truncated)> FindAsync(
        DateTimeOffset now, IReadOnlyCollection<string>? statuses, string? station, int limit, CancellationToken ct)
    {
        var sql = $"select {OrderQueries.Columns} from orders where {ActiveFilter} and created_at >= $1";
        await using var cmd = db.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = (now - Window).ToUniversalTime() });
        if (statuses is { Count: > 0 })
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. statuses] });
            sql += $" and status = any(${cmd.Parameters.Count})";
        }

        if (station is not null)
        {
            // jsonb containment: some element of items has this station.
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = station });
            sql += $" and items @> jsonb_build_array(jsonb_build_object('station', ${cmd.Parameters.Count}::text))";
        }

        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        cmd.CommandText = sql + $" order by target_slot_start, created_at limit ${cmd.Parameters.Count}";
        var orders = await OrderQueries.ReadAsync(cmd, ct);
        var truncated = orders.Count > limit;
        if (truncated)
        {
            orders.RemoveAt(orders.Count - 1);
        }

        return (orders, truncated);
    }
}
