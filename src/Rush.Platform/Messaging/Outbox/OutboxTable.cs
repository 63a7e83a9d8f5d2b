using Npgsql;
using NpgsqlTypes;

namespace Rush.Platform.Messaging.Outbox;

/// <summary>Appends events to the outbox inside the caller's transaction.</summary>
public static class OutboxTable
{
    /// <summary>
    /// Adds one INSERT for all <paramref name="events"/> to <paramref name="batch"/>; it commits or
    /// rolls back with the state change the caller writes in the same transaction.
    /// </summary>
    public static void Append(NpgsqlBatch batch, IReadOnlyList<OutgoingEvent> events)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(events);
        var command = new NpgsqlBatchCommand("""
            insert into outbox (topic, message_key, message_type, message_id, payload, trace_parent)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::bytea[], $6::text[])
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Topic).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Type).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.MessageId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Body.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.TraceParent).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(command);
    }
}
