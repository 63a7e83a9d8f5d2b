using Npgsql;
using NpgsqlTypes;
using Rush.Kitchen.Orders;
using Rush.Platform.Messaging.Outbox;

namespace Rush.Kitchen.Workflow;

/// <summary>Writes one cook's change durably: the order's conditional update and its <c>OrderStatusChanged</c> outbox row in ONE transaction.</summary>
/// <remarks>
/// Optimistic concurrency: the UPDATE only matches while the row is still at the version the change
/// was computed from. Two cooks bumping the same order both read version N; the second UPDATE waits
/// on the first one's row lock, re-checks <c>version = N</c> against the committed row, matches
/// nothing and rolls back, so exactly one change (and one event) exists per version. No group
/// commit here: cooks' bumps are a few per second, not thousands.
/// </remarks>
public sealed class OrderChangeStore(NpgsqlDataSource db, OutboxSignal outbox)
{
    /// <summary>Commits <paramref name="change"/>; false (nothing written) when the order is no longer at <c>Before.Version</c>.</summary>
    public async Task<bool> TryCommitAsync(OrderChange change, DateTimeOffset occurredAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (before, after) = (change.Before, change.After);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx) { Timeout = 10 };
        var update = new NpgsqlBatchCommand("""
            update orders set status = $1, items = $2, version = $3
            where id = $4 and created_at = $5 and version = $6
            """);
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.Status });
        update.Parameters.Add(new NpgsqlParameter
        {
            Value = System.Text.Json.JsonSerializer.Serialize(after.Items, KitchenJson.Api.IReadOnlyListOrderItem),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = after.Version });
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = before.Id });
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before.CreatedAt.ToUniversalTime() });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = before.Version });
        batch.BatchCommands.Add(update);
        OutboxTable.Append(batch, [OrderEvents.StatusChanged(after, before.Status, occurredAt)]);
        await batch.ExecuteNonQueryAsync(ct);
        if (update.RecordsAffected != 1)
        {
            // Lost the race: the outbox row just inserted goes with the rollback.
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }

        // Not cancellable: once the change is decided, a client hanging up must not leave the
        // outcome unknown to the steps after the commit (slot release, projection).
        await tx.CommitAsync(CancellationToken.None);
        outbox.Notify();
        return true;
    }
}
