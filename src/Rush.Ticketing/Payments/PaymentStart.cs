using Microsoft.Extensions.Options;
using Rush.Platform.Identity;
using Rush.Ticketing.Bookings;
using Rush.Ticketing.Gateway;
using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Payments;

/// <summary><c>PATCH /api/bookings/initiatePayment</c>: reserve the held seats in Postgres, then register the payment.</summary>
/// <remarks>
/// Order matters: the seats are made RESERVED (the final word) before the gateway is asked for
/// money, so no one can pay for a seat the database would not give them. If the gateway then fails,
/// the booking stays pending_payment with its seats reserved and the same call can be repeated: the
/// order id is stable, so the gateway returns the payment it may already have registered. Unpaid, the
/// booking lapses after <see cref="TicketingOptions.UnpaidBookingTtl"/> (sweeper).
/// </remarks>
public sealed class PaymentStart(
    BookingStore bookings, BookingTransitions transitions, SeatHolds holds, MerchantGateway gateway, GatewayBreaker breaker,
    IOptions<TicketingOptions> options, TimeProvider clock)
{
    /// <summary>Starts (or returns the already started) payment of the caller's booking.</summary>
    public async Task<PaymentStartResult> StartAsync(UserIdentity user, long bookingId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var booking = await bookings.FindAsync(bookingId, ct);
        if (booking is null)
        {
            return PaymentStartResult.Refused(404, "booking_not_found", $"There is no booking {bookingId}.");
        }

        if (booking.UserId != user.Id)
        {
            return PaymentStartResult.Forbidden;
        }

        if (booking.Status == Booking.Created)
        {
            var reserved = await ReserveAsync(booking, ct);
            if (reserved is not null)
            {
                return reserved;
            }

            booking = (await bookings.FindAsync(bookingId, ct))!;
        }

        return booking.Status switch
        {
            Booking.PendingPayment => await InitAsync(booking, user, ct),
            Booking.Paid => PaymentStartResult.Refused(409, "already_paid", "This booking is already paid."),
            _ => PaymentStartResult.Refused(409, "booking_cancelled", "This booking was cancelled; create a new one."),
        };
    }

    // Returns a refusal, or null when the booking is now pending_payment (by us or a concurrent call).
    private async Task<PaymentStartResult?> ReserveAsync(Booking booking, CancellationToken ct)
    {
        if (breaker.IsOpen)
        {
            return Unavailable();
        }

        var seats = await holds.LiveSelectionAsync(booking.Id);
        if (seats.Count == 0)
        {
            return PaymentStartResult.Refused(400, "no_seats", "Select at least one seat (PATCH /api/seats/select) before paying; holds last 5 minutes.");
        }

        var now = clock.GetUtcNow();
        var result = await transitions.ReserveAsync(booking, seats, now, now + options.Value.UnpaidBookingTtl, ct);
        if (result.TakenSeats.Count > 0)
        {
            return PaymentStartResult.Refused(419, "seat_taken",
                $"Seat(s) {string.Join(", ", result.TakenSeats)} were sold or reserved meanwhile; release them and choose others.");
        }

        if (result.Status == Booking.PendingPayment)
        {
            await holds.ClaimAsync(booking.Id, Booking.PendingPayment, seats, sold: false);
            TicketingMetrics.BookingEntered(Booking.PendingPayment);
        }

        return null;
    }

    private async Task<PaymentStartResult> InitAsync(Booking booking, UserIdentity user, CancellationToken ct)
    {
        var payment = await bookings.PaymentOfAsync(booking.Id, ct);
        if (payment is { PaymentId: { } id, PaymentUrl: { } url })
        {
            return PaymentStartResult.Started(booking.Id, id, url, payment.Amount);
        }

        try
        {
            var init = await gateway.InitAsync(booking, payment?.Amount ?? booking.Amount, user.Email, ct);
            await transitions.RecordInitAsync(booking.OrderId, init.PaymentId, init.PaymentUrl.ToString(), init.Status, clock.GetUtcNow(), ct);
            return PaymentStartResult.Started(booking.Id, init.PaymentId, init.PaymentUrl.ToString(), payment?.Amount ?? booking.Amount);
        }
        catch (GatewayUnavailableException)
        {
            return Unavailable();
        }
        catch (Exception e) when (e is PaymentGatewayException or HttpRequestException)
        {
            return PaymentStartResult.Refused(502, "gateway_error",
                $"The payment gateway failed ({e.Message}); your seats stay reserved, retry initiatePayment.");
        }
    }

    private static PaymentStartResult Unavailable() =>
        PaymentStartResult.Refused(503, "payments_unavailable", "The payment gateway is failing; payments are paused for a moment (circuit breaker open). Retry later.");
}

/// <summary>Outcome of <see cref="PaymentStart.StartAsync"/>: a started payment or a refusal (status, code, detail).</summary>
public sealed record PaymentStartResult(int Status, string? Code, string? Detail, long BookingId, string? PaymentId, string? PaymentUrl, decimal Amount)
{
    /// <summary>Another user's booking: 403 that says nothing more.</summary>
    public static PaymentStartResult Forbidden { get; } = Refused(403, "forbidden", "This booking is not yours.");

    /// <summary>A refusal.</summary>
    public static PaymentStartResult Refused(int status, string code, string detail) => new(status, code, detail, 0, null, null, 0m);

    /// <summary>A started payment.</summary>
    public static PaymentStartResult Started(long bookingId, string paymentId, string paymentUrl, decimal amount) =>
        new(200, null, null, bookingId, paymentId, paymentUrl, amount);
}
