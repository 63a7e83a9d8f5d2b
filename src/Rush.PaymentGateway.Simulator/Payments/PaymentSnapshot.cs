namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>An immutable copy of a payment's state at one moment.</summary>
public sealed record PaymentSnapshot(
    string PaymentId,
    string OrderId,
    PaymentStatus Status,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    string? FailureReason,
    string? NotificationUrl);
