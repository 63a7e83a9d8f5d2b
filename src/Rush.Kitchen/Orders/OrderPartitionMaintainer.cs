using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Hosting;

namespace Rush.Kitchen.Orders;

/// <summary>Once a day: creates the monthly <c>orders</c> partitions three months ahead and archives finished orders older than a year.</summary>
public sealed partial class OrderPartitionMaintainer(NpgsqlDataSource db, TimeProvider clock, ILogger<OrderPartitionMaintainer> log) : BackgroundService
{
    private const int ArchiveBatch = 10_000;

    /// <summary>Moves completed/cancelled orders created more than a year ago to <c>orders_archive</c>; returns how many.</summary>
    public async Task<int> ArchiveAsync(CancellationToken ct)
    {
        var total = 0;
        int moved;
        do
        {
            await using var cmd = db.CreateCommand("select archive_finished_orders($1, $2)");
            cmd.Parameters.AddWithValue(clock.GetUtcNow().AddYears(-1));
            cmd.Parameters.AddWithValue(ArchiveBatch);
            moved = (int)(await cmd.ExecuteScalarAsync(ct))!;
            total += moved;
        }
        while (moved == ArchiveBatch);

        return total;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(OrderPartitionMaintainer), TimeSpan.FromDays(1), TimeProvider.System, log, async ct =>
        {
            try
            {
                await using var cmd = db.CreateCommand("select ensure_order_partitions(3)");
                await cmd.ExecuteNonQueryAsync(ct);
                await ArchiveAsync(ct);
            }
            catch (NpgsqlException e)
            {
                LogFailed(e.Message);
            }
        }, stoppingToken, runFirst: true);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order partition maintenance failed: {Reason}")]
    private partial void LogFailed(string reason);
}
