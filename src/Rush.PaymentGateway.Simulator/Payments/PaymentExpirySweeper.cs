using Microsoft.Extensions.Options;

namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>
/// Moves unpaid payments past their expiry to EXPIRED, so their webhook goes out even when nobody asks
/// about them (calls about a payment also expire it on the spot).
/// </summary>
public sealed partial class PaymentExpirySweeper(PaymentStore store, PaymentProcessor processor, TimeProvider clock,
    IOptions<GatewayOptions> options, ILogger<PaymentExpirySweeper> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            var expired = 0;
            foreach (var payment in store.All())
            {
                // Unlocked pre-check: a stale read only delays the expiry to the next tick; ExpireIfDue decides under the lock.
                if (PaymentLifecycle.IsPayable(payment.Status) && payment.ExpiresAt <= now && processor.ExpireIfDue(payment))
                {
                    expired++;
                }
            }

            if (expired > 0)
            {
                LogExpired(logger, expired);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unpaid payments")]
    private static partial void LogExpired(ILogger logger, int count);
}
