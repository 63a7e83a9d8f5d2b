namespace Rush.Ticketing.Seats;

/// <summary>What the hold and release scripts answered.</summary>
public enum HoldOutcome
{
    /// <summary>The seat is held by the booking (new or refreshed hold).</summary>
    Held,

    /// <summary>The seat was released.</summary>
    Released,

    /// <summary>Another booking holds, reserved or bought the seat.</summary>
    Taken,

    /// <summary>The seat is not held by the booking the caller named.</summary>
    NotHeld,

    /// <summary>The booking's Redis mirror is missing (expired or Redis restarted).</summary>
    NoBooking,

    /// <summary>The booking belongs to someone else.</summary>
    NotOwner,

    /// <summary>The seat belongs to a different event than the booking.</summary>
    WrongEvent,

    /// <summary>The booking is no longer in status <c>created</c>.</summary>
    NotOpen,

    /// <summary>The booking already holds the most seats allowed.</summary>
    Limit,
}
