using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Hosting;
using Rush.Kitchen.Orders;
using Rush.Platform.Redis;
using StackExchange.Redis;

namespace Rush.Kitchen.Slots;

/// <summary>Gives back slot capacity reserved for orders that were never committed (e.g. the process died).</summary>
/// <remarks>
/// Every reservation sits in <see cref="SlotKeys.Pending"/> scored by its commit deadline
/// until the order is committed. The writer refuses to commit past the deadline, and the reaper
/// only looks at reservations a whole further <c>ReservationTimeout</c> past it, so by then each
/// order is either in Postgres (confirm: keep the capacity) or will never be (release it). Several
/// instances may reap at once: release is idempotent and atomic (slot-release.lua).
/// </remarks>
public sealed partial class SlotReservationReaper(
    RedisConnection redis,
    SlotScheduler slots,
    OrderQueries queries,
    IOptions<KitchenOptions> options,
    TimeProvider clock,
    ILogger<SlotReservationReaper> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Settles overdue reservations once; returns how many were released.</summary>
    public async Task<int> ReapOnceAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.ReservationTimeout;
        var overdue = await redis.Database.SortedSetRangeByScoreAsync(SlotKeys.Pending, double.NegativeInfinity,
            cutoff.ToUnixTimeMilliseconds(), take: 1000);
        if (overdue.Length == 0)
        {
            return 0;
        }

        var ids = overdue.Select(v => Guid.Parse((string)v!)).ToList();
        var stored = await queries.ExistingAsync(ids, ct);
        await slots.ConfirmAsync(stored);
        var released = 0;
        foreach (var id in ids.Where(id => !stored.Contains(id)))
        {
            if (await slots.ReleaseAsync(id))
            {
                released++;
            }
        }

        if (released > 0)
        {
            LogReleased(released);
        }

        return released;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(SlotReservationReaper), Interval, clock, log, async ct =>
        {
            try
            {
                await ReapOnceAsync(ct);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or NpgsqlException)
            {
                LogReapFailed(e.Message);
            }
        }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} slot reservations whose orders were never committed")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot reservation reaper skipped a round: {Reason}")]
    private partial void LogReapFailed(string reason);
}
