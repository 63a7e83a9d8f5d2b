using System.Globalization;
using Microsoft.Extensions.Logging;
using Rush.Platform.Leaderboards;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Payments;

/// <summary>Applies what the gateway says about a payment to its booking: from a webhook, a callback checked with the gateway, or the reconciler.</summary>
/// <remarks>
/// Idempotent and order-tolerant: every transition is conditional on the booking's current state in
/// Postgres, so a replayed, duplicated or late status changes nothing it should not. A payment the
/// merchant must confirm (AUTHORIZED) is confirmed here; a payment that arrives after its booking
/// lapsed either re-takes the seats or is refunded.
/// </remarks>
public sealed partial class PaymentSettlement(
    BookingStore bookings, BookingTransitions transitions, SeatHolds holds, MerchantGateway gateway, Leaderboard leaderboard, TimeProvider clock,
    ILogger<PaymentSettlement> log)
{
    /// <summary>What applying a status did, for logs and answers.</summary>
    public enum Applied
    {
        /// <summary>Unknown payment.</summary>
        Unknown,

        /// <summary>Nothing to change (non-final status, or already applied).</summary>
        Unchanged,

        /// <summary>The booking is now paid.</summary>
        Paid,

        /// <summary>The booking is cancelled and its seats are free again.</summary>
        Failed,

        /// <summary>Paid too late for taken seats: the money goes back.</summary>
        Refunded,
    }

    /// <summary>
    /// Applies <paramref name="status"/> (gateway or webhook spelling) to a payment Rush has no record of under
    /// <paramref name="paymentId"/>: a webhook can beat our own record of the init answer, so the order id finds it.
    /// </summary>
    public async Task<Applied> ApplyUnrecordedAsync(string paymentId, string? orderId, string status, CancellationToken ct)
    {
        if (orderId is null || await bookings.PaymentByOrderAsync(orderId, ct) is not { } byOrder)
        {
            return Applied.Unknown;
        }

        await transitions.RecordInitAsync(orderId, paymentId, null, status, clock.GetUtcNow(), ct);
        return await ApplyAsync(byOrder with { PaymentId = paymentId }, paymentId, status, ct);
    }

    /// <summary>Applies <paramref name="status"/> to a known payment.</summary>
    public Task<Applied> ApplyAsync(PaymentRecord payment, string paymentId, string status, CancellationToken ct) =>
        ApplyAsync(payment, null, paymentId, status, ct);

    /// <summary>Applies <paramref name="status"/> to a known payment whose booking was read just before (null: not read).</summary>
    /// <remarks>
    /// A booking read as paid is not settled again: paid is final, so settling would change nothing (the second
    /// webhook of every sale). Anything else is decided under the booking's row lock as always.
    /// </remarks>
    public async Task<Applied> ApplyAsync(PaymentRecord payment, Booking? booking, string paymentId, string status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var now = clock.GetUtcNow();
        switch (Normalize(status))
        {
            case GatewayPaymentStatus.Confirmed when booking?.Status == Booking.Paid:
                return Applied.Unchanged;
            case GatewayPaymentStatus.Confirmed:
                return await SettlePaidAsync(payment, paymentId, ct);
            case GatewayPaymentStatus.Authorized:
                return await ConfirmAuthorizedAsync(payment, booking ?? await bookings.FindAsync(payment.BookingId, ct), paymentId, ct);
            case var final when GatewayPaymentStatus.IsUnpaidFinal(final):
                var freed = await transitions.EndAsync(payment.BookingId, [Booking.PendingPayment], "payment_" + final.ToLowerInvariant(),
                    final == GatewayPaymentStatus.Expired ? "expired" : "failed", final, now, ct);
                if (freed is null)
                {
                    return Applied.Unchanged;
                }

                await holds.FreeAsync(payment.BookingId, Booking.Cancelled, freed);
                LogFailed(payment.BookingId, final);
                return Applied.Failed;
            default:
                await transitions.RecordGatewayStatusAsync(payment.BookingId, Normalize(status), now, ct);
                return Applied.Unchanged;
        }
    }

    // The merchant takes the money of an authorised payment (docs/payment-gateway.md). For a booking that is
    // waiting, or that lapsed unpaid (a late payment: its seats may still be free), confirm and settle;
    // settling re-takes the seats or refunds. For a booking the buyer cancelled, void the authorisation.
    private async Task<Applied> ConfirmAuthorizedAsync(PaymentRecord payment, Booking? booking, string paymentId, CancellationToken ct)
    {
        if (booking is null || booking.Status == Booking.Paid)
        {
            return Applied.Unchanged;
        }

        if (booking.Status == Booking.PendingPayment || booking.CancelReason == BookingTransitions.ExpiredReason)
        {
            // AUTHORIZED is recorded only when the confirm did not go through (the payment then waits for the reconciler):
            // after a confirm, the settlement records CONFIRMED at once, so recording AUTHORIZED first cost every sale
            // a commit that nobody read.
            try
            {
                await gateway.ConfirmAsync(payment, paymentId, ct);
            }
            catch
            {
                await transitions.RecordGatewayStatusAsync(payment.BookingId, GatewayPaymentStatus.Authorized, clock.GetUtcNow(), CancellationToken.None);
                throw;
            }

            return await SettlePaidAsync(payment, paymentId, ct);
        }

        await gateway.CancelAsync(payment, paymentId, "booking cancelled before payment", ct);
        return Applied.Unchanged;
    }

    /// <summary>Gives back the money of a payment that came after its seats were gone (retried by the reconciler until it works).</summary>
    public async Task RefundLateAsync(PaymentRecord payment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.PaymentId is null)
        {
            return;
        }

        await gateway.CancelAsync(payment, payment.PaymentId, "late payment: the seats were sold meanwhile", ct);
        await transitions.MarkRefundedAsync(payment.BookingId, clock.GetUtcNow(), ct);
        LogRefunded(payment.BookingId);
    }

    private async Task<Applied> SettlePaidAsync(PaymentRecord payment, string paymentId, CancellationToken ct)
    {
        var result = await transitions.SettlePaidAsync(payment.BookingId, GatewayPaymentStatus.Confirmed, clock.GetUtcNow(), ct);
        switch (result.Outcome)
        {
            case SettleOutcome.Paid or SettleOutcome.PaidLate:
                await holds.ClaimAsync(payment.BookingId, Booking.Paid, result.SoldSeats, sold: true);
                TicketingMetrics.SeatsSold(result.SoldSeats.Count);
                TicketingMetrics.BookingEntered(Booking.Paid);
                await FeedTopEventsAsync(payment.BookingId, result.EventId, result.SoldSeats.Count, ct);
                LogPaid(payment.BookingId, result.SoldSeats.Count, result.Outcome == SettleOutcome.PaidLate);
                return Applied.Paid;
            case SettleOutcome.RefundNeeded:
                try
                {
                    await RefundLateAsync(payment with { PaymentId = paymentId }, ct);
                }
                catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
                {
                    // The payment stays 'completed' on a cancelled booking: the reconciler retries the refund.
                    LogRefundDeferred(payment.BookingId, e.Message);
                }

                return Applied.Refunded;
            default:
                return result.Outcome == SettleOutcome.Unknown ? Applied.Unknown : Applied.Unchanged;
        }
    }

    // The "events" leaderboard (TicketingBoards): tickets sold per event. Runs once per booking (only the
    // transition that made it paid gets here); the common settlement already knows the event.
    private async Task FeedTopEventsAsync(long bookingId, long? eventId, int seats, CancellationToken ct)
    {
        if ((eventId ?? (await bookings.FindAsync(bookingId, ct))?.EventId) is { } known)
        {
            await leaderboard.AddAsync(TicketingBoards.Events, known.ToString(CultureInfo.InvariantCulture), seats);
        }
    }

    // Webhooks say completed/failed, the check API and seed 002 CONFIRMED/FAILED: one vocabulary here.
    private static string Normalize(string status) => status.ToUpperInvariant() switch
    {
        "COMPLETED" => GatewayPaymentStatus.Confirmed,
        var upper => upper,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} paid: {Seats} seats sold (late: {Late})")]
    private partial void LogPaid(long bookingId, int seats, bool late);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} cancelled: payment {GatewayStatus}")]
    private partial void LogFailed(long bookingId, string gatewayStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking {BookingId}: late payment refund deferred to the reconciler: {Reason}")]
    private partial void LogRefundDeferred(long bookingId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking {BookingId}: late payment refunded, its seats had been sold meanwhile")]
    private partial void LogRefunded(long bookingId);
}
