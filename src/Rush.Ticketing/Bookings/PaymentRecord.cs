namespace Rush.Ticketing.Bookings;

/// <summary>A booking's payment at the gateway (<c>payment_transactions</c>).</summary>
/// <param name="Status">Ours: <c>pending</c>, <c>completed</c>, <c>failed</c>, <c>expired</c>, <c>refunded</c>.</param>
/// <param name="GatewayStatus">The gateway's last known status (NEW, AUTHORIZED, CONFIRMED, ...), if any.</param>
public sealed record PaymentRecord(
    long BookingId, string OrderId, string? PaymentId, string? PaymentUrl, string Status, string? GatewayStatus,
    decimal Amount, DateTimeOffset UpdatedAt);
