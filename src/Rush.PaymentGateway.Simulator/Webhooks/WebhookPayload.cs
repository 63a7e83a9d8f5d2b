namespace Rush.PaymentGateway.Simulator.Webhooks;

/// <summary>The JSON body of a webhook: <c>{"paymentId","status","teamSlug","timestamp","data":{...}}</c>.</summary>
public sealed record WebhookPayload(string PaymentId, string Status, string TeamSlug, DateTimeOffset Timestamp, WebhookData Data);
