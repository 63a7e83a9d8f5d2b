namespace Rush.Ticketing.Bookings;

/// <summary>A booking row (seed 002 statuses <c>created</c>, <c>pending_payment</c>, <c>paid</c>, <c>cancelled</c>).</summary>
public sealed record Booking(
    long Id, long UserId, long EventId, string Status, decimal Amount,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? CancelReason)
{
    /// <summary>Just created: seats can be selected.</summary>
    public const string Created = "created";

    /// <summary>Seats reserved in Postgres, waiting for the gateway.</summary>
    public const string PendingPayment = "pending_payment";

    /// <summary>Paid: the seats are sold.</summary>
    public const string Paid = "paid";

    /// <summary>Cancelled by the user, expired, payment failed or refunded.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The gateway's order id for this booking: unique per booking, stable across retries.</summary>
    public string OrderId => FormattableString.Invariant($"booking-{Id}-{CreatedAt.ToUnixTimeSeconds()}");
}
