using System.Text.Json;

namespace Rush.Ticketing.Gateway;

/// <summary>
/// A webhook body: <c>{"paymentId","status","teamSlug","timestamp","data":{...}}</c>. Final outcomes come as
/// <c>completed</c>/<c>failed</c> or, from seed 002's gateway, <c>CONFIRMED</c>/<c>FAILED</c>: both are accepted.
/// </summary>
public sealed record PaymentWebhook(string PaymentId, string Status, string? TeamSlug, DateTimeOffset? Timestamp, PaymentWebhookData? Data)
{
    /// <summary>Money taken (<c>completed</c> or <c>CONFIRMED</c>).</summary>
    public bool IsCompleted => Status.Equals("completed", StringComparison.OrdinalIgnoreCase)
        || Status.Equals(GatewayPaymentStatus.Confirmed, StringComparison.OrdinalIgnoreCase);

    /// <summary>The payment failed for good (<c>failed</c> or <c>FAILED</c>; the reason is in <see cref="PaymentWebhookData.FailureReason"/>).</summary>
    public bool IsFailed => Status.Equals("failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a (verified) body; null when it is not a webhook.</summary>
    public static PaymentWebhook? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var webhook = JsonSerializer.Deserialize(body, PaymentGatewayJson.Default.PaymentWebhook);
            return webhook is { PaymentId.Length: > 0, Status.Length: > 0 } ? webhook : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
