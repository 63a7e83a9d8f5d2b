using Microsoft.Extensions.Options;
using Rush.Platform.Identity;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Payments;
using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Bookings;

/// <summary><c>PATCH /api/bookings/cancel</c>: cancel an open booking, or refund a paid one up to 12 h before the event.</summary>
public sealed class BookingCancellation(
    BookingStore bookings, BookingTransitions transitions, SeatHolds holds, MerchantGateway gateway,
    IOptions<TicketingOptions> options, TimeProvider clock)
{
    /// <summary>Cancels the caller's booking; the answer is a status code with a problem code, or 200 with the refund flag.</summary>
    public async Task<(int Status, string? Code, string? Detail, bool Refunded)> CancelAsync(UserIdentity user, long bookingId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var booking = await bookings.FindAsync(bookingId, ct);
        if (booking is null)
        {
            return (404, "booking_not_found", $"There is no booking {bookingId}.", false);
        }

        if (booking.UserId != user.Id)
        {
            return (403, "forbidden", "This booking is not yours.", false);
        }

        return booking.Status switch
        {
            Booking.Cancelled => (200, null, null, false),
            Booking.Paid => await RefundAsync(booking, ct),
            _ => await EndOpenAsync(booking, ct),
        };
    }

    private async Task<(int, string?, string?, bool)> EndOpenAsync(Booking booking, CancellationToken ct)
    {
        var payment = await bookings.PaymentOfAsync(booking.Id, ct);
        if (payment?.PaymentId is { } paymentId)
        {
            try
            {
                await gateway.CancelAsync(payment, paymentId, "cancelled by the customer", ct);
            }
            catch (Exception e) when (e is GatewayUnavailableException or PaymentGatewayException or HttpRequestException)
            {
                // Cancel locally anyway: if the payment still completes, it arrives late and is refunded.
            }
        }

        var freed = await transitions.EndAsync(booking.Id, [Booking.Created, Booking.PendingPayment], "cancelled_by_user", "failed", null, clock.GetUtcNow(), ct);
        if (freed is null)
        {
            // It changed meanwhile (paid or cancelled by a concurrent call): answer for its new state.
            var now = await bookings.FindAsync(booking.Id, ct);
            return now?.Status == Booking.Cancelled ? (200, null, null, false) : (409, "booking_changed", "The booking was paid meanwhile; cancel again to refund it.", false);
        }

        await holds.FreeAsync(booking.Id, Booking.Cancelled, freed);
        TicketingMetrics.BookingEntered(Booking.Cancelled);
        return (200, null, null, false);
    }

    private async Task<(int, string?, string?, bool)> RefundAsync(Booking booking, CancellationToken ct)
    {
        var eventDate = await bookings.EventDateAsync(booking.EventId, ct);
        if (eventDate is null || eventDate.Value - clock.GetUtcNow() < options.Value.RefundCutoff)
        {
            return (409, "refund_window_closed", $"Paid bookings can be refunded until {options.Value.RefundCutoff.TotalHours:0} h before the event.", false);
        }

        var payment = await bookings.PaymentOfAsync(booking.Id, ct);
        if (payment?.PaymentId is not { } paymentId)
        {
            return (409, "no_payment", "This booking has no gateway payment to refund.", false);
        }

        try
        {
            await gateway.CancelAsync(payment, paymentId, "refund requested by the customer", ct);
        }
        catch (GatewayUnavailableException)
        {
            return (503, "payments_unavailable", "The payment gateway is failing; refunds are paused for a moment. Retry later.", false);
        }
        catch (Exception e) when (e is PaymentGatewayException or HttpRequestException)
        {
            return (502, "gateway_error", $"The payment gateway did not refund ({e.Message}); the booking stays paid. Retry later.", false);
        }

        var freed = await transitions.EndAsync(booking.Id, [Booking.Paid], "refunded", "refunded", GatewayPaymentStatus.Refunded, clock.GetUtcNow(), ct);
        if (freed is not null)
        {
            await holds.FreeAsync(booking.Id, Booking.Cancelled, freed);
            TicketingMetrics.BookingEntered(Booking.Cancelled);
        }

        return (200, null, null, true);
    }
}
