using System.Text.Json.Serialization;

namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>The <c>data</c> object of a webhook (snake_case, as the gateway's <c>failure_reason</c>).</summary>
public sealed record WebhookData(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("gateway_status")] string GatewayStatus,
    [property: JsonPropertyName("failure_reason")] string? FailureReason);
