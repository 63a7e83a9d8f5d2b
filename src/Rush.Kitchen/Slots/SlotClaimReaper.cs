using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rush.Platform.Hosting;

namespace Rush.Kitchen.Slots;

/// <summary>Settles fallback claims in the Postgres ledger whose orders were never committed (see <see cref="SlotLedger.ReapOnceAsync"/>).</summary>
/// <remarks>The Postgres twin of <see cref="SlotReservationReaper"/>, in its own loop so that it keeps working while Redis is away.</remarks>
public sealed partial class SlotClaimReaper(SlotLedger ledger, TimeProvider clock, ILogger<SlotClaimReaper> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(SlotClaimReaper), Interval, clock, log, async ct =>
        {
            try
            {
                if (await ledger.ReapOnceAsync(ct) is > 0 and var released)
                {
                    LogReleased(released);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogReapFailed(e.Message);
            }
        }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} fallback slot claims whose orders were never committed")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slot claim reaper skipped a round: {Reason}")]
    private partial void LogReapFailed(string reason);
}
