using System.Text.Json.Serialization;
using Rush.PaymentGateway.Simulator.Payments;

namespace Rush.PaymentGateway.Simulator.Api;

/// <summary>Answer of <c>POST /PaymentInit/init</c>.</summary>
public sealed record InitResponse(
    bool Success,
    string PaymentId,
    string OrderId,
    PaymentStatus Status,
    long Amount,
    string Currency,
    [property: JsonPropertyName("paymentURL")] string PaymentUrl,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt);
