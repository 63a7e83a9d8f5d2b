using System.Text.Json.Serialization;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Body of <c>POST /PaymentInit/init</c>.</summary>
public sealed record InitRequest
{
    /// <summary>The merchant.</summary>
    public string? TeamSlug { get; init; }

    /// <summary>SHA-256 of Amount + Currency + OrderId + Password + TeamSlug.</summary>
    public string? Token { get; init; }

    /// <summary>Minor units.</summary>
    public long? Amount { get; init; }

    /// <summary>The merchant's order id, the idempotency key.</summary>
    public string? OrderId { get; init; }

    /// <summary>RUB, USD or EUR.</summary>
    public string? Currency { get; init; }

    /// <summary>Shown on the form.</summary>
    public string? Description { get; init; }

    /// <summary>Where the customer goes after paying.</summary>
    [JsonPropertyName("successURL")]
    public string? SuccessUrl { get; init; }

    /// <summary>Where the customer goes when the payment fails.</summary>
    [JsonPropertyName("failURL")]
    public string? FailUrl { get; init; }

    /// <summary>Where webhooks go.</summary>
    [JsonPropertyName("notificationURL")]
    public string? NotificationUrl { get; init; }

    /// <summary>Minutes until an unpaid payment expires.</summary>
    public int? PaymentExpiry { get; init; }

    /// <summary>The customer's e-mail (receipts).</summary>
    public string? Email { get; init; }

    /// <summary>Form language, ru or en.</summary>
    public string? Language { get; init; }
}
