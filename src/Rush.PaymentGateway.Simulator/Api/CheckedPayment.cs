using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>One payment as the check call (and the admin view) shows it.</summary>
public sealed record CheckedPayment(
    string PaymentId,
    string OrderId,
    PaymentStatus Status,
    long Amount,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    string? FailureReason)
{
    /// <summary>The view of a snapshot.</summary>
    public static CheckedPayment From(PaymentSnapshot p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.PaymentId, p.OrderId, p.Status, p.Amount, p.Currency, p.CreatedAt, p.UpdatedAt, p.ExpiresAt, p.ConfirmedAt, p.FailureReason);
    }
}
