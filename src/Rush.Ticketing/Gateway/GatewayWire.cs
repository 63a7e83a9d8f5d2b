using System.Text.Json.Serialization;

namespace Rush.Ticketing.Gateway;

/// <summary>Request bodies as the gateway expects them (camelCase, its own spelling of the URL fields).</summary>
internal static class GatewayWire
{
    internal sealed record Init(
        string TeamSlug,
        string Token,
        long Amount,
        string OrderId,
        string Currency,
        string? Description,
        [property: JsonPropertyName("successURL")] Uri? SuccessUrl,
        [property: JsonPropertyName("failURL")] Uri? FailUrl,
        [property: JsonPropertyName("notificationURL")] Uri? NotificationUrl,
        int? PaymentExpiry,
        string? Email,
        string? Language);

    internal sealed record Check(string TeamSlug, string Token, string? PaymentId, string? OrderId);

    internal sealed record Confirm(string TeamSlug, string Token, string PaymentId, long Amount);

    internal sealed record Cancel(string TeamSlug, string Token, string PaymentId, long Amount, string? Reason);

    /// <summary>The envelope every answer has; error answers fill the code and message.</summary>
    internal sealed record Envelope(bool Success, string? ErrorCode, string? Message);
}
