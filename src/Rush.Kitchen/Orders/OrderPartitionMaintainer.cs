using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Hosting;

namespace Rush.Kitchen.Orders;

/// <summary>Creates the monthly <c>orders</c> partitions three months ahead, once a day.</summary>
public sealed partial class OrderPartitionMaintainer(NpgsqlDataSource db, ILogger<OrderPartitionMaintainer> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1));
        do
        {
            try
            {
                await using var cmd = db.CreateCommand("select ensure_order_partitions(3)");
                await cmd.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogFailed(e.Message);
            }
        }
        while (await timer.TickOrStopAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create order partitions ahead: {Reason}")]
    private partial void LogFailed(string reason);
}
