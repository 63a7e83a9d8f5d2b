using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Hosting;

namespace Rush.Platform.Messaging.Outbox;

/// <summary>Publishes committed outbox events to the event log and marks them sent.</summary>
/// <remarks>
/// Guarantee: at-least-once. Rows are locked with SKIP LOCKED (several instances share the work),
/// published with broker confirms, and only then marked sent in the same transaction; a crash
/// between publish and commit republishes them after restart, never loses them. While the broker
/// is down the outbox simply grows and intake is unaffected.
/// </remarks>
public sealed partial class OutboxRelay(
    NpgsqlDataSource db,
    IEventLog eventLog,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> log) : BackgroundService
{
    /// <summary>Publishes one batch; returns how many events were sent.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = new List<long>();
        var events = new List<OutgoingEvent>();
        await using (var select = new NpgsqlCommand("""
            select id, topic, message_key, message_type, message_id, payload, trace_parent from outbox
            where sent_at is null order by id limit $1 for update skip locked
            """, conn, tx))
        {
            select.Parameters.AddWithValue(options.Value.BatchSize);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                events.Add(new OutgoingEvent(reader.GetString(1), reader.GetString(2), reader.GetGuid(4), reader.GetString(3), (byte[])reader[5])
                {
                    TraceParent = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }
        }

        if (events.Count == 0)
        {
            return 0;
        }

        await eventLog.PublishAsync(events, ct);
        await using (var mark = new NpgsqlCommand("update outbox set sent_at = now() where id = any($1)", conn, tx))
        {
            mark.Parameters.AddWithValue(ids.ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return events.Count;
    }

    /// <summary>Number of events not yet published (the outbox lag).</summary>
    public async Task<long> CountUnsentAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select count(*) from outbox where sent_at is null");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int sent;
                do
                {
                    sent = await RelayOnceAsync(stoppingToken);
                }
                while (sent == options.Value.BatchSize);

                backoff = options.Value.PollInterval;
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Broker or database away (or something unexpected, logged as an error): the events
                // stay in the outbox; retry with capped backoff.
                if (e is EventLogUnavailableException or NpgsqlException)
                {
                    LogRelayFailed(e.Message, backoff);
                }
                else
                {
                    BackgroundLoop.Failed(log, nameof(OutboxRelay), e);
                }

                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.Value.MaxBackoff.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay paused: {Reason}; retrying in {Backoff}")]
    private partial void LogRelayFailed(string reason, TimeSpan backoff);
}
