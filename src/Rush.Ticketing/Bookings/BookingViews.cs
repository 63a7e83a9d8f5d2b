using Rush.Ticketing.Seats;

namespace Rush.Ticketing.Bookings;

/// <summary>Builds what <c>GET /api/bookings</c> shows: each booking with its seats (live holds or reserved/sold ones) and payment.</summary>
public sealed class BookingViews(BookingStore bookings, SeatHolds holds, SeatLayout layout)
{
    /// <summary>The user's latest bookings, newest first.</summary>
    public async Task<List<BookingView>> ListAsync(long userId, int limit, CancellationToken ct)
    {
        var list = await bookings.ListAsync(userId, limit, ct);
        var ids = list.Select(b => b.Id).ToList();
        var taken = await bookings.SeatsOfAsync(ids, ct);
        var payments = await bookings.PaymentsOfAsync(ids, ct);
        var views = new List<BookingView>(list.Count);
        foreach (var booking in list)
        {
            // A booking still being filled owns only its live holds; later ones own what Postgres recorded.
            var (seatIds, status) = booking.Status == Booking.Created
                ? (await holds.LiveSelectionAsync(booking.Id), "SELECTED")
                : (taken[booking.Id].ToList(), booking.Status == Booking.Paid ? "SOLD" : booking.Status == Booking.PendingPayment ? "RESERVED" : "FREE");
            var seats = new List<SeatView>(seatIds.Count);
            foreach (var seatId in seatIds)
            {
                if (await layout.FindAsync(seatId, ct) is { } place)
                {
                    seats.Add(new SeatView(place.Id, place.Zone, place.Row, place.Number, place.Price, status));
                }
            }

            views.Add(new BookingView(booking.Id, booking.EventId, booking.Status, booking.Amount, booking.CreatedAt, booking.ExpiresAt,
                booking.CancelReason, seats, ToView(payments.GetValueOrDefault(booking.Id))));
        }

        return views;
    }

    /// <summary>The public view of a payment.</summary>
    public static PaymentView? ToView(PaymentRecord? payment) =>
        payment is null ? null : new PaymentView(payment.PaymentId, payment.Status, payment.GatewayStatus, payment.Amount, payment.PaymentUrl);
}
