using System.Text.Json;
using Npgsql;

namespace Rush.Kitchen.Orders;

/// <summary>Reads stored orders from Postgres.</summary>
public sealed class OrderQueries(NpgsqlDataSource db)
{
    internal const string Columns = """
        id, created_at, display_id, customer_id, customer_first_name, customer_last_name, customer_phone,
        is_pickup, delivery_address, items::text, total_price, make_minutes, status, version,
        target_slot_start, visible_at, request_id
        """;

    /// <summary>The order with this id, or null.</summary>
    public async Task<KitchenOrder?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from orders where id = $1");
        cmd.Parameters.AddWithValue(id);
        return (await ReadAsync(cmd, ct)).FirstOrDefault();
    }

    /// <summary>The order created by the request with this idempotency key in its scope, or null.</summary>
    public async Task<PreviousOrder?> FindByRequestAsync(OrderRequestKey key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        Guid orderId;
        string? fingerprint;
        await using (var cmd = db.CreateCommand("select order_id, request_hash from order_requests where client_scope = $1 and request_id = $2"))
        {
            cmd.Parameters.AddWithValue(key.Scope);
            cmd.Parameters.AddWithValue(key.Id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            orderId = reader.GetGuid(0);
            fingerprint = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return await FindAsync(orderId, ct) is { } order ? new PreviousOrder(order, fingerprint) : null;
    }

    /// <summary>Orders created at or after <paramref name="since"/>, oldest first (the hot-state rebuild).</summary>
    public async Task<List<KitchenOrder>> CreatedSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select {Columns} from orders where created_at >= $1 order by created_at");
        cmd.Parameters.AddWithValue(since);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Which of these ids exist as stored orders.</summary>
    public async Task<HashSet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select id from orders where id = any($1)");
        cmd.Parameters.AddWithValue(ids.ToArray());
        var found = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    internal static async Task<List<KitchenOrder>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var orders = new List<KitchenOrder>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            orders.Add(new KitchenOrder(
                r.GetGuid(0),
                r.GetFieldValue<DateTimeOffset>(1),
                r.GetString(2),
                r.GetInt64(3),
                r.GetString(4),
                r.GetString(5),
                r.GetString(6),
                r.GetBoolean(7),
                r.IsDBNull(8) ? null : r.GetString(8),
                JsonSerializer.Deserialize(r.GetString(9), KitchenJson.Api.IReadOnlyListOrderItem) ?? [],
                r.GetDecimal(10),
                r.GetInt32(11),
                r.GetString(12),
                r.GetInt32(13),
                r.GetFieldValue<DateTimeOffset>(14),
                r.GetFieldValue<DateTimeOffset>(15),
                r.IsDBNull(16) ? null : r.GetString(16)));
        }

        return orders;
    }
}
