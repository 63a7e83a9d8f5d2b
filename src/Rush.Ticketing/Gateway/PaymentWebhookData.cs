using System.Text.Json.Serialization;

namespace Rush.Ticketing.Gateway;

/// <summary>The <c>data</c> object of a webhook (snake_case on the wire).</summary>
public sealed record PaymentWebhookData(
    [property: JsonPropertyName("order_id")] string? OrderId,
    [property: JsonPropertyName("amount")] long? Amount,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("gateway_status")] string? GatewayStatus,
    [property: JsonPropertyName("failure_reason")] string? FailureReason);
