namespace Rush.Ticketing.Gateway;

/// <summary>A payment as the check call reports it; <see cref="Status"/> is one of <see cref="GatewayPaymentStatus"/>.</summary>
public sealed record GatewayPayment(
    string PaymentId,
    string OrderId,
    string Status,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt);
