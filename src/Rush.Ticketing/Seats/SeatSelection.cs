using Rush.Platform.Identity;
using Rush.Ticketing.Bookings;

namespace Rush.Ticketing.Seats;

/// <summary><c>PATCH /api/seats/select</c> and <c>/release</c>: holds through Redis, checked against the booking.</summary>
public sealed class SeatSelection(SeatLayout layout, SeatHolds holds, BookingStore bookings, SeatResync resync)
{
    /// <summary>Holds a seat for the caller's booking.</summary>
    public async Task<HoldOutcome?> SelectAsync(UserIdentity user, long bookingId, long seatId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var seat = await layout.FindAsync(seatId, ct);
        if (seat is null)
        {
            return null;
        }

        // Until Redis is resynced after an outage or failover, Postgres's RESERVED/SOLD wins over a stale Redis.
        if (await resync.RefusesAsync(seatId, ct))
        {
            TicketingMetrics.Hold("taken");
            return HoldOutcome.Taken;
        }

        var outcome = await holds.HoldAsync(bookingId, user.Id, seatId, seat.EventId);
        if (outcome == HoldOutcome.NoBooking && await RestoreMirrorAsync(bookingId, ct))
        {
            outcome = await holds.HoldAsync(bookingId, user.Id, seatId, seat.EventId);
        }

        TicketingMetrics.Hold(outcome == HoldOutcome.Held ? "held" : outcome == HoldOutcome.Taken ? "taken" : "refused");
        return outcome;
    }

    /// <summary>Releases a held seat if its holder is one of the caller's open bookings.</summary>
    public async Task<HoldOutcome> ReleaseAsync(UserIdentity user, long seatId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var seat = await layout.FindAsync(seatId, ct);
        var holders = await holds.HoldersAsync([seatId]);
        return seat is not null && holders[0] is { } bookingId ? await holds.ReleaseAsync(bookingId, user.Id, seatId, seat.EventId) : HoldOutcome.NotHeld;
    }

    // The mirror is missing when Redis lost it (restart, failover) or it expired: Postgres knows the booking.
    private async Task<bool> RestoreMirrorAsync(long bookingId, CancellationToken ct)
    {
        var booking = await bookings.FindAsync(bookingId, ct);
        if (booking is null)
        {
            return false;
        }

        await holds.MirrorAsync(new BookingMirror(booking.Id, booking.UserId, booking.EventId, booking.Status));
        return true;
    }
}
