using System.Diagnostics.Metrics;
using Rush.Platform.Observability;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing;

/// <summary>The on-sale's business metrics: holds, sales, booking transitions.</summary>
public static class TicketingMetrics
{
    private static readonly Counter<long> Holds = RushMeter.Instance.CreateCounter<long>(
        "rush.ticketing.seat_holds", "{hold}", "Seat hold attempts by result (held, taken, refused).");

    private static readonly Counter<long> Sold = RushMeter.Instance.CreateCounter<long>(
        "rush.ticketing.seats_sold", "{seat}", "Seats sold (bookings paid).");

    private static readonly Counter<long> Bookings = RushMeter.Instance.CreateCounter<long>(
        "rush.ticketing.bookings", "{booking}", "Bookings entering a status (created, pending_payment, paid, cancelled).");

    /// <summary>Counts a hold attempt.</summary>
    public static void Hold(string result) => Holds.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts seats sold.</summary>
    public static void SeatsSold(int seats) => Sold.Add(seats);

    /// <summary>Counts a booking entering <paramref name="status"/>.</summary>
    public static void BookingEntered(string status) => Bookings.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>Holds by result, bookings by status and seats sold at 0, so every series exists from start-up.</summary>
    public static void AnnounceKnownSeries()
    {
        foreach (var result in new[] { "held", "taken", "refused" })
        {
            Holds.Add(0, new KeyValuePair<string, object?>("result", result));
        }

        foreach (var status in new[] { Booking.Created, Booking.PendingPayment, Booking.Paid, Booking.Cancelled })
        {
            Bookings.Add(0, new KeyValuePair<string, object?>("status", status));
        }

        Sold.Add(0);
    }
}
