using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Hosting;

namespace Rush.Ticketing.Events;

/// <summary>Once a day: makes sure the monthly <c>events_archive</c> partitions exist <see cref="MonthsAhead"/> months ahead.</summary>
/// <remarks>
/// An event dated past the last partition would land in <c>events_default</c>, which every query has to scan and
/// which blocks creating the partition later; keeping two years ahead means that never happens in practice.
/// </remarks>
public sealed partial class EventPartitionMaintainer(NpgsqlDataSource db, TimeProvider clock, ILogger<EventPartitionMaintainer> log) : BackgroundService
{
    /// <summary>Months ahead of the current one that always have a partition (the migration's 25).</summary>
    public const int MonthsAhead = 25;

    /// <summary>Creates the missing partitions from this month to <see cref="MonthsAhead"/> ahead; returns how many were created.</summary>
    public async Task<int> EnsureAheadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        await using var cmd = db.CreateCommand("select ensure_event_partitions($1, $2)");
        cmd.Parameters.AddWithValue(thisMonth);
        cmd.Parameters.AddWithValue(thisMonth.AddMonths(MonthsAhead));
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(EventPartitionMaintainer), TimeSpan.FromDays(1), TimeProvider.System, log, async ct =>
        {
            try
            {
                await EnsureAheadAsync(ct);
            }
            catch (NpgsqlException e)
            {
                LogFailed(e.Message);
            }
        }, stoppingToken, runFirst: true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event partition maintenance failed: {Reason}")]
    private partial void LogFailed(string reason);
}
