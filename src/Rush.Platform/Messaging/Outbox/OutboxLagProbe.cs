using System.Diagnostics.Metrics;
using Npgsql;
using Rush.Platform.Observability;

namespace Rush.Platform.Messaging.Outbox;

/// <summary>Outbox lag as gauges: unpublished events (<c>rush_outbox_backlog</c>) and the age of the oldest (<c>rush_outbox_lag_seconds</c>).</summary>
/// <remarks>
/// One query per sample interval over the partial index of unsent rows: the oldest row is found by id
/// (index order = commit order closely enough), and the count stops at <see cref="CountCap"/> so a huge
/// backlog while the broker is away does not turn the probe into a table scan.
/// </remarks>
public sealed class OutboxLagProbe(NpgsqlDataSource db) : IMetricsProbe
{
    /// <summary>The backlog is counted up to this many rows; beyond it the gauge shows the cap.</summary>
    public const int CountCap = 1_000_000;

    private static readonly Gauge<long> Backlog = RushMeter.Instance.CreateGauge<long>(
        "rush.outbox.backlog", "{event}", $"Outbox events committed but not yet published to the broker (counted up to {CountCap}).");

    private static readonly Gauge<double> Lag = RushMeter.Instance.CreateGauge<double>(
        "rush.outbox.lag", "s", "Age in seconds of the oldest outbox event not yet published; 0 when the outbox is drained.");

    /// <inheritdoc />
    public async Task SampleAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select (select count(*) from (select 1 from outbox where sent_at is null limit {CountCap}) unsent),
                   coalesce((select extract(epoch from clock_timestamp() - created_at)::float8
                             from outbox where sent_at is null order by id limit 1), 0)
            """);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Backlog.Record(reader.GetInt64(0));
        Lag.Record(Math.Max(0, reader.GetDouble(1)));
    }
}
