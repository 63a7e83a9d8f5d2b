using System.ComponentModel.DataAnnotations;
using Rush.PaymentGateway.Simulator.Webhooks;

namespace Rush.PaymentGateway.Simulator;

/// <summary>The merchant the simulator serves and how it behaves (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>The merchant's team slug (its login).</summary>
    [Required(ErrorMessage = "Gateway:TeamSlug is required (e.g. Gateway__TeamSlug=rush).")]
    public string TeamSlug { get; set; } = "";

    /// <summary>The merchant's password, part of every token; comes from the environment, never from a file in git.</summary>
    [Required(ErrorMessage = "Gateway:Password is required (e.g. Gateway__Password=...).")]
    public string Password { get; set; } = "";

    /// <summary>HMAC-SHA256 key of the <c>X-Webhook-Signature</c> header.</summary>
    [Required(ErrorMessage = "Gateway:WebhookSecret is required (e.g. Gateway__WebhookSecret=...).")]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Bearer token of the <c>/admin</c> routes (test and benchmark controls); from the environment like the password.</summary>
    [Required(ErrorMessage = "Gateway:AdminToken is required (e.g. Gateway__AdminToken=...).")]
    [MinLength(16, ErrorMessage = "Gateway:AdminToken must be at least 16 characters.")]
    public string AdminToken { get; set; } = "";

    /// <summary>Lifetime of a payment when the init call gives no <c>paymentExpiry</c>.</summary>
    [Range(1, 43200)]
    public int DefaultPaymentExpiryMinutes { get; set; } = 15;

    /// <summary>How final states are spelled in webhooks: <c>completed</c>/<c>failed</c> or <c>CONFIRMED</c>/<c>FAILED</c>.</summary>
    public FinalStatusSpelling WebhookFinalStatusSpelling { get; set; } = FinalStatusSpelling.Lowercase;

    /// <summary>Deliveries of one webhook before it is given up.</summary>
    [Range(1, 20)]
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>How long one delivery attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause after the first failed attempt; it doubles per attempt up to 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often unpaid payments past their expiry are moved to <c>EXPIRED</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Base of the <c>paymentURL</c> handed out; empty means the address the init call came to.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }
}
