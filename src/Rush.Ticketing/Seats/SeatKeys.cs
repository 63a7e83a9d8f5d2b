using System.Globalization;

namespace Rush.Ticketing.Seats;

/// <summary>Redis key names of seats and bookings (seed 002: <c>seat:{id}</c>).</summary>
public static class SeatKeys
{
    /// <summary>Holder of a seat: the booking id (hold, reservation or sale).</summary>
    public static string Seat(long seatId) => string.Create(CultureInfo.InvariantCulture, $"seat:{seatId}");

    /// <summary>Mirror of a booking's owner, event and status, read by the hold script.</summary>
    public static string Booking(long bookingId) => string.Create(CultureInfo.InvariantCulture, $"booking:{bookingId}");

    /// <summary>Seats a booking selected (members may have lapsed; their <c>seat:{id}</c> decides).</summary>
    public static string BookingSeats(long bookingId) => string.Create(CultureInfo.InvariantCulture, $"booking:{bookingId}:seats");

    /// <summary>Live holds of an event (seat id scored by expiry, Redis ms): what a FREE seat list leaves out.</summary>
    public static string Held(long eventId) => string.Create(CultureInfo.InvariantCulture, $"seats:held:{eventId}");

    /// <summary>Seats of an event just offered first to some caller (scored by expiry), see <c>seat-offer.lua</c>.</summary>
    public static string Offered(long eventId) => string.Create(CultureInfo.InvariantCulture, $"seats:offered:{eventId}");

    /// <summary>The caller a seat was just offered to.</summary>
    public static string Offer(long seatId) => string.Create(CultureInfo.InvariantCulture, $"seat:offer:{seatId}");
}
