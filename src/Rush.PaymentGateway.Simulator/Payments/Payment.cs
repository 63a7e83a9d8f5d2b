namespace Rush.PaymentGateway.Simulator.Payments;

/// <summary>One registered payment. Mutable state is read and changed only under <see cref="Gate"/>.</summary>
public sealed class Payment
{
    /// <summary>Guards the mutable members below.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The gateway's id.</summary>
    public required string PaymentId { get; init; }

    /// <summary>The merchant's order id (unique per merchant: the idempotency key of init).</summary>
    public required string OrderId { get; init; }

    /// <summary>Amount in minor units.</summary>
    public required long Amount { get; init; }

    /// <summary>RUB, USD or EUR.</summary>
    public required string Currency { get; init; }

    /// <summary>Shown on the form.</summary>
    public string? Description { get; init; }

    /// <summary>Where the form sends the customer after a successful payment.</summary>
    public string? SuccessUrl { get; init; }

    /// <summary>Where the form sends the customer after a failed payment.</summary>
    public string? FailUrl { get; init; }

    /// <summary>Where webhooks go; none are sent without it.</summary>
    public string? NotificationUrl { get; init; }

    /// <summary>Registration time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this an unpaid payment expires.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Current status.</summary>
    public PaymentStatus Status { get; set; } = PaymentStatus.New;

    /// <summary>Time of the last status change.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set by confirm.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Why the payment failed, was rejected or expired.</summary>
    public string? FailureReason { get; set; }

    /// <summary>A consistent copy of the current state.</summary>
    public PaymentSnapshot Snapshot()
    {
        lock (Gate)
        {
            return new PaymentSnapshot(PaymentId, OrderId, Status, Amount, Currency, CreatedAt, UpdatedAt, ExpiresAt,
                ConfirmedAt, FailureReason, NotificationUrl);
        }
    }
}
