using System.Text.Json.Serialization;

namespace Rush.Ticketing.Gateway;

/// <summary>A registered payment and where the customer pays it.</summary>
public sealed record PaymentInitResult(
    string PaymentId,
    string OrderId,
    string Status,
    long Amount,
    string Currency,
    [property: JsonPropertyName("paymentURL")] Uri PaymentUrl,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt);
