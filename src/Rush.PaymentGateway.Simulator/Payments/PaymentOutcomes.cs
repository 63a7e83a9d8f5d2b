namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>Maps outcomes to statuses, failure reasons and their wire names.</summary>
public static class PaymentOutcomes
{
    /// <summary>The acquiring failures a good card can meet (what the acquiring fault picks from).</summary>
    public static IReadOnlyList<PaymentOutcome> AcquiringFailures { get; } =
        [PaymentOutcome.NetworkError, PaymentOutcome.AuthorizationError, PaymentOutcome.SuspectedFraud, PaymentOutcome.No3DSecure];

    /// <summary>The status a payable payment moves to, and the failure reason (null on success).</summary>
    public static (PaymentStatus Status, string? Reason) Resolve(PaymentOutcome outcome) => outcome switch
    {
        PaymentOutcome.Success => (PaymentStatus.Authorized, null),
        PaymentOutcome.Declined => (PaymentStatus.Rejected, "card_declined"),
        PaymentOutcome.InsufficientFunds => (PaymentStatus.Rejected, "insufficient_funds"),
        PaymentOutcome.NetworkError => (PaymentStatus.Failed, "acquiring_network_error"),
        PaymentOutcome.AuthorizationError => (PaymentStatus.Failed, "acquiring_authorization_error"),
        PaymentOutcome.SuspectedFraud => (PaymentStatus.Rejected, "suspected_fraud"),
        PaymentOutcome.No3DSecure => (PaymentStatus.Rejected, "card_without_3ds"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>Parses an admin outcome name (<c>success</c>, <c>declined</c>, <c>insufficient_funds</c>, <c>network_error</c>, <c>authorization_error</c>, <c>fraud</c>, <c>no_3ds</c>).</summary>
    public static bool TryParse(string? name, out PaymentOutcome outcome)
    {
        PaymentOutcome? parsed = name?.Trim().ToUpperInvariant() switch
        {
            "SUCCESS" or "AUTHORIZED" => PaymentOutcome.Success,
            "DECLINED" => PaymentOutcome.Declined,
            "INSUFFICIENT_FUNDS" => PaymentOutcome.InsufficientFunds,
            "NETWORK_ERROR" => PaymentOutcome.NetworkError,
            "AUTHORIZATION_ERROR" => PaymentOutcome.AuthorizationError,
            "FRAUD" => PaymentOutcome.SuspectedFraud,
            "NO_3DS" => PaymentOutcome.No3DSecure,
            _ => null,
        };
        outcome = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
