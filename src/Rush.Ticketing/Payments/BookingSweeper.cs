using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Rush.Platform.Hosting;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Seats;
using StackExchange.Redis;

namespace Rush.Ticketing.Payments;

/// <summary>
/// The background sweeper (seed 002 "автоочистка"): lapses unpaid bookings after 15 minutes and
/// frees their seats, settles payments whose webhook never came by asking the gateway (PaymentCheck),
/// and retries refunds of late payments. Safe with several instances: each pass claims its rows
/// with <c>for update skip locked</c> and pushes them back (updated_at) so no two instances work on one.
/// </summary>
public sealed partial class BookingSweeper(
    NpgsqlDataSource db, BookingStore bookings, BookingTransitions transitions, SeatHolds holds, PaymentSettlement settlement,
    WebhookReceipts receipts, MerchantGateway gateway, GatewayBreaker breaker, IOptions<TicketingOptions> options, TimeProvider clock, ILogger<BookingSweeper> log)
    : BackgroundService
{
    private const int Batch = 200;

    /// <summary>What one pass did.</summary>
    public sealed record SweepReport(int ExpiredBookings, int CheckedPayments, int RefundsTried);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(BookingSweeper), options.Value.SweepInterval, clock, log, async ct =>
        {
            try
            {
                await SweepOnceAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or RedisException or TimeoutException)
            {
                LogSweepFailed(e.Message);
            }
        }, stoppingToken);

    /// <summary>One pass of all three duties (tests call it directly).</summary>
    public async Task<SweepReport> SweepOnceAsync(CancellationToken ct)
    {
        var expired = await ExpireCreatedAsync(ct);
        var checkedPayments = await ReconcilePaymentsAsync(ct);
        var refunds = await RetryRefundsAsync(ct);
        await receipts.PruneAsync(TimeProvider.System.GetUtcNow() - (2 * options.Value.WebhookMaxAge), ct);
        return new SweepReport(expired, checkedPayments, refunds);
    }

    // Bookings that never went to payment hold nothing in Postgres: lapsing them is one statement, then Redis.
    private async Task<int> ExpireCreatedAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            update bookings set status = 'cancelled', cancel_reason = 'expired', updated_at = $1
            where id in (select id from bookings where status = 'created' and expires_at <= $1
                         order by expires_at limit $2 for update skip locked)
            returning id
            """);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(Batch);
        var ids = await ReadIdsAsync(cmd, ct);

        foreach (var id in ids)
        {
            await holds.FreeAsync(id, Booking.Cancelled, []);
            TicketingMetrics.BookingEntered(Booking.Cancelled);
        }

        return ids.Count;
    }

    // Payments waiting longer than ReconcileAfter, or whose booking lapsed: ask the gateway, then settle or lapse.
    private async Task<int> ReconcilePaymentsAsync(CancellationToken ct)
    {
        var due = await ClaimPaymentsAsync("""
            with due as (
                select p.id from payment_transactions p join bookings b on b.id = p.booking_id
                where b.status = 'pending_payment' and p.status = 'pending' and (p.updated_at <= $2 or b.expires_at <= $1)
                order by p.updated_at limit $3 for update of p skip locked)
            update payment_transactions p set updated_at = $1 from due where p.id = due.id
            returning p.booking_id
            """, ct);

        foreach (var bookingId in due)
        {
            await ReconcileAsync(bookingId, ct);
        }

        return due.Count;
    }

    private async Task ReconcileAsync(long bookingId, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(bookingId, ct);
        var payment = await bookings.PaymentOfAsync(bookingId, ct);
        if (booking is null || payment is null)
        {
            return;
        }

        // Seed 002: with the breaker open the sweeper skips the gateway checks; a payment that still
        // completes later arrives as a late payment (re-take the seats or refund).
        if (!breaker.IsOpen)
        {
            try
            {
                var seen = await gateway.CheckAsync(payment, ct);
                if (seen is not null)
                {
                    if (payment.PaymentId is null)
                    {
                        await transitions.RecordInitAsync(payment.OrderId, seen.PaymentId, null, seen.Status, clock.GetUtcNow(), ct);
                    }

                    var applied = await settlement.ApplyAsync(payment, seen.PaymentId, seen.Status, ct);
                    if (applied != PaymentSettlement.Applied.Unchanged)
                    {
                        return;
                    }

                    payment = payment with { PaymentId = seen.PaymentId };
                }
            }
            catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
            {
                LogCheckFailed(bookingId, e.Message);
            }
        }

        if (booking.ExpiresAt <= clock.GetUtcNow())
        {
            await LapseAsync(booking, payment, ct);
        }
    }

    private async Task LapseAsync(Booking booking, PaymentRecord payment, CancellationToken ct)
    {
        if (payment.PaymentId is { } paymentId && !breaker.IsOpen)
        {
            try
            {
                await gateway.CancelAsync(payment, paymentId, "payment window expired", ct);
            }
            catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
            {
                LogCheckFailed(booking.Id, e.Message);
            }
        }

        var freed = await transitions.EndAsync(booking.Id, [Booking.PendingPayment], BookingTransitions.ExpiredReason, "expired", null, clock.GetUtcNow(), ct);
        if (freed is not null)
        {
            await holds.FreeAsync(booking.Id, Booking.Cancelled, freed);
            TicketingMetrics.BookingEntered(Booking.Cancelled);
            LogLapsed(booking.Id, freed.Count);
        }
    }

    private async Task<int> RetryRefundsAsync(CancellationToken ct)
    {
        if (breaker.IsOpen)
        {
            return 0;
        }

        var due = await ClaimPaymentsAsync("""
            with due as (
                select p.id from payment_transactions p join bookings b on b.id = p.booking_id
                where b.status = 'cancelled' and p.status = 'completed' and p.payment_id is not null and p.updated_at <= $2
                order by p.updated_at limit $3 for update of p skip locked)
            update payment_transactions p set updated_at = $1 from due where p.id = due.id
            returning p.booking_id
            """, ct);

        foreach (var bookingId in due)
        {
            try
            {
                await settlement.RefundLateAsync((await bookings.PaymentOfAsync(bookingId, ct))!, ct);
            }
            catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
            {
                LogCheckFailed(bookingId, e.Message);
            }
        }

        return due.Count;
    }

    // Claims due payments ($1 now, $2 now - ReconcileAfter, $3 batch) by pushing their updated_at to now,
    // so another instance's pass skips them; returns their bookings.
    private async Task<List<long>> ClaimPaymentsAsync(string sql, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(now - options.Value.ReconcileAfter);
        cmd.Parameters.AddWithValue(Batch);
        return await ReadIdsAsync(cmd, ct);
    }

    private static async Task<List<long>> ReadIdsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking sweep failed (will retry): {Reason}")]
    private partial void LogSweepFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking {BookingId}: gateway call from the sweeper failed: {Reason}")]
    private partial void LogCheckFailed(long bookingId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} lapsed unpaid; {Seats} seats freed")]
    private partial void LogLapsed(long bookingId, int seats);
}
