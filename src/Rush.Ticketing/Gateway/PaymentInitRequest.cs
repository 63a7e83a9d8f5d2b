namespace Rush.Ticketing.Gateway;

/// <summary>A payment to register; <see cref="OrderId"/> is the idempotency key (re-sending it returns the same payment).</summary>
public sealed record PaymentInitRequest
{
    /// <summary>Amount in minor units.</summary>
    public required long Amount { get; init; }

    /// <summary>RUB, USD or EUR.</summary>
    public required string Currency { get; init; }

    /// <summary>The merchant's order id; stable across retries.</summary>
    public required string OrderId { get; init; }

    /// <summary>Shown to the customer.</summary>
    public string? Description { get; init; }

    /// <summary>Where the customer returns after paying.</summary>
    public Uri? SuccessUrl { get; init; }

    /// <summary>Where the customer returns when the payment fails.</summary>
    public Uri? FailUrl { get; init; }

    /// <summary>Where the gateway sends webhooks.</summary>
    public Uri? NotificationUrl { get; init; }

    /// <summary>Minutes until an unpaid payment expires; the gateway's default when null.</summary>
    public int? PaymentExpiryMinutes { get; init; }

    /// <summary>The customer's e-mail.</summary>
    public string? Email { get; init; }

    /// <summary>Form language (ru, en).</summary>
    public string? Language { get; init; }
}
